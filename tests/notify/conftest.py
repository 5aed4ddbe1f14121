"""A local stand-in for the Zalo and Telegram HTTP APIs: records each request, answers from a script."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class ChatServer:
    def __init__(self):
        self.requests: list[dict] = []
        self.answers: list[tuple[int, dict]] = []  # consumed in order; then {"ok": true, "error": 0}

    def answer(self, status: int, body: dict) -> None:
        self.answers.append((status, body))


@pytest.fixture
def chat_server():
    state = ChatServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length", 0))
            raw = self.rfile.read(length)
            state.requests.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                   "json": json.loads(raw.decode("utf-8"))})
            status, body = state.answers.pop(0) if state.answers else (200, {"ok": True, "error": 0,
                                                                              "message": "Success"})
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def channels(settings, chat_server):
    """Zalo and Telegram pointed at the local server, e-mail in memory, links absolute."""
    settings.GIAMSAT_ZALO_OA_TOKEN = "zalo-oa-token"
    settings.GIAMSAT_ZALO_API_URL = f"{chat_server.url}/zalo/v3.0/oa/message/cs"
    settings.GIAMSAT_TELEGRAM_BOT_TOKEN = "123:ABC"
    settings.GIAMSAT_TELEGRAM_API_URL = f"{chat_server.url}/telegram"
    settings.GIAMSAT_BASE_URL = "https://giamsat.laichau.example"
    settings.GIAMSAT_NOTIFY_RETRY_MINUTES = "5,30"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return chat_server
