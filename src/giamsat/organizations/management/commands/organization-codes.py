"""`giamsat organization-codes FILE`: record agencies' electronic identifier codes (QCVN 102:2016/BTTTT) and
administrative-unit codes from a CSV or XLSX list."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from giamsat.audit.context import acting_as
from giamsat.core.actors import SYSTEM
from giamsat.core.errors import ApplicationError
from giamsat.organizations.codes import organization_codes_import


class Command(BaseCommand):
    help = "Nhập mã định danh điện tử và mã đơn vị hành chính của các cơ quan từ tệp CSV hoặc XLSX."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .csv (UTF-8) hoặc .xlsx; dòng đầu là tên cột")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không thấy tệp {file}.")
        try:
            with acting_as(SYSTEM, "cli"):
                result = organization_codes_import(filename=path.name, data=path.read_bytes())
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"Đã cập nhật mã của {result.updated} cơ quan; {result.unchanged} không đổi.")
        for name in result.not_found:
            self.stdout.write(self.style.WARNING(f"Không tìm thấy: {name}"))
        for error in result.errors:
            self.stdout.write(self.style.WARNING(error))
