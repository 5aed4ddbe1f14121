"""Figures rounded for people in the dashboard's CSV/XLSX (#21), codes only in machine-readable exports."""

import csv
import io
import re
from decimal import Decimal

import pytest

from giamsat.core.numbers import for_people
from giamsat.dashboard.exports import as_csv, as_xlsx


def test_rounding_for_people():
    assert for_people(Decimal("32.86666666666666666666666667")) == Decimal("32.87")
    assert for_people(5.0833) == 5.08 and for_people(Decimal("40.00")) == Decimal("40")
    assert for_people(7) == 7 and for_people(True) is True and for_people("5.0833") == "5.0833"


def test_csv_and_xlsx_rows_are_rounded():
    rows = [["Tỷ lệ", Decimal("32.86666666666666666666666667"), 5.083333]]
    text = as_csv(["Mục", "A", "B"], rows).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1] == ["Tỷ lệ", "32.87", "5.08"]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(as_xlsx("Bảng", ["Mục", "A", "B"], rows))).active
    assert [c.value for c in sheet[2]] == ["Tỷ lệ", 32.87, 5.08]


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["tinh-trang", "co-quan", "chi-tieu", "qua-han", "bao-cao"])
def test_dashboard_csv_has_no_long_decimals_nor_codes(province, login, table):
    response = login(province["users"]["office"]).get(f"/bang-dieu-khien/xuat/{table}.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert not re.search(r"\d\.\d{3,}", text) and "not_started" not in text and "in_progress" not in text
