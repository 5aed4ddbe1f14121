"""The indicator status rules of giamsat.indicators.status (docs/adr/0008-indicator-status.md)."""

import datetime as dt
from decimal import Decimal as D

import pytest

from giamsat.indicators.status import (
    Observation,
    TargetFact,
    ValueFact,
    assess,
    combine,
    position_of,
    ratio_series,
    trajectory,
    trajectory_points,
)

TODAY = dt.date(2026, 3, 1)


def year(y, v, estimate=False, verified=True):
    return Observation(str(y), dt.date(y, 12, 31), D(str(v)), is_estimate=estimate, is_verified=verified)


def run(values, targets, *, baseline=(30, 2024), comparator=">=", direction="increase", today=TODAY, **kw):
    return assess(
        comparator=comparator,
        direction=direction,
        baseline_value=D(str(baseline[0])) if baseline else None,
        baseline_year=baseline[1] if baseline else None,
        targets=targets,
        series=values,
        today=today,
        **kw,
    )


T2030 = [
    TargetFact(2030, D("36"), None, ">=")
]  # baseline 30 (2024): gap 6, tolerance band 0,6; 2025 expects 31


def test_positions_and_trajectory():
    assert position_of(dt.date(2025, 12, 31)) == 2025
    assert D("2024.49") < position_of(dt.date(2025, 6, 30)) < D("2024.50")
    assert trajectory(D(30), D(2024), D(36), 2030, D(2025)) == 31
    assert trajectory(D(30), D(2024), D(36), 2030, D(2020)) == 30  # clamped before the baseline
    assert trajectory(D(30), D(2024), D(36), 2030, D(2040)) == 36  # and after the target year


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("36", "achieved"),
        ("31", "on_track"),
        ("32", "on_track"),
        ("30.5", "at_risk"),
        ("30.41", "at_risk"),
        ("30.4", "off_track"),
        ("29", "off_track"),
    ],
)
def test_increase_thresholds(value, expected):
    a = run([year(2024, 30), year(2025, value)], T2030)
    assert a.status == expected
    assert a.headline.expected in (None, D(31))


def test_progress_is_share_of_the_way_from_baseline_to_target():
    a = run([year(2025, 33)], T2030)
    assert a.progress == D("0.5") and a.status == "on_track"
    assert run([year(2025, 27)], T2030).progress == D("-0.5")


def test_tolerance_is_a_parameter():
    assert run([year(2025, "30.4")], T2030).status == "off_track"
    assert run([year(2025, "30.4")], T2030, tolerance=D("0.2")).status == "at_risk"
    assert run([year(2025, "30.9")], T2030, tolerance=D("0")).status == "off_track"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7.9", "achieved"),
        ("8", "achieved"),
        ("15", "on_track"),
        ("16", "on_track"),
        ("17", "at_risk"),
        ("17.3", "off_track"),
    ],
)
def test_decrease_direction(value, expected):
    # Baseline 20 (2024), target ≤ 8 in 2030: 2026 expects 16; the band is 10% of 12 = 1,2.
    a = run(
        [year(2026, value)],
        [TargetFact(2030, D(8), None, "<=")],
        baseline=(20, 2024),
        direction="decrease",
        today=dt.date(2027, 2, 1),
    )
    assert a.status == expected


def test_range_target_9_to_10_percent_of_grdp():
    target = [TargetFact(2030, D(9), D(10), "range")]
    at_risk = run([year(2024, "5.2"), year(2025, "5.6")], target, baseline=("5.2", 2024))
    assert at_risk.status == "at_risk" and at_risk.headline.reference == 9
    assert run([year(2025, "9.5")], target, baseline=("5.2", 2024)).status == "achieved"
    beyond = run([year(2025, "11")], target, baseline=("5.2", 2024))
    assert beyond.status == "achieved" and "Vượt khoảng mục tiêu." in beyond.headline.notes
    # a decreasing indicator with a range aims at the upper bound
    falling = run(
        [year(2025, "4.5")],
        [TargetFact(2030, D(3), D(5), "range")],
        baseline=(10, 2024),
        direction="decrease",
    )
    assert falling.status == "achieved" and falling.headline.reference == 5


def test_equal_and_strict_comparators():
    eq = [TargetFact(2030, D(80), None, "=")]
    assert run([year(2025, 80)], eq, baseline=(35, 2024)).status == "achieved"
    assert run([year(2025, "79.9")], eq, baseline=(79, 2024)).status != "achieved"
    strict = [TargetFact(2030, D("0.623"), None, ">")]
    assert run([year(2025, "0.623")], strict, baseline=("0.6", 2024)).status != "achieved"
    assert run([year(2025, "0.624")], strict, baseline=("0.6", 2024)).status == "achieved"


def test_missing_baseline_uses_the_first_value():
    a = run([year(2024, 10), year(2025, 11)], [TargetFact(2030, D(40))], baseline=None)
    # inferred baseline 10 at 2024: 2025 expects 15, the band is 3 → 4 behind is off track
    assert a.baseline_inferred and a.baseline_value == 10 and a.status == "off_track"
    assert a.notes and "2024" in a.notes[0]


