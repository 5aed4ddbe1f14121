"""`giamsat reorganizations [--today YYYY-MM-DD]`: apply the reorganizations whose effective date has come and
move the open work that reached their predecessors since (daily; `remind` and `refresh-statuses` do it too)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from giamsat.audit.context import acting_as
from giamsat.core.actors import SYSTEM
from giamsat.core.jobs import OneRunnerCommand
from giamsat.organizations.reorganize import reorganizations_apply_due
from giamsat.organizations.selectors import reorganization_list


class Command(OneRunnerCommand, BaseCommand):
    job_name = "reorganizations"  # one runner across every node (core.jobs)

    help = "Áp dụng các quyết định sắp xếp cơ quan đã đến ngày hiệu lực và liệt kê các quyết định đã ghi nhận."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="coi hôm nay là ngày này (YYYY-MM-DD), để chạy bù")

    def handle(self, *args, today: str | None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError("Ngày không hợp lệ: dùng dạng YYYY-MM-DD.") from None
        with acting_as(SYSTEM, "cli"):
            moved = reorganizations_apply_due(day)
        self.stdout.write(f"Ngày {day:%d/%m/%Y}: đã chuyển {moved} nội dung theo các quyết định có hiệu lực.")
        for reorg in reorganization_list()[:50]:
            names = ", ".join(o.name for o in reorg.predecessors.all())
            self.stdout.write(f"  {reorg} — {names} — {reorg.get_state_display()}")
