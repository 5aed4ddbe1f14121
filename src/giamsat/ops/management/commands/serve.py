import ctypes
import ctypes.util
import gc
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.urls import get_resolver

from giamsat.core.requests import body_limit

M_ARENA_MAX = -8  # glibc's mallopt parameter number
MALLOC_ARENAS = 2


def limit_malloc_arenas() -> bool:
    """Two malloc arenas for the whole server, unless the operator set MALLOC_ARENA_MAX.

    glibc gives threads their own heap arenas (up to eight per core) and each keeps the memory it once held:
    a threaded server that builds a large report or dashboard in one thread, then in another, grows far
    beyond what it uses. Measured at national scale (docs/PERFORMANCE.md): peak 421 MB with the default,
    247 MB with two arenas, for the same requests. Must run before the server starts its threads."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_ARENA_MAX, MALLOC_ARENAS))
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to limit
        return False


def freeze_loaded_objects() -> None:
    """Keep Python's garbage collector off the objects every request shares.

    Once the application is loaded, its modules, URL patterns, templates and schemas (≈110 000 objects) are
    moved out of the collector's sight (`gc.freeze`): a full collection no longer walks them. Measured at
    national scale, in process (docs/PERFORMANCE.md): the task list's p99 went from 136 to 54 ms, its
    median unchanged. (Collecting the young generation less often as well cut pauses further but kept
    garbage longer: 60 MB more at the peak of the aggregated reports; not done.) Call after loading the
    application, before serving."""
    gc.collect()
    gc.freeze()


class Command(BaseCommand):
    help = "Chạy máy chủ web giamsat (waitress, đa luồng) kèm tệp tĩnh."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-collectstatic", action="store_true")
        parser.add_argument("--trusted-proxy", default=os.environ.get("GIAMSAT_TRUSTED_PROXY", ""),
                            help="địa chỉ reverse proxy (vd. 127.0.0.1) được tin các tiêu đề X-Forwarded-*")

    def handle(self, *args, host, port, threads, no_collectstatic, trusted_proxy, **options):
        from waitress import serve

        limit_malloc_arenas()
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        if not no_collectstatic and not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        # Imported after collectstatic: WhiteNoise indexes the static files when the application is built.
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()

        _ = get_resolver().url_patterns  # load every view module now, before freezing what is loaded
        freeze_loaded_objects()

        proxy = {}
        if trusted_proxy:
            # Behind nginx: take the client address and scheme from the proxy, so HTTPS, HSTS and
            # login throttling per address work.
            proxy = {"trusted_proxy": trusted_proxy, "trusted_proxy_count": 1,
                     "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"},
                     "clear_untrusted_proxy_headers": True}
        self.stdout.write(f"giamsat đang chạy tại http://{host}:{port}/  (Ctrl+C để dừng)")
        # The server's own limit is the application's largest (core.requests.body_limit): a body declared
        # larger is answered 413 from its headers, and a chunked one is cut off there, before the application
        # sees it; waitress refuses from that size on, hence the +1. Bodies it buffers go to a temporary file
        # past 512 KB, not to memory.
        serve(application, host=host, port=port, threads=threads, ident="giamsat",
              max_request_body_size=body_limit() + 1, **proxy)
