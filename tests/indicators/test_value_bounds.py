"""Values for impossible years or outside the indicator's range are refused with a Vietnamese message, on the
page, in the XLSX import and through the API alike (#21)."""

import io
import re

import pytest
from openpyxl import Workbook

from giamsat.core.errors import ApplicationError
from giamsat.indicators.models import IndicatorValue
from giamsat.indicators.services import indicator_create, indicator_values_import_xlsx
from giamsat.indicators.values import indicator_value_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def plain(province):
    """A count without declared bounds nor baseline: 0 and up; targets for 2030."""
    return indicator_create(user=province["users"]["office"], code="KHCN-02", name="Số doanh nghiệp KH&CN",
                            unit="doanh nghiệp", responsible=province["orgs"]["science"],
                            targets=[{"year": 2030, "value": "20", "comparator": ">="}])


@pytest.fixture
def share(province):
    return indicator_create(user=province["users"]["office"], code="KHCN-03", name="Tỷ lệ hồ sơ trực tuyến",
                            unit="%", responsible=province["orgs"]["science"],
                            targets=[{"year": 2030, "value": "80", "comparator": ">="}])


def _submit(province, indicator, period, value):
    return indicator_value_submit(user=province["users"]["focal_science"], indicator=indicator, period=period,
                                  value=value)


@pytest.mark.parametrize(("which", "period", "value", "words"), [
    ("plain", "1990", "5", "Năm 1990 không hợp lệ"),
    ("plain", "2031", "5", "Năm 2031 không hợp lệ"),  # after the last target year
    ("indicator", "2023", "31", "trước năm cơ sở 2024"),
    ("plain", "2025", "-3", "âm không hợp lệ"),
    ("share", "2025", "120", "vượt quá 100%"),
    ("indicator", "2025", "101", "ngoài khoảng hợp lệ"),  # declared 0–100
])
def test_impossible_values_are_refused(province, indicator, plain, share, which, period, value, words, settings):
    target = {"indicator": indicator, "plain": plain, "share": share}[which]
    import time_machine

    with time_machine.travel("2032-06-01"), pytest.raises(ApplicationError, match=words):
        _submit(province, target, period, value)
    assert not IndicatorValue.objects.exists()


def test_possible_values_still_go_in(province, plain, share):
    assert _submit(province, plain, "2025", "0").value == 0
    assert _submit(province, share, "2025", "100").value == 100


def test_the_xlsx_import_and_the_api_refuse_the_same(province, plain, client, bearer):
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Kỳ", "Giá trị", "Ước thực hiện", "Nguồn số liệu"])
    ws.append(["KHCN-02", "", "", "1990", "5", "", ""])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ApplicationError, match="Năm 1990 không hợp lệ"):
        indicator_values_import_xlsx(user=province["users"]["focal_science"], data=out.getvalue())
    response = client.post(f"/api/v1/indicators/{plain.pk}/values", {"period": "1990", "value": "5"},
                           content_type="application/json", **bearer(province["users"]["focal_science"]))
    assert response.status_code == 400 and "Năm 1990 không hợp lệ" in response.json()["detail"]
    client.force_login(province["users"]["focal_science"])  # the page: periods chosen from a list, same service
    page = client.get(f"/chi-tieu/{plain.pk}/").content.decode()
    assert re.search(r'<option value="2025"[^>]*>Năm 2025</option>', page) and '<option value="1990"' not in page
    response = client.post(f"/chi-tieu/{plain.pk}/so-lieu/", {"period": "1990", "value": "5"})
    assert "Kỳ đã chọn không có trong danh sách." in response.content.decode()
    response = client.post(f"/chi-tieu/{plain.pk}/so-lieu/", {"period": "2025", "value": "-3"})
    assert response.status_code == 400 and "âm không hợp lệ" in response.content.decode()
    assert not IndicatorValue.objects.exists()
