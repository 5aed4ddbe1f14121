"""The logged-in frame (issue #25): session, user, organization and audit actor cost one query per page;
the menu's unread-notification count none while nothing changed. What the caches hold never outlives a
logout, a deactivation, a role change or a new notification."""

import pytest
from django.conf import settings
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

TRIVIAL = "/hoi-dap/"  # the ask page: the frame around an empty form


def _queries(client, path=TRIVIAL):
    from django.db import connection

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    return response, [q["sql"] for q in ctx.captured_queries]


def test_a_signed_in_page_costs_no_query_once_its_user_is_kept(client, province):
    user = province["users"]["focal_culture"]
    client.force_login(user)
    client.get(TRIVIAL)  # the first page of the minute moves the session's expiry on (one write)
    response, queries = _queries(client)
    assert response.status_code == 200
    assert queries == []  # the user with their organization kept in the cache (ADR 0055)
    assert user.organization.display_name in response.content.decode()  # the header shows it


def test_without_the_kept_user_a_signed_in_page_costs_one_query(client, province, settings):
    settings.GIAMSAT_FRAME_CACHE_SECONDS = 0
    user = province["users"]["focal_culture"]
    client.force_login(user)
    client.get(TRIVIAL)
    response, queries = _queries(client)
    assert response.status_code == 200
    assert len(queries) == 1, queries  # the user with their organization, nothing else
    assert "organizations_organization" in queries[0]
    assert user.organization.display_name in response.content.decode()


def test_logout_ends_the_cached_session_at_once(client, province):
    client.force_login(province["users"]["office"])
    client.get(TRIVIAL)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/dang-xuat/")
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie  # someone replays the old cookie
    assert client.get(TRIVIAL).status_code == 302


def test_deactivation_and_role_change_apply_on_the_next_page(client, province):
    user = province["users"]["focal_culture"]
    client.force_login(user)
    assert client.get("/chat-luong-du-lieu/").status_code == 403  # the office's page
    user.role = "office"
    user.save(update_fields=["role"])
    assert client.get("/chat-luong-du-lieu/").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(TRIVIAL).status_code == 302


def test_the_unread_count_is_cached_until_the_users_notifications_change(client, province):
    from giamsat.reporting.models import Notification
    from giamsat.reporting.services import notifications_mark_read

    user, other = province["users"]["focal_culture"], province["users"]["focal_science"]
    client.force_login(user)
    client.get(TRIVIAL)
    response, queries = _queries(client)
    assert "Báo cáo</a>" in response.content.decode() and not any("reporting_notification" in q for q in queries)

    Notification.objects.create(user=user, message="Nhắc báo cáo tháng", url="/bao-cao/")
    response, queries = _queries(client)
    assert "Báo cáo (1)</a>" in response.content.decode()
    assert sum("reporting_notification" in q for q in queries) == 1  # counted once after the change
    assert not any("reporting_notification" in q for q in _queries(client)[1])  # then cached

    Notification.objects.bulk_create([Notification(user=user, message="a"), Notification(user=other, message="b")])
    assert "Báo cáo (2)</a>" in client.get(TRIVIAL).content.decode()
    notifications_mark_read(user=user)
    assert "Báo cáo</a>" in client.get(TRIVIAL).content.decode()
    Notification.objects.filter(user=other).delete()
    client.force_login(other)
    assert "Báo cáo</a>" in client.get(TRIVIAL).content.decode()
