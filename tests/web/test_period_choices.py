"""Periods are chosen from a list in words, never typed as codes (#21): one builder in core for every form."""

import datetime as dt
import re

import pytest
from django import forms

from giamsat.core.periods import HALF, MONTH, QUARTER, YEAR, PeriodField, period_choices, period_label


def test_labels_in_words():
    assert [period_label(k) for k in ("2026-11", "2026-Q4", "2026-H1", "2026-H2", "2026-9M", "2026")] == [
        "Tháng 11/2026", "Quý IV/2026", "6 tháng đầu năm 2026", "6 tháng cuối năm 2026", "9 tháng năm 2026",
        "Năm 2026"]


def test_choices_newest_first_only_begun_periods():
    choices = period_choices(kinds=(MONTH, QUARTER, HALF, YEAR), today=dt.date(2026, 11, 20), years_back=0)
    keys = [k for k, _ in choices]
    assert keys[0] == "2026-Q4" and "2026-12" not in keys and "2026-11" in keys and "2026" in keys
    assert dict(choices)["2026-Q4"] == "Quý IV/2026"


class _Form(forms.Form):
    period = PeriodField(kinds=(QUARTER, YEAR))


def test_field_takes_a_listed_or_linked_key_and_refuses_the_rest():
    assert _Form({"period": "2026-q4"}).is_valid()
    assert _Form({"period": "2026-11"}).is_valid()  # a period all the same: its service judges the kind
    bad = _Form({"period": "1990"})
    assert not bad.is_valid() and "Kỳ đã chọn không có trong danh sách." in bad.errors["period"]
    assert not _Form({"period": "2026-Q9"}).is_valid()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "address"), [("office", "/bao-cao/tong-hop/"), ("office", "/danh-gia/"),
                                               ("focal_culture", "/tuyen-truyen/tong-hop/")])
def test_pages_offer_a_list_not_a_text_box(province, login, role, address):
    page = login(province["users"][role]).get(address).content.decode()
    assert re.search(r'<select name="period"[^>]*>', page), address
    assert not re.search(r'<input[^>]*name="period"', page)
    assert "Quý I/2026" in page and "2026-Q" not in re.sub(r'value="[^"]*"', "", page)
