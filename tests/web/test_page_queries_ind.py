"""The indicator list and the indicator page near the floor (issue #25, ADR 0053): every indicator's assessment
is kept per data version (scope `indicators`), the list is cut into pages with its counts by status over every
indicator the filters keep, and both pages are kept per scope while current. Query counts do not grow with the
number of indicators; a kept assessment equals a fresh one; a write shows at once; scopes never share rows."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giamsat.core.actors import SYSTEM

pytestmark = pytest.mark.django_db



@pytest.fixture(autouse=True)
def _kept_from_one(monkeypatch):
    """The kept assessments serve a view of any number of indicators here (in use: 20 or more seen one way;
    fewer are assessed on the spot, see `test_a_few_are_assessed_on_the_spot`)."""
    from giamsat.indicators import selectors

    monkeypatch.setattr(selectors, "FEW", 1)


ROW_CODE = re.compile(r'<tr>\n<td><a href="/chi-tieu/\d+/">([^<]+)</a></td>')


def _get(client, path, data=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, data or {})
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode(), len(ctx.captured_queries)


def _tbody(page: str) -> str:
    start = page.index("<tbody>")
    return page[start:page.index("</tbody>", start)]


def _indicators(province, n: int, *, start: int = 0, org: str = "culture", published: bool = False,
                values=(30, 36)):
    """`n` indicators of Sở VHTTDL (or `org`): baseline 10 in 2020, ≥ 50 in 2030, pending values for 2024 and
    2025 (by default ahead of the trajectory: on track)."""
    from giamsat.indicators.services import indicator_create
    from giamsat.indicators.values import indicator_value_submit

    made = []
    for i in range(start, start + n):
        ind = indicator_create(user=SYSTEM, code=f"K-{i:03d}", name=f"Chỉ tiêu giữ {i}", unit="%",
                               responsible=province["orgs"][org], baseline_value=10, baseline_year=2020,
                               targets=[{"year": 2030, "value": 50}], is_published=published)
        for year, value in zip((2024, 2025), values, strict=False):
            indicator_value_submit(user=province["users"][f"focal_{org}"], indicator=ind, period=str(year),
                                   value=value + i % 7)
        made.append(ind)
    return made


def _assessments(user, **kwargs) -> dict:
    from giamsat.indicators.selectors import indicator_list

    return {i.code: (i.verified_only, i.assessment) for i in indicator_list(user, **kwargs)}


def _fresh(monkeypatch, user, **kwargs) -> dict:
    """The same, computed on the spot (as before ADR 0053: nothing kept)."""
    from giamsat.indicators import selectors

    with monkeypatch.context() as m:
        m.setattr(selectors, "keep", None)
        return _assessments(user, **kwargs)


# ------------------------------------------------------------------------------------- kept assessments


@pytest.mark.parametrize("role", ["office", "leader", "focal_culture", "focal_science"])
def test_a_kept_assessment_equals_a_fresh_one(province, monkeypatch, role):
    from giamsat.indicators.models import Indicator, IndicatorValue
    from giamsat.indicators.values import indicator_value_review

    _indicators(province, 3, published=True)  # Sở VHTTDL's, published: Sở KH&CN sees them verified only
    _indicators(province, 2, start=10, org="science")
    value = IndicatorValue.objects.filter(indicator__code="K-001", period="2024").get()
    indicator_value_review(user=province["users"]["office"], value=value, decision="verified")
    _ratio(province)
    Indicator.objects.filter(code="K-002").update(series=None)  # not stored (yet): computed from the values
    user = province["users"][role]
    with CaptureQueriesContext(connection) as first:
        kept = _assessments(user)
    with CaptureQueriesContext(connection) as again:
        assert _assessments(user) == kept
    assert kept == _fresh(monkeypatch, user)
    # The second read assesses nothing: the list's indicators and targets only.
    assert len(again.captured_queries) == 2 < len(first.captured_queries), first.captured_queries
    full = {code for code, (verified_only, _) in kept.items() if not verified_only}
    if role == "focal_science":
        assert full == {"K-010", "K-011"}
        # Another agency's published indicator: verified values only (K-001's 2024), never its pending ones.
        assert kept["K-001"][1].latest.period == "2024" and kept["K-000"][1].latest is None
    elif role == "focal_culture":
        assert full == {"K-000", "K-001", "K-002", "R-01"} and kept["K-001"][1].latest.period == "2025"
    else:
        assert full == set(kept) and len(kept) == 6
    assert ("R-01" in kept) == (role != "focal_science")  # not published
    assert role == "focal_science" or (kept["R-01"][1].latest is not None and kept["K-002"][1].latest is not None)


def test_a_few_are_assessed_on_the_spot(province, monkeypatch):
    """An agency's own handful, one indicator's page: assessed on the spot (reading their series), never by
    assessing every indicator; the same results."""
    from giamsat.indicators import selectors

    monkeypatch.setattr(selectors, "FEW", 20)
    _indicators(province, 3)
    ratio = _ratio(province)
    for role in ("office", "focal_culture"):
        user = province["users"][role]
        with CaptureQueriesContext(connection) as ctx:
            few = _assessments(user)
        assert len(ctx.captured_queries) == 3  # the indicators, their targets, their series (not every one)
        assert few == _fresh(monkeypatch, user) and few["R-01"][1].latest is not None
    assert ratio.code == "R-01"


def _ratio(province):
    """R-01 = K-000 / K-001 × 100, of Sở VHTTDL."""
    from giamsat.indicators.models import Indicator
    from giamsat.indicators.services import indicator_create

    parts = {i.code: i for i in Indicator.objects.filter(code__in=["K-000", "K-001"])}
    return indicator_create(user=SYSTEM, code="R-01", name="Tỷ lệ", unit="%", aggregation="ratio",
                            numerator=parts["K-000"], denominator=parts["K-001"],
                            responsible=province["orgs"]["culture"], targets=[{"year": 2030, "value": 100}])


def test_the_public_page_s_assessments_are_verified_only_and_fresh(province, monkeypatch):
    from giamsat.indicators import selectors

    _indicators(province, 2, published=True)
    kept = {i.code: i.assessment for i in selectors.public_indicators()}
    with monkeypatch.context() as m:
        m.setattr(selectors, "keep", None)
        assert kept == {i.code: i.assessment for i in selectors.public_indicators()}
    assert all(a.latest is None for a in kept.values())  # nothing verified yet


def test_a_new_day_assesses_again(province, monkeypatch):
    """The target of 2025, judged on its last day (at risk) and after it (off track): each day's kept
    assessment equals that day's fresh one."""
    from giamsat.indicators.services import indicator_create
    from giamsat.indicators.values import indicator_value_submit

    office = province["users"]["office"]
    ind = indicator_create(user=SYSTEM, code="D-01", name="Đến hạn 2025", unit="%",
                           responsible=province["orgs"]["culture"], baseline_value=10, baseline_year=2020,
                           targets=[{"year": 2025, "value": 50}])
    indicator_value_submit(user=province["users"]["focal_culture"], indicator=ind, period="2025", value=47)
    seen = {}
    for day in (dt.datetime(2025, 12, 31, 9, tzinfo=dt.UTC), dt.datetime(2026, 1, 10, 9, tzinfo=dt.UTC)):
        with time_machine.travel(day, tick=False):
            kept = _assessments(office)
            assert kept == _fresh(monkeypatch, office)
            seen[day.date()] = kept["D-01"][1].status
    assert seen == {dt.date(2025, 12, 31): "at_risk", dt.date(2026, 1, 10): "off_track"}


