"""Reading numbers (decimal comma) and periods typed by people. No database."""

import datetime as dt
from decimal import Decimal as D

import pytest

from giamsat.indicators.parsing import InputError, check_frequency, format_number, parse_number, parse_period


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("37,6", D("37.6")),
        ("37.6", D("37.6")),
        (" 1.234,5 ", D("1234.5")),
        ("0,623", D("0.623")),
        ("80%", D(80)),
        ("1 234", D(1234)),
        (12, D(12)),
        (0.1, D("0.1")),
        ("-3,5", D("-3.5")),
        (D("2.5"), D("2.5")),
    ],
)
def test_numbers(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    "raw", ["abc", "", "1,234,567", "1,2.3", "12a", "--1", "NaN", "inf", True, "1e400", "999999999999999"]
)
def test_not_numbers(raw):
    with pytest.raises(InputError):
        parse_number(raw)


def test_not_a_number_message_is_vietnamese():
    with pytest.raises(InputError, match="không phải là số"):
        parse_number("mười hai")


@pytest.mark.parametrize(
    ("raw", "key", "end"),
    [
        ("2025", "2025", dt.date(2025, 12, 31)),
        ("Năm 2025", "2025", dt.date(2025, 12, 31)),
        (2025, "2025", None),
        ("2025-H1", "2025-H1", dt.date(2025, 6, 30)),
        ("6 tháng cuối năm 2025", "2025-H2", dt.date(2025, 12, 31)),
        ("2025-Q1", "2025-Q1", dt.date(2025, 3, 31)),
        ("Quý IV/2025", "2025-Q4", dt.date(2025, 12, 31)),
        ("quý 2/2026", "2026-Q2", dt.date(2026, 6, 30)),
        ("2025-06", "2025-06", dt.date(2025, 6, 30)),
        ("Tháng 2/2024", "2024-02", dt.date(2024, 2, 29)),
        ("02/2025", "2025-02", dt.date(2025, 2, 28)),
    ],
)
def test_periods(raw, key, end):
    period = parse_period(raw)
    assert period.key == key
    if end:
        assert period.end == end


@pytest.mark.parametrize("raw", ["", "2025-Q5", "2025-13", "Quý 5/2025", "năm ngoái", "1800", "2025-H3"])
def test_bad_periods(raw):
    with pytest.raises(InputError):
        parse_period(raw)


def test_period_must_match_the_frequency():
    check_frequency(parse_period("2025"), "annual")
    with pytest.raises(InputError, match="hằng năm|năm"):
        check_frequency(parse_period("2025-Q1"), "annual")
    check_frequency(parse_period("2025-Q1"), "quarterly")


def test_format_number_uses_decimal_comma():
    assert format_number(D("1234.5")) == "1.234,5"
    assert format_number(D("37.6000"), 4) == "37,6"
    assert format_number(D("80")) == "80"
    assert format_number(None) == ""
