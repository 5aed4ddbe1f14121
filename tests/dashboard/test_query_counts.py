"""Every dashboard page and API answers in a constant number of queries, however much data there is."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from giamsat.web.views import organization_figures
from tests.dashboard.conftest import grow

pytestmark = pytest.mark.django_db

PAGES = [
    "/bang-dieu-khien/",
    "/bang-dieu-khien/?thang=12",
    "/canh-bao/",
    "/cong-khai/",
    "/chi-tieu/",
    "/bang-dieu-khien/xuat/bao-cao.csv",
    "/bang-dieu-khien/xuat/chi-tieu.xlsx",
    "/bang-dieu-khien/xuat/canh-bao.csv",
    "/api/v1/dashboard/summary",
    "/api/v1/dashboard/warnings",
    "/api/v1/indicators",
]


def _counts(client, users) -> dict:
    out = {}
    for role in users:
        caches["default"].clear()  # each measurement counts the menu's unread notifications once (issue #25)
        client.force_login(users[role])
        for url in PAGES:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            out[(role, url)] = len(ctx.captured_queries)
    return out


def _partials(dash, user) -> tuple[int, int]:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load dashboard_tags %}{% document_progress doc %}")
    with CaptureQueriesContext(connection) as ctx:
        html = "".join(organization_figures(user, dash["orgs"]["science"], today=timezone.localdate()))
        html += template.render(Context({"request": request, "doc": dash["program"]}))
    assert "Tiến độ của văn bản" in html and "Chỉ tiêu do đơn vị chịu trách nhiệm" in html
    return len(ctx.captured_queries), html.count("<tr>")


def test_query_counts_do_not_grow_with_data(client, dash):
    users = {"leader": dash["users"]["leader"], "agency": dash["users"]["focal_science"]}
    grow(dash, 5, start=1000)  # so that every list has rows for both users (an empty list saves a query)
    from giamsat.dashboard.selectors import task_summary

    for user in users.values():
        s = task_summary(user)
        assert s.overdue and s.soon, user
    small = _counts(client, users)
    small_partials, small_rows = _partials(dash, dash["users"]["leader"])
    grow(dash, 45)  # 13 tasks → 58, with their assignments, updates, decisions; more reports and indicators
    large = _counts(client, users)
    large_partials, large_rows = _partials(dash, dash["users"]["leader"])
    assert large == small, {k: (small[k], large[k]) for k in small if small[k] != large[k]}
    assert large_partials == small_partials and large_rows > small_rows
    assert max(small.values()) <= 41, small  # 41: an agency's dashboard counts its coordinated tasks apart


def test_the_grown_data_is_really_on_the_pages(client, dash):
    """Guard for the test above: the second measurement does look at more rows."""
    from giamsat.dashboard.selectors import task_summary

    before = task_summary(dash["users"]["leader"]).total
    grow(dash, 10)
    assert task_summary(dash["users"]["leader"]).total == before + 10
    client.force_login(dash["users"]["leader"])
    assert "THEM-0" in client.get("/api/v1/indicators").content.decode()
