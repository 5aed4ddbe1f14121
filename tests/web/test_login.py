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
    settings.GIAMSAT_LOGIN_FAILURE_LIMIT = 3
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

    start = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)
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


# Demo accounts and demo passwords (ADR 0015). The test settings run with DEBUG off, as production does.

def _make_demo(user):
    user.is_demo = True
    user.save()
    return user


def test_demo_accounts_refused_in_production(client, province):
    _make_demo(province["users"]["admin"])
    page = client.post("/dang-nhap/", {"username": "quantri", "password": "Mat-khau-thu-nghiem-2025"})
    assert page.status_code == 200 and "tài khoản mẫu" in page.content.decode()
    assert client.get("/").status_code == 302
    # The Django admin's own sign-in page refuses it too, with the same reason.
    credentials = {"username": "quantri", "password": "Mat-khau-thu-nghiem-2025"}
    page = client.post("/admin/login/?next=/admin/", credentials)
    assert page.status_code == 200 and "tài khoản mẫu" in page.content.decode()
    assert client.get("/admin/").status_code == 302
    # Any other caller of django.contrib.auth.authenticate.
    assert not client.login(username="quantri", password="Mat-khau-thu-nghiem-2025")


def test_demo_password_refused_in_production_whoever_has_it(client, province, settings):
    settings.GIAMSAT_DEMO_PASSWORD = "Mat-khau-chung-demo-2026"
    for user, password in ((province["users"]["office"], "Mat-khau-chung-demo-2026"),
                           (province["users"]["leader"], "Harness-mat-khau-2026")):  # published in scripts/
        user.set_password(password)
        user.save()
        page = client.post("/dang-nhap/", {"username": user.username, "password": password})
        assert "mật khẩu mẫu" in page.content.decode()
        assert client.get("/").status_code == 302


def test_demo_sessions_and_tokens_end_outside_a_demo(client, province, bearer, settings):
    settings.GIAMSAT_DEMO_MODE = True
    focal = province["users"]["focal_culture"]
    headers = bearer(focal)
    client.force_login(_make_demo(focal))
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/tasks", **headers).status_code == 200
    settings.GIAMSAT_DEMO_MODE = False  # the same data served as a real instance
    assert client.get("/").status_code == 302
    response = client.get("/api/v1/tasks", **headers)
    assert response.status_code == 403 and "tài khoản mẫu" in response.json()["detail"]


@pytest.mark.parametrize("demo_setting", ["GIAMSAT_DEMO_MODE", "DEBUG"])
def test_demo_accounts_sign_in_on_a_demo_instance_which_says_so(client, province, settings, tmp_path,
                                                                demo_setting):
    settings.DATA_DIR = tmp_path  # no DEMO marker: the banner comes from the setting alone
    _make_demo(province["users"]["admin"])
    assert "Dữ liệu mẫu" not in client.get("/dang-nhap/").content.decode()
    setattr(settings, demo_setting, True)
    response = client.post("/dang-nhap/", {"username": "quantri", "password": "Mat-khau-thu-nghiem-2025"})
    assert response.status_code == 302
    if demo_setting == "GIAMSAT_DEMO_MODE":
        assert "Dữ liệu mẫu" in client.get("/").content.decode()
        assert "Dữ liệu mẫu" in client.get("/admin/").content.decode()


def test_a_demo_password_cannot_be_chosen(client, province, settings):
    settings.GIAMSAT_DEMO_PASSWORD = "Mat-khau-chung-demo-2026"
    client.force_login(province["users"]["office"])
    page = client.post("/tai-khoan/doi-mat-khau/", {"old_password": "Mat-khau-thu-nghiem-2025",
                                                    "new_password": "Mat-khau-chung-demo-2026",
                                                    "new_password2": "Mat-khau-chung-demo-2026"})
    assert page.status_code == 200 and "mật khẩu mẫu" in page.content.decode()
    province["users"]["office"].refresh_from_db()
    assert province["users"]["office"].check_password("Mat-khau-thu-nghiem-2025")


def test_spraying_one_password_over_many_accounts_locks_the_address(client, province, settings):
    settings.AXES_ENABLED = True
    settings.GIAMSAT_LOGIN_FAILURE_LIMIT = 5
    settings.GIAMSAT_LOGIN_ADDRESS_FAILURE_LIMIT = 20
    tries = [(username, f"Doan-sai-{n}") for n in range(4)  # four per account: under the per-account limit
             for username in ("quantri", "vanphong", "svhttdl", "skhcn", "lanhdao")]
    pages = [client.post("/dang-nhap/", {"username": u, "password": p}).content.decode() for u, p in tries]
    assert not any("Tạm khóa" in page for page in pages[:19]) and "Tạm khóa" in pages[19]
    # Twenty failures from this address: now locked for every account, even with the right password...
    page = client.post("/dang-nhap/", {"username": "kiemtra", "password": "Mat-khau-thu-nghiem-2025"})
    assert "Tạm khóa" in page.content.decode() and client.get("/").status_code == 302
    # ...while another address still signs in.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.post("/dang-nhap/", {"username": "kiemtra", "password": "Mat-khau-thu-nghiem-2025"},
                      REMOTE_ADDR="10.1.2.3").status_code == 302
