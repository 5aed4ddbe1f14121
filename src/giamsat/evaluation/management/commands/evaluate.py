"""`giamsat evaluate --period P --level L [--as-of YYYY-MM-DD] [--publish]`: run an evaluation (draft), and
publish it with --publish. `--level all`: every level in one pass (what they all read is read once), one
evaluation per level, the departments' first."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from giamsat.audit.context import acting_as
from giamsat.core.actors import SYSTEM
from giamsat.core.errors import ApplicationError
from giamsat.core.jobs import OneRunnerCommand
from giamsat.evaluation.models import Level
from giamsat.evaluation.services import evaluation_publish, evaluation_run_levels

ALL = "all"


class Command(OneRunnerCommand, BaseCommand):
    job_name = "evaluate"  # one runner across every node (core.jobs)

    help = "Đánh giá, xếp loại mọi cơ quan, đơn vị của một cấp cho một kỳ (dự thảo; --publish: công bố luôn)."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="kỳ đánh giá: 2026-Q3, 2026-H1 hoặc 2026")
        parser.add_argument("--level", required=True, choices=[*Level.values, ALL],
                            help="department: sở, ban, ngành tỉnh; commune: UBND cấp xã; all: cả hai cấp, "
                                 "tính một lượt")
        parser.add_argument("--as-of", dest="as_of", help="số liệu tính đến ngày (YYYY-MM-DD); mặc định: cuối kỳ "
                                                          "hoặc hôm nay nếu kỳ chưa kết thúc")
        parser.add_argument("--publish", action="store_true", help="công bố ngay sau khi tính")

    def handle(self, *args, period: str, level: str, as_of: str | None, publish: bool, **options):
        try:
            day = dt.date.fromisoformat(as_of) if as_of else None
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ: “{as_of}”. Dùng định dạng YYYY-MM-DD.") from exc
        started = time.monotonic()
        levels = list(Level.values) if level == ALL else [level]
        try:
            with acting_as(SYSTEM, "cli"):
                evaluations = evaluation_run_levels(actor=SYSTEM, period=period, levels=levels, as_of=day)
                if publish:
                    evaluations = [evaluation_publish(actor=SYSTEM, evaluation=e) for e in evaluations]
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        seconds = time.monotonic() - started
        for evaluation in evaluations:
            self._print(evaluation, seconds)

    def _print(self, evaluation, seconds: float) -> None:
        results = list(evaluation.results.select_related("organization").order_by("rank", "organization__name"))
        self.stdout.write(f"{evaluation}: {len(results)} cơ quan, đơn vị, "
                          f"{'đã công bố' if evaluation.is_published else 'dự thảo'} "
                          f"({seconds:.1f} giây).")
        for r in results[:20]:
            score = str(r.score).replace(".", ",")
            self.stdout.write(f"{r.rank:>4}. {r.organization.name}: {score} điểm, loại {r.band}")
        if len(results) > 20:
            self.stdout.write(f"… và {len(results) - 20} cơ quan, đơn vị khác.")
        self.stdout.write(f"Mã đợt đánh giá: {evaluation.pk}")
