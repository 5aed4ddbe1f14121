from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy máy chủ web giamsat (waitress, đa luồng) kèm tệp tĩnh."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args, host, port, threads, no_collectstatic, **options):
        from waitress import serve

        from giamsat.config.wsgi import application

        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        if not no_collectstatic and not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"giamsat đang chạy tại http://{host}:{port}/  (Ctrl+C để dừng)")
        serve(application, host=host, port=port, threads=threads, ident="giamsat")
