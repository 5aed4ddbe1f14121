from pathlib import Path

from django.core.management.base import BaseCommand

from giamsat.ops.backup import backup_write


class Command(BaseCommand):
    help = "Sao lưu nhất quán CSDL và tệp tải lên vào một tệp .tar.gz (máy chủ vẫn chạy bình thường)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        manifest = backup_write(Path(file))
        self.stdout.write(f"Đã sao lưu vào {file}: CSDL {manifest['database']['bytes']:,} byte, "
                          f"{len(manifest['files'])} tệp.")
