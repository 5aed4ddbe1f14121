"""`giamsat synth`: a synthetic province or country for benchmarks and tests (giamsat.synth)."""

import datetime as dt
import json
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from giamsat.core.context_processors import demo_marker_path
from giamsat.synth import SCALES, generate
from giamsat.synth.tables import SynthError


def database_size() -> int | None:
    """Bytes used by the database (PostgreSQL: pg_database_size; SQLite: the file and its WAL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        return sum(os.path.getsize(p) for p in (name, name + "-wal") if os.path.exists(p))
    return None


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu tổng hợp (không phải số liệu thật) ở quy mô small (kiểm thử), province (một tỉnh) "
        "hoặc national (34 tỉnh, thành phố) để đo hiệu năng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=57)
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="ngày của dữ liệu (YYYY-MM-DD), mặc định hôm nay",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="chạy cả khi cơ sở dữ liệu đã có dữ liệu thật (dữ liệu tổng hợp được thêm vào)",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="in kết quả dạng JSON ở dòng cuối"
        )

    def handle(self, *args, scale, seed, today, force, as_json: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        # A known password for every synthetic user when GIAMSAT_SYNTH_PASSWORD is set; else none can log in.
        password = os.environ.get("GIAMSAT_SYNTH_PASSWORD") or None
        log = (lambda message: self.stderr.write(message)) if as_json else self.stdout.write
        try:
            result = generate(SCALES[scale], seed=seed, as_of=today, force=force, password=password, log=log)
        except SynthError as exc:
            raise CommandError(str(exc)) from exc
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        demo_marker_path().write_text("giamsat synthetic data (giamsat synth)\n", encoding="utf-8")
        size = database_size()
        summary = {
            "scale": result.scale,
            "seed": result.seed,
            "as_of": result.as_of.isoformat(),
            "seconds": result.seconds,
            "database": connection.vendor,
            "database_bytes": size,
            "counts": result.counts,
            "statuses": result.statuses,
            "handles": result.handles,
        }
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo dữ liệu tổng hợp quy mô {scale} trong {result.seconds} s"
                + (f", cơ sở dữ liệu {size / 1e6:.0f} MB" if size else "")
                + ":"
            )
        )
        for label, n in result.counts.items():
            self.stdout.write(f"  {label}: {n:,}".replace(",", "."))
        self.stdout.write("Tình trạng nhiệm vụ: " + ", ".join(f"{k} {v}" for k, v in result.statuses.items()))
        if not password:
            self.stdout.write(
                "Tài khoản tổng hợp không đăng nhập được (đặt GIAMSAT_SYNTH_PASSWORD để có mật khẩu)."
            )
