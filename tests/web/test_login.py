"""Login: hashed passwords, throttling after repeated failures, CSRF on the form, session expiry."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_login_then_logout(client, province):
    response = client.post("/dang-nhap/", {"username": "svhttdl", "password": "Mat-khau-thu-nghiem-2025"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Sở Văn hóa" in client.get("/").content.decode()
    assert client.post("/dang-xuat/").status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, province):
    response = client.post("/dang-nhap/", {"username": "svhttdl", "password": "sai"})
    assert response.status_code == 200 and "không đúng" in response.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, province, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/dang-nhap/", {"username": "svhttdl", "password": "sai"})
    response = client.post("/dang-nhap/", {"username": "svhttdl", "password": "Mat-khau-thu-nghiem-2025"})
    assert "Tạm khóa" in response.content.decode()
    assert client.get("/").status_code == 302


def test_login_form_requires_csrf(province):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/dang-nhap/", {"username": "svhttdl", "password": "Mat-khau-thu-nghiem-2025"})
    assert response.status_code == 403


def test_session_and_cookie_settings():
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE <= 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY and settings.X_FRAME_OPTIONS == "DENY"


def test_pages_carry_a_strict_content_security_policy(client, province):
    client.force_login(province["users"]["leader"])
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp


def test_a_session_ends_after_eight_idle_hours_and_is_written_once_a_minute(client, province):
    import datetime as dt

    import time_machine
    from django.contrib.sessions.models import Session

    start = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.timezone.utc)
    with time_machine.travel(start, tick=False) as clock:
        client.post("/dang-nhap/", {"username": "svhttdl", "password": "Mat-khau-thu-nghiem-2025"})
        key = client.session.session_key

        def expiry():
            return Session.objects.get(session_key=key).expire_date

        first = expiry()
        clock.shift(dt.timedelta(seconds=30))
        assert client.get("/").status_code == 200 and expiry() == first  # within the minute: no write
        clock.shift(dt.timedelta(minutes=2))
        assert client.get("/").status_code == 200
        assert expiry() == first + dt.timedelta(minutes=2, seconds=30)  # the expiry moved on with activity
        clock.shift(dt.timedelta(hours=7, minutes=59))
        assert client.get("/").status_code == 200  # active within eight hours: still in
        clock.shift(dt.timedelta(hours=8, seconds=1))
        assert client.get("/").status_code == 302  # eight idle hours: logged out
