"""The dashboard's parts loaded after the page (ADR 0059): a view that must compute the page computes the task
figures and leaves the reporting punctuality and the indicators, when they are not kept, to two requests the
page's script sends after it. The page as a browser assembles it equals the page computed whole; a page with
parts missing is never kept; each part answers only its user's scope."""

import re
from collections import Counter

import pytest
from django.utils import timezone

from tests.dashboard_page import opened, parts_of, with_parts

pytestmark = pytest.mark.django_db


def _main(html: str) -> str:
    main = html[html.index("<main"):html.index("</main>")]
    return re.sub(r">\s+<", "><", main).strip()


def _counting(monkeypatch, names) -> Counter:
    """How many times each of these selectors, as the dashboard views call them, was called."""
    from giamsat.dashboard import views

    counts: Counter = Counter()
    for name in names:
        original = getattr(views, name)
        monkeypatch.setattr(views, name, lambda *a, _n=name, _f=original, **k: counts.update([_n]) or _f(*a, **k))
    return counts


@pytest.fixture
def computed(monkeypatch):
    """How many times each part of the dashboard was computed."""
    return _counting(monkeypatch, ("task_summary", "punctuality", "indicator_summary"))


def test_a_first_view_computes_the_task_figures_and_leaves_the_parts_to_be_loaded(client, dash, computed):
    client.force_login(dash["users"]["leader"])
    page = client.get("/bang-dieu-khien/").content.decode()
    assert dict(computed) == {"task_summary": 1}
    assert parts_of(page) == [("bao-cao", "/bang-dieu-khien/phan/bao-cao/"),
                              ("chi-tieu", "/bang-dieu-khien/phan/chi-tieu/")]
    # Each placeholder says what is coming and links to the part as a page of its own (without scripts).
    assert page.count('aria-busy="true"') == 2 and 'href="/bang-dieu-khien/phan/chi-tieu/"' in page
    assert 'id="o-bao-cao"' in page and "Chỉ tiêu: đang tính" in page
    assert "66,7%" in page  # the task figures are on the page itself
    assembled = with_parts(client, page)
    assert dict(computed) == {"task_summary": 1, "punctuality": 1, "indicator_summary": 1}
    assert "data-phan" not in assembled and 'class="hm hm-bad"' in assembled and 'id="indicator-charts"' in assembled
    # The next view finds every part kept: the whole page, computed from the kept parts, and kept itself.
    whole = client.get("/bang-dieu-khien/").content.decode()
    assert "data-phan" not in whole and _main(whole) == _main(assembled)
    computed.clear()
    assert _main(client.get("/bang-dieu-khien/").content.decode()) == _main(whole)
    assert dict(computed) == {}


def test_the_page_assembled_equals_the_page_computed_whole(client, dash):
    """What the daily job keeps (every part computed, nothing deferred) is what a browser assembles."""
    from giamsat.dashboard.views import _leaders_body

    leader = dash["users"]["leader"]
    client.force_login(leader)
    for query in ({}, {"thang": "12"}, {"resolution": "57"}):
        assembled = opened(client, "/bang-dieu-khien/", **query, **{"tinh-lai": "1"})
        months = int(query.get("thang", 6))
        whole = _leaders_body(leader, today=timezone.localdate(), months=months, resolution=query.get("resolution", ""))
        body = _main(assembled)
        assert re.sub(r">\s+<", "><", whole).strip() in body, query


def test_the_parts_carry_the_pages_choices_and_the_recompute(client, dash):
    client.force_login(dash["users"]["leader"])
    page = client.get("/bang-dieu-khien/", {"thang": "12", "resolution": "57", "tinh-lai": "1"}).content.decode()
    assert [url for _, url in parts_of(page)] == [
        "/bang-dieu-khien/phan/bao-cao/?thang=12&resolution=57&tinh-lai=1",
        "/bang-dieu-khien/phan/chi-tieu/?thang=12&resolution=57&tinh-lai=1",
    ]
    part = client.get("/bang-dieu-khien/phan/bao-cao/?thang=12", HTTP_X_PHAN="1").content.decode()
    assert "Báo cáo gửi đúng hạn (12 tháng)" in part and "thang=12" in part


