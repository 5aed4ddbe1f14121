"""The demo province and the console command, run as a user would run them."""

import subprocess
import sys

import pytest
from django.core.management import call_command

from giamsat.accounts.models import User
from giamsat.documents.models import Document, DocumentRelation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.DEBUG = True
    settings.GIAMSAT_DEMO_PASSWORD = "Demo-mat-khau-2025"
    call_command("demo")


def test_demo_builds_the_province_from_the_seeds(demo, client):
    assert set(User.objects.values_list("username", flat=True)) >= {
        "quantri", "vanphong", "svhttdl", "skhcn", "lanhdao", "kiemtra"}
    plan = Document.objects.get(number="2653/KH-UBND")
    program = Document.objects.get(number="63-CTr/TU")
    assert plan.date.isoformat() == "2025-06-06" and program.date.isoformat() == "2025-02-27"
    assert plan.tasks.filter(source="appendix").count() == 19
    assert DocumentRelation.objects.filter(source=plan, target=program, kind="based_on").exists()
    dispatch = Document.objects.get(doc_type="Công văn")
    assert DocumentRelation.objects.filter(source=dispatch, target=plan, kind="based_on").exists()
    assert all(d.is_demo for d in Document.objects.all())
    # Two root resolutions side by side (#23): 57 with the seeds' cascade, 71 with an illustrative plan.
    from giamsat.documents.roots import resolution_choices

    assert [key for key, _ in resolution_choices()] == ["57", "71"]
    assert set(plan.roots.values_list("number", flat=True)) == {"57-NQ/TW"}
    assert Document.objects.get(number="MH-71/KH-UBND").tasks.count() == 3
    # The agency user sees its tasks and the banner saying the data are a demo.
    assert client.login(username="svhttdl", password="Demo-mat-khau-2025")
    page = client.get("/").content.decode()
    assert "Dữ liệu mẫu" in page and "Sở Văn hóa" in page
    # Departments and communes evaluated for the last quarter, published, every band among the departments.
    from giamsat.evaluation.models import Evaluation

    last = Evaluation.objects.filter(state="published", level="department").order_by("-period").first()
    assert {r.band for r in last.results.all()} == {"A", "B", "C", "D", "E"}
    assert Evaluation.objects.filter(state="published", level="commune", period=last.period).exists()
    assert last.objections.filter(state="open").count() == 1  # for the office to answer
    call_command("demo")  # a second run changes nothing
    assert Document.objects.filter(number="2653/KH-UBND").count() == 1


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


def test_demo_reorganizes_lai_chau_through_the_service(demo, client):
    """Departments merged and districts dissolved in 2025 are recorded as reorganizations; the districts'
    open tasks are led by their successors, marked "chuyển từ …", and no district is urged or listed."""
    from giamsat.organizations.models import Organization, Reorganization
    from giamsat.organizations.selectors import transferred_from
    from giamsat.reporting.reminders import reminders_plan
    from giamsat.tasks.models import TaskAssignment

    kinds = sorted(Reorganization.objects.values_list("kind", flat=True))
    assert kinds == ["dissolve"] * 7 + ["merge"] * 2 + ["split"]
    assert set(Reorganization.objects.values_list("state", flat=True)) == {"applied"}
    districts = set(Organization.objects.filter(level="district").values_list("pk", flat=True))
    assert len(districts) == 8
    moved = TaskAssignment.objects.filter(organization__code="ubnd-x-tam-duong", role="lead")
    assert moved.exists()
    marks = transferred_from("task", moved.values_list("task_id", flat=True))
    assert all("UBND huyện Tam Đường" in names for names in marks.values()) and marks
    open_district_leads = TaskAssignment.objects.filter(organization_id__in=districts, role="lead").exclude(
        task__status_code__in=["done_on_time", "done_late", "cancelled"])
    assert not open_district_leads.exists()
    assert not districts & {p.organization.pk for p in reminders_plan()}