def test_missing_baseline_and_one_value_is_no_data_unless_met():
    one = run([year(2025, 18)], [TargetFact(2030, D(40), None, ">")], baseline=None)
    assert one.status == "no_data" and one.progress is None
    assert run([year(2025, 45)], [TargetFact(2030, D(40), None, ">")], baseline=None).status == "achieved"


def test_no_values_or_no_targets_is_no_data():
    assert run([], T2030).status == "no_data"
    none = run([year(2025, 31)], [])
    assert none.status == "no_data" and none.headline is None and "Chưa có mục tiêu theo năm." in none.notes


def test_a_past_target_is_judged_by_its_year_and_is_off_track_when_missed():
    targets = [TargetFact(2025, D(50)), TargetFact(2030, D(80))]
    a = run(
        [year(2024, 30), year(2025, 45), year(2026, 55)],
        targets,
        baseline=(30, 2024),
        today=dt.date(2027, 3, 1),
    )
    past, future = a.targets
    assert past.judged.period == "2025" and past.status == "off_track"
    assert "Không đạt mục tiêu năm 2025." in past.notes
    assert future.judged.period == "2026" and a.headline is future


def test_headline_is_the_first_target_not_yet_past():
    targets = [TargetFact(2025, D(50)), TargetFact(2030, D(80)), TargetFact(2045, D(95))]
    a = run([year(2025, 60)], targets, baseline=(30, 2024), today=dt.date(2026, 5, 1))
    assert a.headline.year == 2030
    assert (
        run([year(2025, 60)], targets[:1], baseline=(30, 2024), today=dt.date(2026, 5, 1)).headline.year
        == 2025
    )


def test_an_estimate_for_the_target_year_before_it_ends_uses_the_tolerance():
    target = [TargetFact(2026, D(100), None, "=")]
    values = [year(2024, 40), year(2025, 70), year(2026, 96, estimate=True)]
    a = run(values, target, baseline=(40, 2024), today=dt.date(2026, 11, 23))
    assert a.status == "at_risk" and a.is_estimate
    after = run(values, target, baseline=(40, 2024), today=dt.date(2027, 1, 15))
    assert after.status == "off_track"


def test_quarterly_values_stand_at_the_end_of_their_quarter():
    # baseline 0 at end of 2024, target 12 at end of 2030: end of Q2 2025 (about 2024.5) expects about 1
    q2 = Observation("2025-Q2", dt.date(2025, 6, 30), D("0.95"))
    a = run([q2], [TargetFact(2030, D(12))], baseline=(0, 2024))
    assert D("0.98") < a.headline.expected < D("1.0") and a.status == "at_risk"


def test_baseline_already_meeting_the_target_then_falling_below():
    target = [TargetFact(2030, D("0.623"), None, ">")]
    slight = run([year(2025, "0.62")], target, baseline=("0.65", 2024))
    assert slight.status == "at_risk" and slight.progress is None
    assert run([year(2025, "0.5")], target, baseline=("0.65", 2024)).status == "off_track"


def test_target_comparator_falls_back_to_the_indicator_comparator():
    a = assess(
        comparator="<=",
        direction="decrease",
        baseline_value=D(20),
        baseline_year=2024,
        targets=[TargetFact(2030, D(8), None, "")],
        series=[year(2025, 7)],
        today=TODAY,
    )
    assert a.status == "achieved" and a.targets[0].comparator == "<="


def test_combine_periods_from_organizations():
    rows = [
        ValueFact("2025", dt.date(2025, 12, 31), D(10), organization_id=1, review="verified", seq=1),
        ValueFact("2025", dt.date(2025, 12, 31), D(20), organization_id=2, review="pending", seq=2),
        ValueFact("2025", dt.date(2025, 12, 31), D(99), organization_id=3, review="rejected", seq=3),
        ValueFact("2026", dt.date(2026, 12, 31), D(5), organization_id=1, is_estimate=True, seq=4),
        ValueFact("2024", dt.date(2024, 12, 31), D(7), organization_id=1, is_estimate=True, seq=5),
        ValueFact("2024", dt.date(2024, 12, 31), D(8), organization_id=2, seq=6),
    ]
    total = combine(rows, aggregation="sum")
    assert [(o.period, o.value) for o in total] == [("2024", 8), ("2025", 30), ("2026", 5)]
    assert total[1].is_verified is False and total[2].is_estimate is True and total[0].is_estimate is False
    assert [o.value for o in combine(rows, aggregation="avg")] == [8, 15, 5]
    latest = combine(rows, aggregation="latest", responsible_ids={1})
    assert [o.value for o in latest] == [8, 10, 5]  # the responsible organization's value wins
    assert [o.value for o in combine(rows, aggregation="latest")] == [8, 20, 5]  # else the last entered


def test_ratio_series():
    num = [year(2024, 30), year(2025, 45)]
    den = [year(2024, 60), year(2025, 0), year(2026, 10)]
    assert [(o.period, o.value) for o in ratio_series(num, den)] == [("2024", 50)]


def test_trajectory_points_for_the_chart():
    a = run([year(2025, 31)], T2030)
    assert trajectory_points(a) == [(D(2024), D(30)), (D(2030), D(36))]
    assert trajectory_points(run([year(2025, 31)], T2030, baseline=None)) != []  # inferred baseline
    assert trajectory_points(run([], T2030, baseline=None)) == []
