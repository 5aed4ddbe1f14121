"""`giamsat notify-send [--digest]`: send the queued notifications and retry the failed ones that are due;
from the digest hour on, first build the day's digests. Run every few minutes (cron/systemd timer); two
runs at once send nothing twice (ADR 0041)."""

from django.core.management.base import BaseCommand

from giamsat.audit.context import acting_as
from giamsat.core.actors import SYSTEM
from giamsat.notify.dispatch import run


class Command(BaseCommand):
    help = "Gửi các thông báo đang chờ qua thư điện tử, Zalo, Telegram; gửi lại lượt lỗi đến hạn; bản tin hằng ngày."

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true", help="lập bản tin hằng ngày ngay, không chờ đến giờ")

    def handle(self, *args, digest: bool, **options):
        with acting_as(SYSTEM, "cli"):
            digests, sent = run(force_digest=digest)
        self.stdout.write(self.style.SUCCESS(f"Đã lập {digests} bản tin, đã gửi {sent} thông báo."))
