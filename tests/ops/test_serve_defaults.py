"""`make run` serves users, not developers (#21, ADR 0038): DEBUG off, a secret key generated once into the data
directory (mode 600) and reused, a demo instance (GIAMSAT_DEMO_MODE=1) since the demo is loaded; static files
and the Vietnamese error pages are served without DEBUG."""

import os
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _env(data_dir, **extra):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "GIAMSAT_DEMO_MODE",
                                                            "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    return {**env, "GIAMSAT_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT / "src"), **extra}


def _settings(data_dir, **extra) -> list[str]:
    code = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'giamsat.config.settings'); "
            "django.setup(); from django.conf import settings as s; print(s.DEBUG, s.GIAMSAT_DEMO_MODE, s.SECRET_KEY)")
    out = subprocess.run([sys.executable, "-c", code], env=_env(data_dir, **extra), capture_output=True, text=True,
                         check=True, timeout=120)
    return out.stdout.split()


def test_the_run_command_turns_debug_off_and_marks_a_demo():
    if not (ROOT / "Makefile").exists():
        pytest.skip("no Makefile")
    out = subprocess.run(["make", "-n", "run", "BIN=/bin"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    serve = [line for line in out.stdout.splitlines() if " serve " in line]
    assert serve and "DEBUG=${DEBUG:-0}" in serve[0] and "GIAMSAT_DEMO_MODE=${GIAMSAT_DEMO_MODE:-1}" in serve[0]
    assert all("DEBUG=${DEBUG:-0}" in line for line in out.stdout.splitlines() if "giamsat " in line)


def test_a_server_without_a_key_generates_one_once(tmp_path):
    debug, demo, key = _settings(tmp_path, DEBUG="0", GIAMSAT_DEMO_MODE="1")
    assert (debug, demo) == ("False", "True") and len(key) >= 50 and "insecure" not in key
    path = tmp_path / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_text().strip() == key
    assert _settings(tmp_path, DEBUG="0")[2] == key  # reused at the next start
    assert _settings(tmp_path, DEBUG="0", SECRET_KEY="k" * 60)[2] == "k" * 60  # a given key wins


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_without_debug_serves_static_files_and_vietnamese_errors(tmp_path):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "giamsat", "serve", "--port", str(port)],
                              env=_env(tmp_path, DEBUG="0", GIAMSAT_DEMO_MODE="1"), cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/static/giamsat/app.js", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert urllib.request.urlopen(f"{base}/static/giamsat/app.js", timeout=5).status == 200
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/khong-co-trang-nay/", timeout=5)
        page = missing.value.read().decode()
        assert missing.value.code == 404 and "Không tìm thấy" in page and "Traceback" not in page
        assert "Page not found" not in page and "Dữ liệu mẫu" in page  # the demo instance says so
    finally:
        server.terminate()
        server.wait(timeout=30)
