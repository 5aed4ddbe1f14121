from django.core.management.base import BaseCommand

from giamsat.search.index import rebuild


class Command(BaseCommand):
    help = "Dựng lại chỉ mục tìm kiếm từ dữ liệu (sau khi nạp hàng loạt hoặc khôi phục)."

    def handle(self, *args, **options):
        counts = rebuild()
        self.stdout.write("Chỉ mục tìm kiếm: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()))
