"""The early warnings' first view shows the first rows of each list, with exact counts; every row is reached
by the «Xem tất cả» link and the list's pages (`?danh-sach=…&page=n`), in the page's order (issue #25)."""

import re
from urllib.parse import urljoin

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.dashboard.conftest import grow
from tests.dashboard_page import opened

pytestmark = pytest.mark.django_db

SHOWN = 1  # rows of each list on the first view, here (the page: 50)
PER_PAGE = 2  # rows of a list page, here (the page: 50)
# The page's anchors and list names (dashboard.warning_pages.LISTS).
LISTS = {"qua-han": "overdue", "sap-den-han": "soon", "chua-bao-cao": "not_reported", "bao-cao": "reports_missing"}
TASK = re.compile(r'href="/nhiem-vu/(\d+)/"')


@pytest.fixture
def small_pages(monkeypatch):
    from giamsat.dashboard import views, warning_pages

    monkeypatch.setattr(views, "WARNINGS_SHOWN", SHOWN)
    monkeypatch.setattr(warning_pages, "ROWS_PER_PAGE", PER_PAGE)


def _get(client, user, url: str, **params) -> str:
    """The page as a browser shows it: its parts loaded after it (ADR 0059)."""
    client.force_login(user)
    return opened(client, url, **params)


def _sections(html: str) -> dict[str, str]:
    """The page's sections by their anchor: from their heading to the next heading."""
    parts = re.split(r'<h2 id="([a-z-]+)">', html)
    return {parts[i]: parts[i + 1].split("<h2")[0] for i in range(1, len(parts) - 1, 2)}


def _rows(section: str) -> list[str]:
    body = section[section.index("<tbody>"):section.index("</tbody>")]
    return re.findall(r"<tr>.*?</tr>", body, flags=re.S)


def _row_keys(name: str, rows: list[str]) -> list[str]:
    """What tells the rows apart: the task's address, or (for reports) the whole row."""
    if name == "reports_missing":
        return [re.sub(r"\s+", " ", r) for r in rows if "muted" not in r]
    return [TASK.search(r).group(1) for r in rows if TASK.search(r)]


def _full(user, resolution: str = ""):
    """Every row of every list, computed without limit (as the exports and the e-mail have them)."""
    from django.template.loader import render_to_string

    from giamsat.dashboard.warnings import early_warnings

    w = early_warnings(user, today=timezone.localdate(), resolution=resolution)
    keys = {name: [str(t.pk) for t in getattr(w, name)] for name in ("overdue", "soon", "not_reported")}
    html = render_to_string("dashboard/_warnings_reports.html", {"w": w})
    keys["reports_missing"] = _row_keys("reports_missing", _rows(html))
    return keys


def _walk(client, user, first_url: str) -> list[str]:
    """The rows of a list, following its pages' «Sau →» links to the end."""
    name = LISTS[re.search(r"danh-sach=([a-z-]+)", first_url).group(1)]
    url, seen, keys = first_url, set(), []
    while url:
        assert url not in seen
        seen.add(url)
        html = _get(client, user, url)
        keys += _row_keys(name, _rows(html[html.index("<main"):]))
        following = re.search(r'href="(\?[^"]*)">Sau →', html)
        url = urljoin("/canh-bao/", following.group(1).replace("&amp;", "&")) if following else None
    return keys


@pytest.mark.parametrize("who", ["office", "focal_culture"])
def test_the_first_view_shows_the_first_rows_and_every_row_is_reached_by_its_link(client, dash, small_pages, who):
    grow(dash, 12, start=700)  # every list longer than SHOWN
    user = dash["users"][who]
    full = _full(user)
    page = _get(client, user, "/canh-bao/", **{"tinh-lai": "1"})
    sections = _sections(page[page.index("<main"):page.index("</main>")])
    longer = 0
    for anchor, name in LISTS.items():
        section = sections[anchor]
        shown = _row_keys(name, _rows(section))
        assert shown == full[name][:SHOWN], anchor  # the first ones, in the page's order
        heading = re.search(r"\((\d+)\)</h2>", page[page.index(f'<h2 id="{anchor}">'):]).group(1)
        assert int(heading) == len(full[name]), anchor  # the count is every row's
        link = re.search(r'<a href="(/canh-bao/\?danh-sach=[^"]+)">Xem tất cả (\d+)', section)
        if len(full[name]) <= SHOWN:
            assert link is None, anchor
            continue
        longer += 1
        assert int(link.group(2)) == len(full[name])
        assert _walk(client, user, link.group(1).replace("&amp;", "&")) == full[name], anchor
    assert longer >= 2, full  # the test walks real pages


