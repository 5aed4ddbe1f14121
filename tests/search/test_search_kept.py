"""Search near the floor (issue #25, ADR 0054): the same results as the plain queries, counts bounded, the
page and the API kept per data version and per scope, a write shown at once."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giamsat.core.actors import SYSTEM
from giamsat.search import selectors
from giamsat.search.index import query_words
from giamsat.search.models import SearchEntry
from giamsat.search.selectors import KIND_ORDER, search

pytestmark = pytest.mark.django_db


def _models():
    from giamsat.documents.models import Document
    from giamsat.indicators.models import Indicator
    from giamsat.organizations.models import Organization
    from giamsat.reporting.models import Report
    from giamsat.tasks.models import ProgressUpdate, Task

    # kind → (the rows the user may see, their order): what the search promised before ADR 0054.
    return {
        "task": (lambda u: Task.objects.visible_to(u), ("-id",)),
        "document": (lambda u: Document.objects.visible_to(u), ("-date", "-id")),
        "update": (lambda u: ProgressUpdate.objects.visible_to(u), ("-reported_on", "-id")),
        "report": (lambda u: Report.objects.visible_to(u), ("-period__end", "-id")),
        "organization": (lambda u: Organization.objects.all(), ("name", "id")),
        "indicator": (lambda u: Indicator.objects.visible_to(u), ("code", "id")),
    }


def _reference(user, q):
    """Every visible object whose folded words start with each query word, in the kind's order: read plainly
    (every row, words compared in Python), as the search was defined before it was made fast."""
    words, found = query_words(q), {}
    for kind, (visible, order) in _models().items():
        keys = dict(SearchEntry.objects.filter(kind=kind).values_list("object_id", "key"))
        found[kind] = [pk for pk in visible(user).order_by(*order).values_list("pk", flat=True)
                       if all(any(k.startswith(w) for k in keys.get(pk, "").split()) for w in words)]
    return found


@pytest.fixture
def busy(province):
    """The province with updates on several days, a report, an indicator and a private plan."""
    from giamsat.documents.models import Document
    from giamsat.indicators.models import Indicator
    from giamsat.reporting.models import Report, ReportingPeriod, ReportingRule
    from giamsat.tasks.services import progress_update_create, task_create

    culture, science = province["orgs"]["culture"], province["orgs"]["science"]
    Document.objects.create(doc_type="Kế hoạch", number="12/KH-SKHCN", title="Kế hoạch nội bộ hội nghị số",
                            issuer=science, date=dt.date(2025, 7, 1))
    for n in range(4):
        task_create(actor=SYSTEM, document=province["doc"], number=str(10 + n), name=f"Hội nghị chuyển đổi số {n}",
                    deadline_text="Năm 2026", leads=[science if n % 2 else culture])
    for day, task, user in ((8, "science", "focal_science"), (9, "both", "focal_culture"),
                            (9, "both", "focal_science"), (4, "culture", "focal_culture")):
        progress_update_create(user=province["users"][user], task=province["tasks"][task], state="in_progress",
                               percent=20, narrative="Tổ chức hội nghị chuyển đổi số, số hóa hồ sơ",
                               reported_on=dt.date(2026, 1, day))
    rule = ReportingRule.objects.create(document=province["doc"], frequency="monthly", due_day=15)
    period = ReportingPeriod.objects.create(rule=rule, key="2025-12", label="Tháng 12/2025",
                                            start=dt.date(2025, 12, 1), end=dt.date(2025, 12, 31),
                                            due_date=dt.date(2026, 1, 15))
    Report.objects.create(period=period, organization=culture, results="Hội nghị số hóa hồ sơ")
    Indicator.objects.create(code="CDS-01", name="Tỷ lệ hồ sơ số hóa")
    return province


@pytest.mark.parametrize("role", ["office", "leader", "focal_culture", "focal_science", "inspector"])
def test_the_same_rows_in_the_same_order_as_read_plainly(busy, role):
    user = busy["users"][role]
    # Short words only, long ones, both; words found inside others ("ang" in "tảng", "hoa" in "khoa") are not
    # word starts.
    for q in ("hội nghị", "so", "chuyen doi so", "so hoa ho so", "Sở", "nen tang", "2653", "ke hoach noi bo",
              "ang", "hoa", "oa hoc", "kh cn", "uyen"):
        found, expected = search(user, q, limit=100), _reference(user, q)
        for kind in KIND_ORDER:
            assert [h.id for h in found.hits[kind]] == expected[kind], (role, q, kind)
            assert found.counts[kind] == len(expected[kind]) and not found.more, (role, q, kind)


def test_counts_past_the_limit_are_bounded(busy, monkeypatch, login, bearer, client):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 2)
    office = busy["users"]["office"]
    found = search(office, "hoi nghi")
    assert found.counts["task"] == 2 and "task" in found.more  # 5 tasks, counted up to the limit
    assert len(found.hits["task"]) == 5  # the page itself is not cut
    assert found.counts["organization"] == 0 and "organization" not in found.more
    html = login(office).get("/tim-kiem/", {"q": "hoi nghi"}).content.decode()
    assert "Tìm thấy hơn" in html and "Nhiệm vụ (hơn 2)" in html
    data = client.get("/api/v1/search", {"q": "hoi nghi"}, **bearer(office)).json()
    assert data["counts"]["task"] == 2 and "task" in data["more"] and "document" not in data["more"]


def _results(html):
    return html[html.index("<h1>Tìm kiếm</h1>"):html.index("</main>")]


def _view(client, q):
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/tim-kiem/", {"q": q})
    assert page.status_code == 200
    return page.content.decode(), len(ctx.captured_queries)


def test_the_page_is_kept_until_a_write_and_shows_the_write_at_once(busy, login):
    from giamsat.tasks.services import progress_update_create, task_create

    client = login(busy["users"]["office"])
    first, cold = _view(client, "ha tang vien thong")
    again, warm = _view(client, "ha tang vien thong")  # the kept results' markup
    assert cold >= 12 and warm <= cold - 12 and _results(again) == _results(first)
    assert "Tìm thấy 0 kết quả" in first
    task_create(actor=SYSTEM, document=busy["doc"], number="20", name="Phát triển hạ tầng viễn thông",
                deadline_text="Năm 2026", leads=[busy["orgs"]["science"]])
    html, _ = _view(client, "ha tang vien thong")
    assert "Phát triển hạ tầng viễn thông" in html and "Tìm thấy 1 kết quả" in html
    progress_update_create(user=busy["users"]["focal_science"], task=busy["tasks"]["science"], state="in_progress",
                           percent=50, narrative="Nâng cấp hạ tầng viễn thông xã")
    html, _ = _view(client, "ha tang vien thong")
    assert "Nâng cấp hạ tầng viễn thông xã" in html and "Tìm thấy 2 kết quả" in html


def test_an_agency_never_reads_what_another_scope_kept(busy, login, client):
    office, culture, science = (busy["users"][k] for k in ("office", "focal_culture", "focal_science"))
    assert "Kế hoạch nội bộ hội nghị số" in _view(login(office), "noi bo hoi nghi")[0]
    assert "Kế hoạch nội bộ hội nghị số" in _view(login(science), "noi bo hoi nghi")[0]
    html = _view(login(culture), "noi bo hoi nghi")[0]
    assert "Kế hoạch nội bộ hội nghị số" not in html and "Tìm thấy 0 kết quả" in html
    # Sở VHTTDL's kept updates are its own tasks' only, even after Sở KH&CN kept its own.
    _view(login(science), "so hoa ho so")
    culture_ids = {h.id for h in search(culture, "so hoa ho so").hits["update"]}
    login(culture)
    answer = client.get("/api/v1/search", {"q": "so hoa ho so", "kind": "update"}).json()
    assert {r["id"] for r in answer["results"]} == culture_ids and answer["counts"]["update"] == len(culture_ids) == 3


def test_the_api_reads_the_same_kept_results_as_the_page(busy, login, client):
    client = login(busy["users"]["leader"])
    client.get("/api/v1/search", {"q": "chuyen doi so", "limit": 20})
    with CaptureQueriesContext(connection) as ctx:
        data = client.get("/api/v1/search", {"q": "chuyển đổi số", "limit": 20}).json()
    assert len(ctx.captured_queries) <= 3 and data["q"] == "chuyển đổi số"
    expected = search(busy["users"]["leader"], "chuyen doi so")
    assert [(r["kind"], r["id"]) for r in data["results"]] == [
        (k, h.id) for k in KIND_ORDER for h in expected.hits[k]]
    assert data["counts"] == expected.counts


def test_bad_input_answers_in_vietnamese_and_searches_nothing(busy, login, client):
    client = login(busy["users"]["office"])
    client.get("/hoi-dap/")  # the frame's first view
    html, queries = _view(client, "…!?")
    with CaptureQueriesContext(connection) as frame:
        client.get("/hoi-dap/")
    assert "Từ khóa chưa có chữ hoặc số nào để tìm." in html
    assert queries <= len(frame.captured_queries)  # nothing searched
    answer = client.get("/api/v1/search", {"q": "x" * 201})
    assert answer.status_code == 422


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: SQLite has no such index")
def test_postgresql_has_the_small_kinds_trigram_index_when_pg_trgm_is():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            pytest.skip("pg_trgm is not installed on this server: the migration leaves the index out")
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_entry_small_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition and "task" in definition and "update" in definition