def test_recomputing_leaves_no_older_page_to_show(client, dash, settings):
    """«Tính lại» within the stale window: the page it computes has parts still to load and is not kept, and
    the older page is not shown again meanwhile (the next view computes from the parts kept by then)."""
    from giamsat.core.actors import SYSTEM
    from giamsat.tasks.services import task_create

    settings.DASHBOARD_MAX_STALE = 600
    client.force_login(dash["users"]["leader"])
    opened(client, "/bang-dieu-khien/")
    assert "data-phan" not in client.get("/bang-dieu-khien/").content.decode()  # kept whole
    task_create(actor=SYSTEM, document=dash["tasks"]["culture"].document, number="99", name="Nhiệm vụ thêm",
                deadline_text="Năm 2026", leads=[dash["orgs"]["science"]])
    total = re.compile(r'<div class="n">(\d+)</div><div class="l">Tổng số nhiệm vụ')
    stale = client.get("/bang-dieu-khien/").content.decode()
    assert "Số liệu tính lúc" in stale and total.search(stale)[1] == "8"  # the older page, said to be older
    assert "data-phan" in client.get("/bang-dieu-khien/?tinh-lai=1").content.decode()
    again = client.get("/bang-dieu-khien/").content.decode()
    assert "Số liệu tính lúc" not in again and total.search(again)[1] == "9"  # not the older page


def test_a_part_alone_is_a_page_of_its_own_without_the_header(client, dash):
    client.force_login(dash["users"]["leader"])
    fragment = client.get("/bang-dieu-khien/phan/chi-tieu/", HTTP_X_PHAN="1")
    assert fragment["Vary"].count("X-Phan") == 1
    text = fragment.content.decode()
    assert text.lstrip().startswith('<a class="stat bad" id="o-chi-tieu"') and "<html" not in text
    page = client.get("/bang-dieu-khien/phan/chi-tieu/").content.decode()
    assert "<html" in page and "<title>Chỉ tiêu — Bảng điều khiển" in page and 'id="indicator-charts"' in page
    assert 'href="/bang-dieu-khien/"' in page and "dashboard.js" in page


def test_an_agencys_parts_show_its_own_rows_only(client, dash):
    client.force_login(dash["users"]["focal_culture"])
    page = opened(client, "/bang-dieu-khien/")
    reports = page[page.index('<section id="bao-cao"'):]
    reports = reports[:reports.index("</section>")]
    assert "Sở VHTTDL" in reports and "Sở KH&amp;CN" not in reports


def test_a_bad_choice_on_a_part_changes_nothing_and_says_so(client, dash):
    client.force_login(dash["users"]["leader"])
    bad = client.get("/bang-dieu-khien/phan/bao-cao/?resolution=%3Cx%3E", HTTP_X_PHAN="1")
    assert bad.status_code == 400 and "Nghị quyết không hợp lệ" in bad.content.decode()
    assert client.get("/bang-dieu-khien/phan/bao-cao/?thang=khong").status_code == 200  # months: the default


@pytest.fixture
def computed_warnings(monkeypatch):
    """How many times each part of the early warnings was computed."""
    return _counting(monkeypatch, ("warning_tasks", "missing_reports", "lagging_indicators"))


def test_the_early_warnings_load_their_indicators_and_missing_reports_after_the_page(client, dash,
                                                                                   computed_warnings):
    from giamsat.dashboard.warnings import early_warnings

    office = dash["users"]["office"]
    client.force_login(office)
    page = client.get("/canh-bao/").content.decode()
    assert dict(computed_warnings) == {"warning_tasks": 1}
    # One request brings both parts and the page's number of items («đang tính» until then).
    assert parts_of(page) == [("phan-chi-tieu", "/canh-bao/phan/")]
    assert "đang tính số mục cần chú ý" in page and page.count('aria-busy="true"') == 2
    assembled = with_parts(client, page)
    assert dict(computed_warnings) == {"warning_tasks": 1, "missing_reports": 1, "lagging_indicators": 1}
    total = early_warnings(office).total
    assert f'<span id="o-tong">{total} mục cần chú ý</span>' in assembled and "đang tính" not in assembled
    whole = client.get("/canh-bao/").content.decode()
    assert "data-phan" not in whole and _main(whole) == _main(assembled)
    computed_warnings.clear()
    assert _main(client.get("/canh-bao/").content.decode()) == _main(whole) and dict(computed_warnings) == {}


def test_the_warnings_parts_alone_are_a_page_of_their_own(client, dash):
    client.force_login(dash["users"]["focal_culture"])
    page = client.get("/canh-bao/phan/").content.decode()
    assert "<html" in page and 'href="/canh-bao/"' in page and 'id="phan-bao-cao"' in page
    fragment = client.get("/canh-bao/phan/?tinh-lai=1", HTTP_X_PHAN="1").content.decode()
    assert "<html" not in fragment and fragment.lstrip().startswith('<a class="stat bad" id="o-chi-tieu"')
    assert client.get("/canh-bao/phan/?resolution=%3Cx%3E", HTTP_X_PHAN="1").status_code == 400