def test_the_dashboard_figures_are_the_same_kept_or_fresh(province, monkeypatch):
    """The dashboard's indicator summary and the early warnings read `indicator_list`: the same results."""
    from giamsat.dashboard import warnings
    from giamsat.dashboard.selectors import indicator_summary
    from giamsat.indicators import selectors

    _indicators(province, 4, values=(11, 12))  # behind the trajectory: lagging
    _indicators(province, 2, start=10, org="science")
    lagging = {}
    for role in ("office", "focal_culture", "focal_science"):
        user = province["users"][role]
        kept = indicator_summary(user)
        lagging[role] = [i.code for i in warnings.early_warnings(user).indicators]
        with monkeypatch.context() as m:
            m.setattr(selectors, "keep", None)
            fresh = indicator_summary(user)
            assert [i.code for i in warnings.early_warnings(user).indicators] == lagging[role]
        assert kept.counts == fresh.counts and [i.assessment for i in kept.items] == [
            i.assessment for i in fresh.items]
    behind = ["K-000", "K-001", "K-002", "K-003"]
    assert lagging == {"office": behind, "focal_culture": behind, "focal_science": []}


# ---------------------------------------------------------------------------------------- the list page


def test_the_list_costs_the_same_for_three_indicators_or_sixty(province, login):
    office = login(province["users"]["office"])
    office.get("/hoi-dap/")  # the first view of a session moves its expiry on
    _indicators(province, 3)
    cold_few = _get(office, "/chi-tieu/")[1]
    warm_few = _get(office, "/chi-tieu/")[1]
    _indicators(province, 57, start=3)
    cold_many = _get(office, "/chi-tieu/")[1]
    page, warm_many = _get(office, "/chi-tieu/")
    assert len(ROW_CODE.findall(page)) == 50  # a page
    assert warm_many == warm_few == 0, (warm_few, warm_many)  # the kept list behind a frame of no query (ADR 0055)
    assert cold_many == cold_few <= 8, (cold_few, cold_many)
    focal = login(province["users"]["focal_culture"])
    focal.get("/hoi-dap/")
    _get(focal, "/chi-tieu/?page=2")
    assert _get(focal, "/chi-tieu/?page=2")[1] <= 2  # the frame and the agency's scope version


