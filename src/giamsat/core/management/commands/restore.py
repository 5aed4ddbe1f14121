from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from giamsat.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Khôi phục một hệ thống trống từ bản sao lưu (kiểm tra mã băm trước khi ghi)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            manifest = restore(Path(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã khôi phục bản sao lưu lập lúc {manifest['created']} ({manifest['engine']}), "
                          f"{len(manifest['files'])} tệp.")
