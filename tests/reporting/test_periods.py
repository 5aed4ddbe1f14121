"""Reporting periods: Decree 09/2019 art. 12 cut-off, Vietnamese labels, due dates. Pure functions, no DB."""

import datetime as dt

import pytest

from giamsat.reporting.periods import (
    due_date_for,
    once_period,
    parse_period_key,
    period_at,
    period_ending,
    periods_between,
)

D = dt.date


@pytest.mark.parametrize(
    ("frequency", "year", "month", "key", "label", "start", "end"),
    [
        ("monthly", 2025, 6, "2025-06", "Tháng 06/2025", D(2025, 5, 15), D(2025, 6, 14)),
        (
            "monthly",
            2026,
            1,
            "2026-01",
            "Tháng 01/2026",
            D(2025, 12, 15),
            D(2026, 1, 14),
        ),  # across the new year
        (
            "monthly",
            2024,
            3,
            "2024-03",
            "Tháng 03/2024",
            D(2024, 2, 15),
            D(2024, 3, 14),
        ),  # leap February inside
        ("quarterly", 2025, 3, "2025-Q1", "Quý I/2025", D(2024, 12, 15), D(2025, 3, 14)),
        ("quarterly", 2025, 6, "2025-Q2", "Quý II/2025", D(2025, 3, 15), D(2025, 6, 14)),
        ("quarterly", 2025, 9, "2025-Q3", "Quý III/2025", D(2025, 6, 15), D(2025, 9, 14)),
        ("quarterly", 2025, 12, "2025-Q4", "Quý IV/2025", D(2025, 9, 15), D(2025, 12, 14)),
        ("6-month", 2025, 6, "2025-H1", "6 tháng đầu năm 2025", D(2024, 12, 15), D(2025, 6, 14)),
        ("6-month", 2025, 12, "2025-H2", "6 tháng cuối năm 2025", D(2025, 6, 15), D(2025, 12, 14)),
        ("9-month", 2025, 9, "2025-9M", "9 tháng năm 2025", D(2024, 12, 15), D(2025, 9, 14)),
        ("annual", 2025, 12, "2025", "Năm 2025", D(2024, 12, 15), D(2025, 12, 14)),
    ],
)
def test_cut_off_windows_and_labels(frequency, year, month, key, label, start, end):
    spec = period_ending(frequency, year, month, due_day=15)
    assert (spec.key, spec.label, spec.start, spec.end) == (key, label, start, end)


def test_consecutive_periods_leave_no_gap_and_no_overlap():
    for frequency in ("monthly", "quarterly", "6-month", "annual"):
        specs = periods_between(frequency, D(2024, 1, 1), D(2027, 12, 31), due_day=15)
        for before, after in zip(specs, specs[1:], strict=False):
            assert after.start == before.end + dt.timedelta(days=1), (frequency, before, after)


@pytest.mark.parametrize(
    ("frequency", "day", "label"),
    [
        ("monthly", D(2025, 6, 14), "Tháng 06/2025"),  # the cut-off day still belongs to the period
        ("monthly", D(2025, 6, 15), "Tháng 07/2025"),  # the day after starts the next one
        ("monthly", D(2025, 12, 20), "Tháng 01/2026"),  # December's second half reports in January
        ("monthly", D(2024, 2, 29), "Tháng 03/2024"),
        ("quarterly", D(2025, 12, 15), "Quý I/2026"),
        ("quarterly", D(2025, 3, 14), "Quý I/2025"),
        ("6-month", D(2025, 6, 15), "6 tháng cuối năm 2025"),
        ("6-month", D(2025, 12, 31), "6 tháng đầu năm 2026"),
        ("annual", D(2025, 12, 15), "Năm 2026"),
        ("9-month", D(2025, 1, 10), "9 tháng năm 2025"),
    ],
)
def test_period_containing_a_day(frequency, day, label):
    assert period_at(frequency, day, due_day=15).label == label


def test_no_nine_month_period_after_its_cut_off():
    assert period_at("9-month", D(2025, 10, 1)) is None


