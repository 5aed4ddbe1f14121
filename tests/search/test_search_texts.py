"""Search where people look (#21, ADR 0039): progress-update narratives, reports' texts and documents' full
text are in the index, found within the user's scope; the public search sees published documents only."""

import datetime as dt

import pytest

from giamsat.search.index import rebuild, search_key
from giamsat.search.models import SearchEntry
from giamsat.search.selectors import public_search, search

pytestmark = pytest.mark.django_db


def _update(province, narrative, **kw):
    """An update of Sở KH&CN on the task it alone carries out (Sở VHTTDL has no part in it)."""
    from giamsat.tasks.services import progress_update_create

    return progress_update_create(user=province["users"]["focal_science"], task=province["tasks"]["science"],
                                  state="in_progress", percent=30, narrative=narrative, **kw)


def test_long_texts_add_each_word_once():
    assert search_key("Kế hoạch", long_texts=["kế hoạch hội nghị, hội nghị 245"]) == " ke hoach hoi nghi 245"


def test_an_updates_narrative_is_found_by_its_words(province):
    update = _update(province, "Tổ chức 02 hội nghị quán triệt với 245 đại biểu tham dự",
                     difficulties="Thiếu kinh phí năm 2027")
    office = province["users"]["office"]
    for q in ("hội nghị 245", "hoi nghi 245", "kinh phí 2027"):
        found = search(office, q)
        assert [h.id for h in found.hits["update"]] == [update.pk], q
    hit = search(office, "hội nghị 245").hits["update"][0]
    assert hit.url.endswith(f"/nhiem-vu/{province['tasks']['science'].pk}/#cap-nhat-{update.pk}")
    assert "245 đại biểu" in hit.subtitle and "Xây dựng nền tảng dữ liệu" in hit.title
    # Its task's agency sees it; another agency does not.
    assert search(province["users"]["focal_science"], "245 dai bieu").counts["update"] == 1
    assert search(province["users"]["focal_culture"], "245 dai bieu").counts["update"] == 0


def test_a_documents_full_text_is_found(province):
    doc = province["doc"]
    doc.full_text = "Điều 3. Bố trí kinh phí thực hiện từ nguồn ngân sách năm 2027 cho chuyển đổi số."
    doc.save()
    found = search(province["users"]["office"], "ngan sach 2027")
    assert [h.id for h in found.hits["document"]] == [doc.pk]


def test_a_reports_text_is_found_in_scope(province):
    from giamsat.reporting.models import Report, ReportingPeriod, ReportingRule

    rule = ReportingRule.objects.create(document=province["doc"], frequency="monthly", due_day=15)
    period = ReportingPeriod.objects.create(rule=rule, key="2025-12", label="Tháng 12/2025",
                                            start=dt.date(2025, 12, 1), end=dt.date(2025, 12, 31),
                                            due_date=dt.date(2026, 1, 15))
    report = Report.objects.create(period=period, organization=province["orgs"]["culture"],
                                   results="Hoàn thành số hóa 1.200 hồ sơ lưu trữ",
                                   proposals="Đề nghị bổ sung máy quét")
    found = search(province["users"]["office"], "so hoa ho so luu tru")
    assert [h.id for h in found.hits["report"]] == [report.pk]
    assert found.hits["report"][0].title == "Báo cáo Tháng 12/2025 — Sở VHTTDL"
    assert search(province["users"]["focal_science"], "so hoa ho so").counts["report"] == 0
    report.results = "Đã sửa: triển khai chữ ký số"
    report.save()  # a draft edited: its entry follows
    assert search(province["users"]["office"], "so hoa ho so").counts["report"] == 0
    assert search(province["users"]["office"], "chu ky so").counts["report"] == 1


def test_rebuild_gives_the_same_entries_for_the_new_kinds(province):
    _update(province, "Hội nghị 245 đại biểu")
    province["doc"].full_text = "kinh phí 2027"
    province["doc"].save()
    before = set(SearchEntry.objects.values_list("kind", "object_id", "key"))
    rebuild()
    assert set(SearchEntry.objects.values_list("kind", "object_id", "key")) == before
    assert {"update", "document"} <= {k for k, _, _ in before}


def test_the_public_search_sees_published_documents_and_their_tasks_only(province):
    from giamsat.core.actors import SYSTEM
    from giamsat.documents.models import Document
    from giamsat.tasks.services import task_create

    _update(province, "Hội nghị 245 đại biểu")
    hidden = Document.objects.create(doc_type="Kế hoạch", number="9/KH-SKHCN", title="Kế hoạch nội bộ hội nghị",
                                     issuer=province["orgs"]["science"])
    task_create(actor=SYSTEM, document=hidden, number="1", name="Hội nghị nội bộ", leads=[province["orgs"]["science"]])
    assert public_search("hoi nghi").counts == {"document": 0, "task": 0}
    province["doc"].is_published = True
    province["doc"].save()
    found = public_search("hoi nghi")
    assert [t.name for t in found.tasks] == ["Hội nghị chuyên đề"]  # not the unpublished plan's task
    assert found.counts == {"document": 0, "task": 1}
    assert public_search("tuyen truyen nghi quyet").counts["document"] == 1


def test_the_public_search_page_is_open_to_anyone(client, province):
    province["doc"].is_published = True
    province["doc"].save()
    page = client.get("/tim-kiem/cong-khai/", {"q": "hoi nghi chuyen de"})
    assert page.status_code == 200
    assert "Hội nghị chuyên đề" in page.content.decode()
    assert "245" not in page.content.decode()
