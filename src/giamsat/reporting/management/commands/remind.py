"""`giamsat remind [--dry-run] [--today YYYY-MM-DD]`: open due periods, then urge (daily, by cron/systemd)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from giamsat.audit.context import acting_as
from giamsat.core.actors import SYSTEM
from giamsat.core.jobs import OneRunnerCommand
from giamsat.reporting.management.commands._dates import parse_today
from giamsat.reporting.reminders import remind


class Command(OneRunnerCommand, BaseCommand):
    job_name = "remind"  # one runner across every node (core.jobs)

    help = (
        "Mở các kỳ báo cáo đến hạn, nhắc trước hạn, đôn đốc quá hạn và báo cáo lãnh đạo đơn vị "
        "(thư điện tử và thông báo trong hệ thống). Chạy hằng ngày."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ liệt kê những gì sẽ gửi, không ghi, không gửi"
        )
        parser.add_argument("--today", help="coi hôm nay là ngày này (YYYY-MM-DD), để chạy bù hoặc thử")

    def handle(self, *args, dry_run: bool, today: str | None, **options):
        day = parse_today(today) or timezone.localdate()
        with acting_as(SYSTEM, "cli"):
            result = remind(day, dry_run=dry_run)
        prefix = "[thử] " if dry_run else ""
        verb = "sẽ" if dry_run else "đã"
        self.stdout.write(
            f"{prefix}Ngày {day:%d/%m/%Y}: {verb} mở {len(result.opened)} kỳ báo cáo, "
            f"{verb} khóa {len(result.closed)} kỳ quá hạn."
        )
        for item in result.plan:
            self.stdout.write(f"{prefix}{item.describe()}")
        if dry_run:
            self.stdout.write(
                self.style.WARNING(
                    f"Chạy thử: {len(result.plan)} lượt đôn đốc sẽ được gửi; chưa ghi, chưa gửi gì."
                )
            )
        else:
            failed = sum(1 for r in result.sent if r.error)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã gửi {len(result.plan)} lượt đôn đốc ({len(result.sent)} bản "
                    f"ghi thư và thông báo, {failed} lỗi); {result.alerts} lượt cảnh báo vàng, đỏ, đỏ đặc biệt."
                )
            )
