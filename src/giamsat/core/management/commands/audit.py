from django.core.management.base import BaseCommand, CommandError

from giamsat.audit.services import audit_head, audit_verify


class Command(BaseCommand):
    help = ("audit verify [--head MÃ]: kiểm tra chuỗi băm của nhật ký; thoát mã khác 0 và chỉ ra mục hỏng đầu "
            "tiên. audit head: in số mục và mã băm mới nhất, để lưu ở nơi khác làm mốc đối chiếu.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "head"])
        parser.add_argument("--head", default="", help="mã băm đã ghi trước đây bằng `audit head`")

    def handle(self, *args, action, head, **options):
        if action == "head":
            count, digest = audit_head()
            self.stdout.write(f"{count} {digest}")
            return
        result = audit_verify(head=head)
        if not result.ok:
            where = f"mục #{result.bad_id}" if result.bad_id else "cuối chuỗi"
            raise CommandError(f"Nhật ký không toàn vẹn: {where} — {result.reason} "
                               f"(đã kiểm tra {result.checked} mục trước đó).")
        self.stdout.write(f"Nhật ký toàn vẹn: {result.checked} mục.")
