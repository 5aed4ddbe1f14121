from django.core.management.base import BaseCommand

from giamsat.dashboard.snapshots import forget_all
from giamsat.indicators.models import Indicator
from giamsat.indicators.series import refresh_series
from giamsat.tasks.summary import refresh_stale


class Command(BaseCommand):
    help = (
        "Tính lại tình trạng các nhiệm vụ cho ngày hôm nay (chạy mỗi sáng bằng cron/systemd timer); "
        "với --all tính lại cả chuỗi số liệu đã tổng hợp của mọi chỉ tiêu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", dest="everything",
                            help="tính lại chuỗi số liệu của mọi chỉ tiêu (mặc định: chỉ những chỉ tiêu chưa có)")

    def handle(self, *args, everything: bool, **options):
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
