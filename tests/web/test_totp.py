"""Optional second factor for administrators and the monitoring office."""

import datetime as dt

import pyotp
import pytest

from giamsat.accounts.models import TotpDevice
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-thu-nghiem-2025"


def _enable(client, user):
    client.force_login(user)
    page = client.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "begin"})
    assert "data:image/svg+xml" in page.content.decode()
    secret = TotpDevice.objects.get(user=user).secret
    assert client.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "confirm", "code": "000000"}).status_code == 302
    assert not TotpDevice.objects.get(user=user).confirmed
    client.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "confirm", "code": pyotp.TOTP(secret).now()})
    assert TotpDevice.objects.get(user=user).confirmed
    client.logout()
    return secret


def test_login_needs_the_code_once_enabled(client, province, time_machine):
    office = province["users"]["office"]
    secret = _enable(client, office)
    time_machine.move_to(TODAY + dt.timedelta(seconds=90), tick=True)  # the confirming code is spent: wait for the next
    response = client.post("/dang-nhap/", {"username": "vanphong", "password": PASSWORD})
    assert response["Location"] == "/dang-nhap/ma-xac-thuc/"
    assert client.get("/").status_code == 302  # not logged in yet
    bad = client.post("/dang-nhap/ma-xac-thuc/", {"code": "123456"})
    assert "không đúng" in bad.content.decode()
    code = pyotp.TOTP(secret).now()
    assert client.post("/dang-nhap/ma-xac-thuc/", {"code": code}).status_code == 302
    assert client.get("/").status_code == 200
    # The same code does not work twice.
    client.logout()
    client.post("/dang-nhap/", {"username": "vanphong", "password": PASSWORD})
    assert "không đúng" in client.post("/dang-nhap/ma-xac-thuc/", {"code": code}).content.decode()


def test_too_many_wrong_codes_end_the_attempt(client, province, time_machine):
    _enable(client, province["users"]["admin"])
    client.post("/dang-nhap/", {"username": "quantri", "password": PASSWORD})
    for _ in range(5):
        response = client.post("/dang-nhap/ma-xac-thuc/", {"code": "000000"})
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/"
    assert client.get("/dang-nhap/ma-xac-thuc/")["Location"] == "/dang-nhap/"


def test_agency_roles_cannot_enable_it(client, province):
    client.force_login(province["users"]["focal_culture"])
    assert client.get("/tai-khoan/xac-thuc-hai-buoc/").status_code == 403


def _codes_step_page(client, username):
    """A new session, past the password step."""
    client.logout()
    response = client.post("/dang-nhap/", {"username": username, "password": PASSWORD})
    assert response["Location"] == "/dang-nhap/ma-xac-thuc/"


def test_starting_again_cannot_turn_a_confirmed_device_off(client, province, time_machine):
    office = province["users"]["office"]
    secret = _enable(client, office)
    client.force_login(office)
    response = client.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "begin"}, follow=True)
    assert "đang bật" in response.content.decode() and "data:image/svg+xml" not in response.content.decode()
    device = TotpDevice.objects.get(user=office)
    assert device.confirmed and device.secret == secret
    _codes_step_page(client, "vanphong")  # the next sign-in still asks for the code


def test_turning_it_off_needs_a_valid_code_and_is_audited(client, province, time_machine):
    from giamsat.audit.models import AuditEntry

    office = province["users"]["office"]
    secret = _enable(client, office)
    time_machine.move_to(TODAY + dt.timedelta(seconds=90), tick=True)
    client.force_login(office)
    response = client.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "disable", "code": "000000"},
                           follow=True)
    assert "Cần nhập đúng mã" in response.content.decode()
    assert TotpDevice.objects.get(user=office).confirmed
    assert not AuditEntry.objects.filter(event="totp_disabled").exists()
    client.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "disable", "code": pyotp.TOTP(secret).now()})
    assert not TotpDevice.objects.filter(user=office).exists()
    assert AuditEntry.objects.filter(event="totp_disabled", object_id=str(office.pk)).count() == 1


def test_wrong_codes_are_limited_per_account_across_sessions(client, province, time_machine, settings):
    from django.core.management import call_command

    from giamsat.audit.models import AuditEntry

    settings.GIAMSAT_TOTP_FAILURE_LIMIT = 5
    settings.GIAMSAT_TOTP_LOCKOUT_MINUTES = 15
    admin = province["users"]["admin"]
    secret = _enable(client, admin)
    failed = AuditEntry.objects.filter(event="totp_failed", object_id=str(admin.pk))
    before = failed.count()  # the wrong code typed while setting up
    time_machine.move_to(TODAY + dt.timedelta(seconds=90), tick=True)
    # Two wrong codes per sign-in, over three sign-ins: the fifth locks the account's code step.
    for wrong in (2, 2, 1):
        _codes_step_page(client, "quantri")
        for _ in range(wrong):
            response = client.post("/dang-nhap/ma-xac-thuc/", {"code": "000000"}, follow=True)
    assert "tạm khóa đến" in response.content.decode() and client.get("/").status_code == 302
    assert failed.count() - before == 5
    assert AuditEntry.objects.filter(event="totp_locked", object_id=str(admin.pk)).count() == 1
    # Locked: even the right code is refused, in a new session.
    _codes_step_page(client, "quantri")
    response = client.post("/dang-nhap/ma-xac-thuc/", {"code": pyotp.TOTP(secret).now()}, follow=True)
    assert "tạm khóa đến" in response.content.decode() and client.get("/").status_code == 302
    # The lock ends with time; one more wrong code then locks again at once.
    time_machine.move_to(TODAY + dt.timedelta(minutes=17), tick=True)
    _codes_step_page(client, "quantri")
    relocked = client.post("/dang-nhap/ma-xac-thuc/", {"code": "000000"}, follow=True)
    assert "tạm khóa đến" in relocked.content.decode()
    # An administrator lifts it (`giamsat user unlock`): the right code signs in.
    call_command("user", "unlock", "quantri")
    assert AuditEntry.objects.filter(event="sign_in_unlocked", object_id=str(admin.pk)).exists()
    _codes_step_page(client, "quantri")
    assert client.post("/dang-nhap/ma-xac-thuc/", {"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert client.get("/").status_code == 200
    assert TotpDevice.objects.get(user=admin).failed_attempts == 0
