from django.core.management.base import BaseCommand, CommandError

from giamsat.audit.services import audit_verify


class Command(BaseCommand):
    help = "audit verify: kiểm tra chuỗi băm của nhật ký; thoát mã khác 0 và chỉ ra mục hỏng đầu tiên."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        result = audit_verify()
        if not result.ok:
            raise CommandError(f"Nhật ký không toàn vẹn: mục #{result.bad_id} — {result.reason} "
                               f"(đã kiểm tra {result.checked} mục trước đó).")
        self.stdout.write(f"Nhật ký toàn vẹn: {result.checked} mục.")
