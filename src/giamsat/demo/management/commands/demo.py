"""`giamsat demo`: a demo province (Lai Châu) built from the seed documents through the real import path."""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from giamsat.audit.context import acting_as
from giamsat.core.actors import SYSTEM
from giamsat.core.context_processors import demo_marker_path
from giamsat.demo import laichau
from giamsat.demo.build import build_demo

SAMPLES = Path(__file__).resolve().parents[3] / "demo" / "samples"


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu tỉnh Lai Châu từ 5 văn bản mẫu (chỉ dùng để thử nghiệm)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="chạy cả khi DEBUG tắt ngoài bản thử nghiệm")

    def handle(self, *args, force, **options):
        # A demo instance (GIAMSAT_DEMO_MODE, what `make run` starts) loads its demo with DEBUG off (ADR 0038).
        if not settings.DEBUG and not settings.GIAMSAT_DEMO_MODE and not force:
            raise CommandError("DEBUG đang tắt (môi trường thật?). Dữ liệu mẫu chỉ tạo khi thêm --force.")
        call_command("migrate", interactive=False, verbosity=0)
        from giamsat.accounts.models import User

        if User.objects.filter(username="quantri").exists():
            self.stdout.write("Dữ liệu mẫu đã có sẵn; bỏ qua. (Xóa thư mục dữ liệu để tạo lại.)")
            return
        password = settings.GIAMSAT_DEMO_PASSWORD or secrets.token_urlsafe(12)
        with acting_as(SYSTEM, "cli"), transaction.atomic():
            summary = build_demo(samples=SAMPLES, password=password)
        demo_marker_path().write_text("giamsat demo data\n", encoding="utf-8")
        self.stdout.write(self.style.SUCCESS("Đã tạo dữ liệu mẫu tỉnh Lai Châu:"))
        for line in summary:
            self.stdout.write(f"  - {line}")
        self.stdout.write("Tài khoản mẫu: " + ", ".join(u[0] for u in laichau.USERS))
        if not settings.GIAMSAT_DEMO_PASSWORD:
            self.stdout.write(f"Mật khẩu chung của các tài khoản mẫu: {password}")
        if not settings.DEBUG and not settings.GIAMSAT_DEMO_MODE:
            self.stdout.write("Lưu ý: DEBUG đang tắt nên tài khoản mẫu chỉ đăng nhập được khi chạy máy chủ "
                              "với GIAMSAT_DEMO_MODE=1 (bản chạy thử).")
