"""The console command and the demo's refusals, run as a user would (the demo province: test_demo_province.py)."""

import subprocess
import sys

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_demo_refuses_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG, settings.GIAMSAT_DEMO_MODE = False, False  # a real server; a demo instance loads it (ADR 0038)
    with pytest.raises(CommandError, match="--force"):
        call_command("demo")


def test_demo_accounts_made_by_the_demo_are_refused_by_a_production_server(client, settings):
    """As `giamsat serve` runs with DEBUG=0 and the demo data present (checked by hand with the real server:
    the same settings and code path). The password is not a known one: the demo flag alone refuses."""
    from giamsat.demo.build import build_organizations, build_users

    build_users(build_organizations(), "Ngau-nhien-x7Qp-2026")
    credentials = {"username": "quantri", "password": "Ngau-nhien-x7Qp-2026"}
    for path in ("/admin/login/?next=/admin/", "/dang-nhap/"):
        page = client.post(path, credentials)
        assert page.status_code == 200 and "tài khoản mẫu" in page.content.decode()
    assert client.get("/admin/").status_code == 302
    settings.GIAMSAT_DEMO_MODE = True  # the operator runs a demo on purpose
    assert client.post("/admin/login/?next=/admin/", credentials)["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_token_create_prints_the_token_alone_on_the_last_line(province, client, capsys):
    call_command("token", "create", "svhttdl")
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("gs_") and " " not in token
    assert client.get("/api/v1/tasks", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_console_command_help_and_extract(tmp_path):
    out = subprocess.run([sys.executable, "-m", "giamsat", "--help"], capture_output=True, text=True, check=True)
    assert "serve" in out.stdout and "extract" in out.stdout


def test_production_settings_use_argon2():
    from giamsat.config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_import_command_keeps_for_review_or_commits(province, capsys, tmp_path):
    from giamsat.imports.models import ImportJob
    from tests.conftest import DEMO_SAMPLES

    call_command("import", str(DEMO_SAMPLES / "003_c389389e1134b9db.txt"))
    out = capsys.readouterr().out
    assert "Chờ rà soát tại /nhap-van-ban/" in out and ImportJob.objects.get().state == "review"
    call_command("import", str(DEMO_SAMPLES / "004_213b37d3e4ffaf43.txt"), "--yes")
    assert "Đã ghi: Hướng dẫn" in capsys.readouterr().out
    empty = tmp_path / "rong.docx"
    empty.write_bytes(b"")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="rong.docx"):
        call_command("import", str(empty))


def test_giamsat_extract_json_through_the_console_command(capsys):
    import json

    from giamsat.cli import main
    from tests.conftest import DEMO_SAMPLES

    assert main(["extract", str(DEMO_SAMPLES / "001_e52419797d7d93ee.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"document", "references", "tasks", "targets", "reporting"}
    assert len([t for t in data["tasks"] if t["source"] == "appendix"]) == 19


def test_the_server_limits_malloc_arenas_unless_the_operator_did(monkeypatch):
    import ctypes.util

    import giamsat.ops.management.commands.serve as serve

    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert serve.limit_malloc_arenas() is False  # the operator's setting wins
    monkeypatch.delenv("MALLOC_ARENA_MAX")
    libc = ctypes.util.find_library("c") or ""
    assert serve.limit_malloc_arenas() is ("libc.so" in libc or libc == "")  # glibc: applied


def test_the_server_hides_loaded_objects_from_the_garbage_collector():
    import gc

    import giamsat.ops.management.commands.serve as serve

    try:
        serve.freeze_loaded_objects()
        assert gc.get_freeze_count() > 10_000  # Django and giamsat's modules, at least
    finally:
        gc.unfreeze()