def test_every_indicator_is_reachable_a_page_at_a_time(province, login):
    from giamsat.indicators.models import Indicator

    made = _indicators(province, 57)
    _indicators(province, 4, start=100, values=(11, 12))  # lagging: another status
    office = login(province["users"]["office"])
    first, _ = _get(office, "/chi-tieu/")
    second, _ = _get(office, "/chi-tieu/", {"page": 2})
    codes = ROW_CODE.findall(first) + ROW_CODE.findall(second)
    assert codes == sorted(Indicator.objects.values_list("code", flat=True)) and len(codes) == 61
    assert "Trang 1/2" in first and 'href="?page=2"' in first and "Trang 2/2" in second
    assert "61 chỉ tiêu." in first
    assert _get(office, "/chi-tieu/", {"page": "x"})[0].count("Trang 1/2") == 1  # a bad number: page 1
    # The counts by status are over every indicator, whatever the page.
    counts = {code: int(n) for code, n in re.findall(r'class="stat i-stat-(\w+)" href="\?status=\w+">'
                                                     r'<div class="n">(\d+)</div>', second)}
    assert sum(counts.values()) == 61 and counts["off_track"] == 4, counts
    # A status and a search keep their filter across pages; the pager's links carry it.
    lagging, _ = _get(office, "/chi-tieu/", {"status": "off_track"})
    assert ROW_CODE.findall(lagging) == ["K-100", "K-101", "K-102", "K-103"] and "Trang 1/" not in lagging
    found, _ = _get(office, "/chi-tieu/", {"q": "giữ 5", "responsible": province["orgs"]["culture"].pk})
    assert ROW_CODE.findall(found) == ["K-005", *(f"K-{i:03d}" for i in range(50, 57))]
    assert len(made) == 57


def test_the_pager_keeps_the_filters(province, login, settings):
    from giamsat.indicators import pages

    _indicators(province, 5)
    office = login(province["users"]["office"])
    kept_size = pages.PAGE_SIZE
    try:
        pages.PAGE_SIZE = 2
        page, _ = _get(office, "/chi-tieu/", {"q": "giữ", "status": "on_track"})
    finally:
        pages.PAGE_SIZE = kept_size
    assert "Trang 1/3" in page and 'href="?q=gi%E1%BB%AF&amp;status=on_track&amp;page=2"' in page, page


