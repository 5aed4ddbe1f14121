from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from giamsat.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Khôi phục một hệ thống trống từ bản sao lưu (kiểm tra chữ ký và mã băm trước khi ghi; cần cùng "
            "khóa GIAMSAT_BACKUP_KEY/SECRET_KEY với hệ thống đã sao lưu).")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--accept-unsigned", action="store_true",
                            help="nhận cả bản sao lưu cũ chưa có chữ ký (chỉ khi chắc chắn nó chưa bị sửa)")

    def handle(self, *args, file, accept_unsigned, **options):
        try:
            manifest = restore(Path(file), accept_unsigned=accept_unsigned)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã khôi phục bản sao lưu lập lúc {manifest['created']} ({manifest['engine']}), "
                          f"{len(manifest['files'])} tệp.")