def test_the_links_keep_the_resolution_chosen(client, dash, two_cascades, small_pages):
    grow(dash, 12, start=700)
    user = dash["users"]["office"]
    full = _full(user, resolution="57")
    page = _get(client, user, "/canh-bao/", resolution="57")
    links = re.findall(r'<a href="(/canh-bao/\?danh-sach=([a-z-]+)[^"]*)">Xem tất cả', page)
    assert links
    for url, anchor in links:
        url = url.replace("&amp;", "&")
        assert "resolution=57" in url
        assert _walk(client, user, url) == full[LISTS[anchor]], anchor


def test_a_list_page_reads_as_many_queries_whatever_the_rows(client, dash, small_pages):
    user = dash["users"]["office"]

    def counts() -> dict:
        out = {}
        for anchor in LISTS:
            client.force_login(user)
            client.get("/canh-bao/", {"danh-sach": anchor})  # the session, the menu's counts: alike
            with CaptureQueriesContext(connection) as ctx:
                assert client.get("/canh-bao/", {"danh-sach": anchor, "page": 2}).status_code == 200
            out[anchor] = len(ctx.captured_queries)
        return out

    grow(dash, 5, start=1000)  # so that every list has rows
    small = counts()
    grow(dash, 12, start=500)
    assert counts() == small


def test_an_unknown_list_or_page_is_answered_in_words(client, dash):
    user = dash["users"]["office"]
    client.force_login(user)
    response = client.get("/canh-bao/", {"danh-sach": "khong-co"})
    assert response.status_code == 404
    assert "Không có danh sách cảnh báo này." in response.content.decode()
    for page in ("abc", "999", "-1"):  # the last page, or the first: never an error
        assert client.get("/canh-bao/", {"danh-sach": "qua-han", "page": page}).status_code == 200


def test_the_first_view_after_a_write_reads_as_many_queries_when_the_lists_are_cut(client, dash, small_pages):
    """The first rows of the three task lists in one read (not one per list): as many queries as when every
    row is shown (tests/dashboard/test_parts_dash.py), whatever the rows."""
    from tests.dashboard.test_parts_dash import MAX_AFTER_UPDATE, _progress

    users = dash["users"]

    def counts(n: int) -> dict:
        out = {}
        for who in ("office", "focal_culture"):
            client.force_login(users[who])
            client.get("/canh-bao/")  # kept
            _progress(dash, n=n + len(out))
            caches["default"].clear()  # the menu's unread notifications counted in every measurement alike
            with CaptureQueriesContext(connection) as ctx:
                assert client.get("/canh-bao/").status_code == 200
            out[who] = len(ctx.captured_queries)
        return out

    grow(dash, 5, start=1000)
    small = counts(0)
    assert all(n <= MAX_AFTER_UPDATE[(who, "/canh-bao/")] for who, n in small.items()), small
    grow(dash, 12, start=500)
    assert counts(100) == small


def test_a_list_page_is_kept_until_a_write_of_its_kind(client, dash, django_capture_on_commit_callbacks):
    """A list's page is computed once per data version (issue #25: every page near the floor): a second view
    reads nothing; a progress update that closes an overdue task takes it off the page at once."""
    from tests.dashboard.test_parts_dash import _progress

    overdue = str(dash["tasks"]["overdue"].pk)
    user = dash["users"]["office"]
    first = _get(client, user, "/canh-bao/", **{"danh-sach": "qua-han"})
    assert f'href="/nhiem-vu/{overdue}/"' in first
    with CaptureQueriesContext(connection) as ctx:
        again = client.get("/canh-bao/", {"danh-sach": "qua-han"}).content.decode()
    body = lambda html: html[html.index("<h1>"):html.index("</main>")]  # noqa: E731 (the frame's CSRF token differs)
    assert body(again) == body(first) and len(ctx.captured_queries) == 0, ctx.captured_queries
    with django_capture_on_commit_callbacks(execute=True):
        _progress(dash)
    after = _get(client, user, "/canh-bao/", **{"danh-sach": "qua-han"})
    assert f'href="/nhiem-vu/{overdue}/"' not in after