def test_a_write_shows_at_once_on_the_list_and_the_page(province, login):
    from giamsat.indicators.models import IndicatorValue
    from giamsat.indicators.services import indicator_update
    from giamsat.indicators.values import indicator_value_review, indicator_value_submit

    ind = _indicators(province, 1, published=True)[0]
    office = login(province["users"]["office"])
    url = f"/chi-tieu/{ind.pk}/"
    for path in ("/chi-tieu/", url):
        _get(office, path)
    # A new value (pending) for 2025: the office sees it at once, in the list and on the page.
    indicator_value_submit(user=province["users"]["focal_culture"], indicator=ind, period="2025", value=40)
    # (ahead of the trajectory: on track)
    assert "40 <span class=\"small muted\">(2025, chờ duyệt)</span>" in _get(office, "/chi-tieu/")[0]
    page = _get(office, url)[0]
    assert '<td>40</td>' in page and "Đúng lộ trình" in page
    # A target changed: the status follows.
    indicator_update(user=province["users"]["office"], indicator=ind, targets=[{"year": 2030, "value": 39}])
    assert "Đã đạt" in _tbody(_get(office, "/chi-tieu/")[0]) and "Đã đạt" in _get(office, url)[0]
    # A review: Sở KH&CN (verified values only) sees the value once verified, not before.
    other = login(province["users"]["focal_science"])
    assert "Chưa đủ số liệu" in _tbody(_get(other, "/chi-tieu/")[0])
    value = IndicatorValue.objects.get(indicator=ind, period="2025")
    indicator_value_review(user=province["users"]["office"], value=value, decision="verified")
    assert "40 <span class=\"small muted\">(2025)</span>" in _get(other, "/chi-tieu/")[0]
    assert "Đã đạt" in _get(other, url)[0]


def test_an_agency_never_sees_another_s_kept_rows(province, login):
    _indicators(province, 2, published=True)
    _indicators(province, 1, start=10, org="science")
    culture, science = province["users"]["focal_culture"], province["users"]["focal_science"]
    seen = {}
    for user in (culture, science, culture):  # each view after the other's: kept values never cross
        page = _get(login(user), "/chi-tieu/")[0]
        seen[user.username] = (ROW_CODE.findall(page), "chờ duyệt" in _tbody(page))
    assert seen[culture.username] == (["K-000", "K-001"], True)  # its own, with its pending values
    # Sở KH&CN: its own, and Sở VHTTDL's published ones without their pending values.
    assert seen[science.username][0] == ["K-000", "K-001", "K-010"]
    science_page = _get(login(science), "/chi-tieu/")[0]
    assert science_page.count("chờ duyệt") == 1  # its own K-010's latest value only
    ind = _indicators(province, 1, start=20)[0]  # not published: Sở KH&CN never sees it, nor its page
    assert "K-020" not in _get(login(science), "/chi-tieu/")[0]
    assert login(science).get(f"/chi-tieu/{ind.pk}/").status_code == 404
    page = _get(login(culture), f"/chi-tieu/{ind.pk}/")[0]
    assert "Số liệu theo kỳ" in page and "Nhập số liệu" in page  # its own: values and the form


# ---------------------------------------------------------------------------------------- the detail page


def test_the_page_costs_the_same_whatever_the_values(province, login):
    from giamsat.indicators.values import indicator_value_submit

    ind = _indicators(province, 1)[0]
    office = login(province["users"]["office"])
    office.get("/hoi-dap/")
    url = f"/chi-tieu/{ind.pk}/"
    cold_few = _get(office, url)[1]
    warm_few = _get(office, url)[1]
    for year in range(2020, 2024):
        indicator_value_submit(user=province["users"]["focal_culture"], indicator=ind, period=str(year), value=11)
    _indicators(province, 20, start=1)
    cold_many, warm_many = _get(office, url)[1], _get(office, url)[1]
    assert warm_few == warm_many == 1  # whether the indicator is visible (the frame: no query, ADR 0055)
    assert cold_few == cold_many <= 9, (cold_few, cold_many)


