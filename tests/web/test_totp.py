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
