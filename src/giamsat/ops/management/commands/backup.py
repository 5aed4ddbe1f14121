from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from giamsat.ops.backup import BackupError, backup_write


class Command(BaseCommand):
    help = ("Sao lưu nhất quán CSDL và mọi tệp mà CSDL ghi nhận (đọc qua kho lưu trữ tệp: thư mục dữ liệu hoặc "
            "kho đối tượng S3) vào một tệp .tar.gz (máy chủ vẫn chạy bình thường).")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            manifest = backup_write(Path(file))
        except BackupError as exc:  # a file the rows name is missing: no archive, a non-zero exit
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã sao lưu vào {file}: CSDL {manifest['database']['bytes']:,} byte, "
                          f"{len(manifest['files'])} tệp.")
