"""The demo province as `giamsat demo` builds it: built once for this module (it takes the better part of a
minute) inside a transaction rolled back when the module ends; each test runs in a savepoint of it."""

import pytest
from django.core.management import call_command

from giamsat.accounts.models import User
from giamsat.documents.models import Document, DocumentRelation
from tests.conftest import kept_in_a_rolled_back_transaction

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("demo")
    with kept_in_a_rolled_back_transaction(django_db_blocker, tmp, DATA_DIR=tmp, DEBUG=True,
                                           GIAMSAT_DEMO_PASSWORD="Demo-mat-khau-2025"):
        call_command("demo")
        yield tmp


@pytest.fixture
def demo(built, settings):
    """The tests run with the settings the demo was built with (its data directory, media, audit anchor)."""
    settings.DATA_DIR, settings.MEDIA_ROOT = built, built / "media"
    settings.GIAMSAT_AUDIT_ANCHOR = built / "audit-anchor.json"
    settings.DEBUG = True
    settings.GIAMSAT_DEMO_PASSWORD = "Demo-mat-khau-2025"


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