def test_the_kept_page_gets_each_request_s_csrf_token(province):
    from django.test import Client

    from giamsat.accounts.models import User

    ind = _indicators(province, 1)[0]
    url = f"/chi-tieu/{ind.pk}/"
    second = User.objects.create(username="vanphong2", role="office", organization=province["orgs"]["office"])
    pages = []
    for user in (province["users"]["office"], second):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        page = browser.get(url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        assert "csrf-token-of-this-request" not in page
        pages.append((browser, token, page))
    # The second office user's page came from the first one's kept parts, with its own token: its review works.
    browser, token, page = pages[1]
    assert page.count('class="review-form"') == 2
    value_id = re.search(r'action="/chi-tieu/so-lieu/(\d+)/duyet/"', page)
    assert value_id, page
    answer = browser.post(f"/chi-tieu/so-lieu/{value_id.group(1)}/duyet/",
                          {"csrfmiddlewaretoken": token, "decision": "verified", "next": url})
    assert answer.status_code == 302
    assert "Đã duyệt" in browser.get(url).content.decode()


# The indicator page's template before ADR 0053 (its parts were then rendered on every view).
OLD_DETAIL = (Path(__file__).parent / "old_indicator_detail.html").read_text(encoding="utf-8")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.mark.parametrize("role", ["office", "focal_culture", "focal_science"])
def test_the_page_s_markup_is_unchanged(province, login, role):
    from django.template import engines
    from django.utils import timezone

    from giamsat.accounts.access import (
        can_enter_values,
        can_manage_indicators,
        can_request_explanation,
        own_organization_ids,
    )
    from giamsat.indicators.forms import AnswerForm, ExplanationForm, ReviewForm, ValueForm
    from giamsat.indicators.selectors import explanation_list, indicator_chart, indicator_get, value_list
    from giamsat.indicators.values import explanation_request_create

    ind = _indicators(province, 1, published=True)[0]
    explanation_request_create(user=province["users"]["office"], indicator=ind,
                               message="Vì sao chậm?\nXin giải trình.", due_date=dt.date(2026, 2, 1))
    user = province["users"][role]
    client = login(user)
    response = client.get(f"/chi-tieu/{ind.pk}/")
    shown = indicator_get(user, ind.pk)
    values = [] if shown.verified_only else list(
        value_list(user, indicator=shown).select_related(None).select_related("organization")
        .order_by("-period_end", "organization__name", "id")[:100])
    context = {"nav": "indicators", "ind": shown, "a": shown.assessment, "values": values,
               "values_total": len(values), "chart": [indicator_chart(shown, shown.assessment)],
               "can_enter": can_enter_values(user, shown), "can_manage": can_manage_indicators(user),
               "can_request": can_request_explanation(user),
               "value_form": ValueForm(initial={"period": str(timezone.localdate().year - 1)},
                                       frequency=shown.frequency),
               "explanation_form": ExplanationForm(), "answer_form": AnswerForm(), "review_form": ReviewForm(),
               "explanations": list(explanation_list(user, indicator=shown)),
               "agency_ids": own_organization_ids(user)}
    old = engines["django"].from_string(OLD_DETAIL).render(context, request=response.wsgi_request)
    new = response.content.decode()
    import difflib

    diff = list(difflib.unified_diff(TOKEN.sub("", old).splitlines(), TOKEN.sub("", new).splitlines(),
                                     lineterm="", n=1))
    assert not diff, "\n".join(diff[:60])
    own = role != "focal_science"  # Sở KH&CN: another agency's published indicator, as the public sees it
    assert ("Xin giải trình" in new) == own and ("Số liệu theo kỳ" in new) == own
    assert ('class="review-form"' in new) == (role == "office")
    assert ("Gửi giải trình" in new) == (role == "focal_culture")


def test_the_list_s_rows_are_unchanged(province, login):
    from django.template import engines

    from giamsat.indicators.selectors import indicator_list

    _indicators(province, 3, published=True)
    _indicators(province, 2, start=10, org="science", values=(11, 12))
    for role in ("office", "focal_science"):
        user = province["users"][role]
        page = _get(login(user), "/chi-tieu/")[0]
        old = engines["django"].from_string(
            "{% load indicator_tags %}<tbody>\n  {% indicator_rows items %}").render(
            {"items": indicator_list(user)})
        assert _tbody(page) == old + "\n  "


def test_too_many_organizations_to_list_offer_the_chosen_one(province, login, monkeypatch):
    """Past CHOICES_LISTED responsible organizations the drop-down offers only the one a link chose (an
    organization's page links its indicators), with a hint; the filter still narrows."""
    from giamsat.indicators import pages

    monkeypatch.setattr(pages, "CHOICES_LISTED", 1)
    _indicators(province, 1)
    _indicators(province, 1, start=10, org="science")
    office = login(province["users"]["office"])
    page, _ = _get(office, "/chi-tieu/")
    assert pages.TOO_MANY_ORGANIZATIONS in page and ">Sở KH&amp;CN</option>" not in page
    science = province["orgs"]["science"].pk
    page, _ = _get(office, "/chi-tieu/", {"responsible": science})
    assert f'<option value="{science}" selected>' in page and ROW_CODE.findall(page) == ["K-010"]
    monkeypatch.setattr(pages, "CHOICES_LISTED", 300)
    page, _ = _get(office, "/chi-tieu/", {"q": "giữ"})  # another query string: computed with every choice
    assert pages.TOO_MANY_ORGANIZATIONS not in page and ">Sở KH&amp;CN</option>" in page
