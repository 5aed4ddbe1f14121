from django.core.management.base import BaseCommand

from giamsat.tasks.summary import refresh_stale


class Command(BaseCommand):
    help = "Tính lại tình trạng các nhiệm vụ cho ngày hôm nay (chạy mỗi sáng bằng cron/systemd timer)."

    def handle(self, *args, **options):
        count = refresh_stale()
        self.stdout.write(f"Đã tính lại tình trạng {count} nhiệm vụ.")
