"""Names read as successors (Resolution 190/2025/QH15): the importer maps an agency named in a document dated
after a reorganization to its successor, with a note in the review; an earlier document keeps the name it
wrote, and the open tasks it gives pass to the successor when committed."""

import datetime as dt

import pytest

from giamsat.imports.services import import_commit, import_create
from giamsat.organizations.matching import AgencyMatcher
from giamsat.organizations.selectors import transferred_from
from giamsat.tasks.models import TaskAssignment
from tests.conftest import DEMO_SAMPLES

pytestmark = pytest.mark.django_db
SEED_001 = DEMO_SAMPLES / "001_e52419797d7d93ee.txt"  # dated 06/06/2025, names Sở Văn hóa, Thể thao và Du lịch
CULTURE = "Sở Văn hóa, Thể thao và Du lịch"


def test_the_matcher_reads_a_reorganized_agency_by_the_documents_date(reorg, decide):
    o = reorg["orgs"]
    decide("merge", [o["culture"]], [o["merged"]], on=dt.date(2025, 6, 1))
    m = AgencyMatcher()
    after = m.match(CULTURE, on=dt.date(2025, 6, 6))
    assert (after.id, after.method) == (o["merged"].pk, "successor") and "01/06/2025" in after.note
    before = m.match(CULTURE, on=dt.date(2025, 5, 1))
    assert before.id == o["culture"].pk and "sau ngày văn bản" in before.note
    undated = m.match(CULTURE)
    assert undated.id == o["merged"].pk and "kiểm tra lại" in undated.note
    assert m.match("Sở Khoa học và Công nghệ", on=dt.date(2025, 6, 6)).note == ""


def test_a_plan_dated_after_the_merge_goes_to_the_successor_as_proposed(reorg, decide, login):
    o, u = reorg["orgs"], reorg["users"]
    decide("merge", [o["culture"]], [o["merged"]], on=dt.date(2025, 6, 1))
    job = import_create(user=u["office"], filename="ke-hoach.txt", data=SEED_001.read_bytes())
    choice = job.proposal["agencies"][CULTURE]  # the text has no date: the successor, with a note to check
    assert (choice["id"], choice["method"], choice["written_id"]) == (o["merged"].pk, "successor", o["culture"].pk)
    page = login(u["office"]).get(f"/nhap-van-ban/{job.pk}/").content.decode()
    assert "đơn vị kế thừa" in page and "đã được sắp xếp" in page
    doc = import_commit(user=u["office"], job=job, overrides={"date": "2025-06-06"})
    ids = list(doc.tasks.values_list("pk", flat=True))
    assert TaskAssignment.objects.filter(task__document=doc, organization=o["merged"]).exists()
    assert not TaskAssignment.objects.filter(task__document=doc, organization=o["culture"]).exists()
    assert not transferred_from("task", ids)  # given to the successor directly: nothing moved


def test_a_plan_dated_before_keeps_the_name_and_its_open_tasks_pass_on_commit(reorg, decide):
    o, u = reorg["orgs"], reorg["users"]
    decide("merge", [o["culture"]], [o["merged"]], on=dt.date(2025, 7, 1))
    job = import_create(user=u["office"], filename="ke-hoach.txt", data=SEED_001.read_bytes())
    doc = import_commit(user=u["office"], job=job, overrides={"date": "2025-06-06"})
    ids = list(doc.tasks.values_list("pk", flat=True))
    assert TaskAssignment.objects.filter(task__document=doc, organization=o["merged"]).exists()
    assert not TaskAssignment.objects.filter(task__document=doc, organization=o["culture"]).exists()
    marks = transferred_from("task", ids)  # given to the agency written, then passed on: marked
    assert marks and all(names == [CULTURE] for names in marks.values())
