"""`giamsat storage-migrate [--from DIR] [--dry-run]`: copy a single server's uploaded files into the storage
GIAMSAT_STORAGE_URL configures (object storage), under the same names, each checked against its row's SHA-256.

Idempotent: a file already in the storage with the same bytes is left; run it again after a failure. The rows
do not change (they hold names, and the names stay). docs/deploy.md says when to run it.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from giamsat.ops.backup import stored_files_with_checksums


class Command(BaseCommand):
    help = ("Chép các tệp đã tải lên từ thư mục dữ liệu của máy chủ cũ sang kho lưu trữ tệp đang cấu hình "
            "(GIAMSAT_STORAGE_URL), giữ nguyên tên, kiểm tra mã băm từng tệp.")

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", default="",
                            help="thư mục media cũ (mặc định: GIAMSAT_DATA_DIR/media)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không chép")

    def handle(self, *args, source: str, dry_run: bool, **options):
        root = Path(source or Path(settings.DATA_DIR) / "media").resolve()
        if not settings.GIAMSAT_STORAGE_URL and root == Path(settings.MEDIA_ROOT).resolve():
            raise CommandError("Chưa cấu hình GIAMSAT_STORAGE_URL: nguồn và đích là cùng một thư mục.")
        copied = kept = 0
        problems = []
        for name, sha256 in stored_files_with_checksums():
            path = root / name
            if not path.is_file():
                problems.append(f"thiếu tệp {name} trong {root}")
                continue
            data = path.read_bytes()
            if sha256 and hashlib.sha256(data).hexdigest() != sha256:
                problems.append(f"tệp {name} không khớp mã kiểm tra ghi lúc tải lên")
                continue
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as fh:
                    if fh.read() == data:
                        kept += 1
                        continue
                problems.append(f"kho lưu trữ đã có tệp {name} với nội dung khác: không ghi đè")
                continue
            if not dry_run:
                saved = default_storage.save(name, ContentFile(data))
                if saved != name:
                    problems.append(f"tệp {name} được ghi thành {saved}")
                    continue
            copied += 1
        verb = "sẽ chép" if dry_run else "đã chép"
        self.stdout.write(f"{verb} {copied} tệp, {kept} tệp đã có sẵn, {len(problems)} vấn đề.")
        for problem in problems:
            self.stderr.write(f"  - {problem}")
        if problems:
            raise CommandError(f"{len(problems)} tệp chưa chuyển được (xem danh sách trên); sửa rồi chạy lại.")
