import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import F
from django.utils import timezone

from giamsat.accounts.access import AGENCY_USERS, USERS_SEEING_ALL, scope_key
from giamsat.accounts.models import User
from giamsat.audit.anchor import AnchorError, anchor_advance
from giamsat.core.jobs import OneRunnerCommand
from giamsat.dashboard.api import summary_snapshot
from giamsat.dashboard.snapshots import forget_all
from giamsat.dashboard.views import leaders_snapshot, warnings_snapshot
from giamsat.indicators.models import Indicator
from giamsat.indicators.series import refresh_series
from giamsat.metrics.quality import data_quality_for
from giamsat.organizations.reorganize import reorganizations_apply_due
from giamsat.tasks.summary import refresh_stale
from giamsat.web.views import home_snapshot

AGENCY_WARM_SECONDS = 1800.0  # a country's thousands of agencies: the busiest first, within half an hour


class Command(OneRunnerCommand, BaseCommand):
    job_name = "refresh-statuses"  # one runner across every node (core.jobs)

    help = (
        "Tính lại tình trạng các nhiệm vụ cho ngày hôm nay (chạy mỗi sáng bằng cron/systemd timer) rồi tính sẵn "
        "bảng điều khiển chung; với --all tính lại cả chuỗi số liệu đã tổng hợp của mọi chỉ tiêu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", dest="everything",
                            help="tính lại chuỗi số liệu của mọi chỉ tiêu (mặc định: chỉ những chỉ tiêu chưa có)")
        parser.add_argument("--no-warm", action="store_true",
                            help="không tính sẵn trang chủ, bảng điều khiển của lãnh đạo (người xem đầu tiên sẽ chờ)")
        parser.add_argument("--warm-agencies-seconds", type=float, default=AGENCY_WARM_SECONDS,
                            help="thời gian tối đa (giây) tính sẵn trang chủ, bảng điều khiển của từng cơ quan, "
                                 "đơn vị (0: không tính sẵn)")

    def handle(self, *args, everything: bool, no_warm: bool, warm_agencies_seconds: float = AGENCY_WARM_SECONDS,
               **options):
        moved = reorganizations_apply_due()  # decisions taking effect today, before statuses are computed
        if moved:
            self.stdout.write(f"Đã chuyển {moved} nội dung theo các quyết định sắp xếp có hiệu lực.")
        count = refresh_stale()
        self.stdout.write(f"Đã tính lại tình trạng {count} nhiệm vụ.")
        # Series change only when values do (refreshed on every write); after an upgrade or a bulk load some
        # may be missing, and --all rebuilds every one.
        indicators = Indicator.objects.all() if everything else Indicator.objects.filter(series__isnull=True)
        n = refresh_series(indicators.values_list("pk", flat=True))
        if n:
            self.stdout.write(f"Đã tổng hợp lại chuỗi số liệu của {n} chỉ tiêu.")
        # Derived copies may have changed without an audit entry, and after an upgrade the figures may be
        # computed differently: dashboards compute them anew (run daily, when the day changes them anyway).
        forget_all()
        if not no_warm:
            self.warm()
            self.warm_agencies(warm_agencies_seconds)
        self.anchor_audit_chain()

    def anchor_audit_chain(self) -> None:
        """Move the audit chain's signed anchor to its newest entry, once the old one still holds (audit.anchor):
        a chain cut or rebuilt since yesterday fails this job, not only the next `audit verify`."""
        try:
            anchor, problem = anchor_advance()
        except AnchorError as exc:
            raise CommandError(f"Nhật ký không kiểm chứng được: {exc}") from exc
        if anchor is None:
            raise CommandError(f"Nhật ký không toàn vẹn: {problem}.")
        self.stdout.write(f"Đã ghi mốc nhật ký: {anchor.count} mục.")

    def warm(self) -> None:
        """Compute the figures everyone who sees the whole province (or country) shares, with the pages'
        default parameters, so that the first leader of the day does not wait for them (ADR 0011)."""
        leader = User.objects.filter(USERS_SEEING_ALL).order_by("pk").first()
        if leader is None:
            return
        started, today = time.monotonic(), timezone.localdate()
        for kept in (home_snapshot, leaders_snapshot, summary_snapshot):
            kept(leader, today=today)
        # The data-quality checks read every task and progress update: ≈14 s for a country (issue #25). Kept
        # for the whole scope, shown stale while recomputed after a write; computed here for the day's first view.
        data_quality_for(leader)
        # The early warnings are kept per role too (the role decides which indicator values count): one of each.
        roles = User.objects.filter(USERS_SEEING_ALL, is_active=True).order_by("role").values_list("role", flat=True)
        for role in roles.distinct():
            warnings_snapshot(User.objects.filter(USERS_SEEING_ALL, is_active=True, role=role).order_by("pk").first(),
                              today=today)
        self.stdout.write(f"Đã tính sẵn trang chủ, bảng điều khiển, cảnh báo chung, chất lượng dữ liệu trong "
                          f"{time.monotonic() - started:.1f} giây.")

    def warm_agencies(self, budget: float) -> None:
        """Compute each agency's home and dashboard (its own scope: one user of each organization serves all
        its users), so that an agency's first view of the day is not the one that waits (issue #25). The
        organizations whose users signed in most recently first, within `budget` seconds; an agency left out
        computes its figures on its first view, as before."""
        if budget <= 0:
            return
        started, today, done = time.monotonic(), timezone.localdate(), 0
        seen: set[str] = set()
        users = (User.objects.filter(AGENCY_USERS, organization__isnull=False).select_related("organization")
                 .order_by(F("last_login").desc(nulls_last=True), "pk"))
        for user in users.iterator(chunk_size=500):
            if time.monotonic() - started > budget:
                self.stdout.write("Hết thời gian tính sẵn; các cơ quan, đơn vị còn lại tính khi mở trang lần đầu.")
                break
            key = scope_key(user)
            if key in seen:
                continue
            seen.add(key)
            for kept in (home_snapshot, leaders_snapshot):
                kept(user, today=today)
            done += 1
        if done:
            self.stdout.write(f"Đã tính sẵn trang chủ, bảng điều khiển của {done} cơ quan, đơn vị trong "
                              f"{time.monotonic() - started:.1f} giây.")
