"""`giamsat periods [--today YYYY-MM-DD]`: open the reporting periods that have started (idempotent)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from giamsat.audit.context import acting_as
from giamsat.core.actors import SYSTEM
from giamsat.reporting.management.commands._dates import parse_today
from giamsat.reporting.period_services import periods_open


class Command(BaseCommand):
    help = (
        "Mở các kỳ báo cáo đã bắt đầu theo các chế độ báo cáo đang áp dụng, khóa các kỳ đã quá hạn khóa sổ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="coi hôm nay là ngày này (YYYY-MM-DD)")

    def handle(self, *args, today: str | None, **options):
        day = parse_today(today) or timezone.localdate()
        with acting_as(SYSTEM, "cli"):
            result = periods_open(day)
        for period in result.opened:
            self.stdout.write(
                f"Mở kỳ {period.label} ({period.rule.document.label}): số liệu {period.start:%d/%m/%Y}"
                f"–{period.end:%d/%m/%Y}, hạn gửi {period.due_date:%d/%m/%Y}"
            )
        for period in result.closed:
            self.stdout.write(f"Khóa sổ kỳ {period.label} ({period.rule.document.label})")
        self.stdout.write(self.style.SUCCESS(f"Đã mở {len(result.opened)} kỳ, khóa {len(result.closed)} kỳ."))
