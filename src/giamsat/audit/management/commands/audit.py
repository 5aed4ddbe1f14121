from django.core.management.base import BaseCommand, CommandError

from giamsat.audit.anchor import AnchorError, anchor_path, verify_and_anchor
from giamsat.audit.services import audit_head


class Command(BaseCommand):
    help = ("audit verify [--head MÃ]: kiểm tra chuỗi băm của nhật ký và so với mốc đã ký (số mục, mã băm "
            "mới nhất) lưu ngoài cơ sở dữ liệu; thoát mã khác 0 và chỉ ra chỗ hỏng; nếu toàn vẹn thì ghi mốc "
            "mới. audit head: in số mục và mã băm mới nhất, để lưu ở nơi khác. audit anchor: kiểm tra chuỗi "
            "rồi bắt đầu mốc mới, bỏ qua mốc cũ (chỉ sau khi cố ý khôi phục một bản sao lưu cũ hơn).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "head", "anchor"])
        parser.add_argument("--head", default="", help="mã băm đã ghi trước đây bằng `audit head`")

    def handle(self, *args, action, head, **options):
        if action == "head":
            count, digest = audit_head()
            self.stdout.write(f"{count} {digest}")
            return
        try:
            outcome = verify_and_anchor(head=head, fresh=action == "anchor")
        except AnchorError as exc:
            raise CommandError(f"Nhật ký không kiểm chứng được: {exc}") from exc
        result = outcome.result
        if not result.ok:
            where = f"mục #{result.bad_id}" if result.bad_id else "cuối chuỗi"
            raise CommandError(f"Nhật ký không toàn vẹn: {where} — {result.reason} "
                               f"(đã kiểm tra {result.checked} mục trước đó).")
        if outcome.first:
            self.stdout.write(f"Chưa có mốc đã ký: ghi mốc đầu tiên vào {anchor_path()}.")
        self.stdout.write(f"Nhật ký toàn vẹn: {result.checked} mục.")