@pytest.mark.parametrize(
    ("frequency", "end", "due_day", "due_month", "expected"),
    [
        ("monthly", D(2025, 6, 14), 15, None, D(2025, 6, 15)),  # seed 001: before the 15th
        (
            "monthly",
            D(2025, 6, 14),
            14,
            None,
            D(2025, 6, 14),
        ),  # seed 003: units by the 14th (the cut-off day)
        ("monthly", D(2025, 6, 14), 5, None, D(2025, 7, 5)),  # never before the cut-off: next month
        ("monthly", D(2025, 2, 14), 31, None, D(2025, 2, 28)),  # February has no 31st
        ("monthly", D(2024, 2, 14), 30, None, D(2024, 2, 29)),  # leap year
        ("monthly", D(2025, 12, 14), 5, None, D(2026, 1, 5)),  # across the new year
        ("6-month", D(2025, 6, 14), 15, 6, D(2025, 6, 15)),  # seed 001: six-monthly before 15 June ...
        ("6-month", D(2025, 12, 14), 15, 6, D(2025, 12, 15)),  # ... and the second half six months later
        ("6-month", D(2025, 12, 14), 10, 7, D(2026, 1, 10)),  # due the month after each half
        ("annual", D(2025, 12, 14), 15, 12, D(2025, 12, 15)),  # seed 001: annual before 15 December
        ("annual", D(2025, 12, 14), 10, 1, D(2026, 1, 10)),  # an annual report due in January
        ("quarterly", D(2025, 3, 14), 20, None, D(2025, 3, 20)),
        ("9-month", D(2025, 9, 14), 20, 9, D(2025, 9, 20)),
    ],
)
def test_due_dates(frequency, end, due_day, due_month, expected):
    assert due_date_for(frequency, end, due_day=due_day, due_month=due_month) == expected


def test_without_a_due_day_the_cut_off_plus_grace_days():
    assert due_date_for("monthly", D(2025, 6, 14), grace_days=1) == D(2025, 6, 15)
    assert due_date_for("quarterly", D(2025, 12, 14), grace_days=20) == D(2026, 1, 3)
    assert period_ending("annual", 2025, 12, grace_days=6).due_date == D(2025, 12, 20)


def test_periods_between_from_a_plan_date():
    specs = periods_between("monthly", D(2025, 6, 6), D(2026, 1, 10), due_day=15)
    assert [s.key for s in specs] == [
        "2025-06",
        "2025-07",
        "2025-08",
        "2025-09",
        "2025-10",
        "2025-11",
        "2025-12",
        "2026-01",
    ]
    halves = periods_between("6-month", D(2025, 6, 6), D(2026, 1, 10), due_day=15, due_month=6)
    assert [(s.label, s.due_date) for s in halves] == [
        ("6 tháng đầu năm 2025", D(2025, 6, 15)),
        ("6 tháng cuối năm 2025", D(2025, 12, 15)),
        ("6 tháng đầu năm 2026", D(2026, 6, 15)),
    ]
    assert [s.key for s in periods_between("9-month", D(2025, 10, 1), D(2026, 12, 10))] == ["2026-9M"]
    assert [s.key for s in periods_between("9-month", D(2025, 10, 1), D(2026, 12, 15))] == [
        "2026-9M",
        "2027-9M",
    ]
    assert periods_between("monthly", D(2026, 1, 1), D(2025, 1, 1)) == []


def test_once_period():
    spec = once_period(D(2025, 6, 6), due_day=30, due_month=9)
    assert (spec.start, spec.end, spec.due_date, spec.key) == (
        D(2025, 6, 6),
        D(2025, 9, 30),
        D(2025, 9, 30),
        "once",
    )
    assert spec.label == "Một lần, hạn 30/09/2025"
    assert once_period(D(2025, 10, 6), due_day=30, due_month=9).due_date == D(2026, 9, 30)
    assert once_period(D(2025, 6, 20), due_day=15, due_month=None).due_date == D(2025, 7, 15)
    assert once_period(D(2025, 6, 20), due_day=None, due_month=None) is None
    assert [
        s.key for s in periods_between("once", D(2025, 6, 6), D(2025, 7, 1), due_day=30, due_month=9)
    ] == ["once"]


@pytest.mark.parametrize(
    ("key", "parsed"),
    [
        ("2025-06", ("monthly", 2025, 6)),
        ("2025-Q2", ("quarterly", 2025, 6)),
        ("2025-q4", ("quarterly", 2025, 12)),
        ("2025-H1", ("6-month", 2025, 6)),
        ("2025-H2", ("6-month", 2025, 12)),
        ("2025-9M", ("9-month", 2025, 9)),
        ("2025", ("annual", 2025, 12)),
        ("2025-13", None),
        ("2025-6", None),
        ("06/2025", None),
        ("", None),
        ("1900-01", None),
        ("2025-Q5", None),
    ],
)
def test_period_keys(key, parsed):
    assert parse_period_key(key) == parsed


def test_a_month_without_such_period_is_refused():
    with pytest.raises(ValueError):
        period_ending("quarterly", 2025, 5)
