"""The scoring engine on hand-computed cases (no database)."""

import datetime as dt
import random
from fractions import Fraction

import pytest

from giamsat.evaluation.criteria import default_snapshot, spec_of
from giamsat.evaluation.engine import (
    AdjustmentFact,
    Band,
    CriterionSpec,
    SetSpec,
    apportion,
    band_of,
    rank,
    score_agency,
    validate,
)
from giamsat.evaluation.formulas import AgencyFacts, IndicatorFact, ReportFact, TaskFact, Window
from giamsat.evaluation.models import DEFAULT_BANDS
from giamsat.evaluation.periods import last_quarter, parse_period

BANDS = tuple(Band(b["name"], Fraction(b["min"])) for b in DEFAULT_BANDS)
Q1 = Window(dt.date(2026, 1, 1), dt.date(2026, 3, 31), dt.date(2026, 3, 31))
D = dt.date


def only(*criteria, bonus_cap=5, penalty_cap=10):
    return SetSpec(tuple(criteria), BANDS, bonus_cap=Fraction(bonus_cap), penalty_cap=Fraction(penalty_cap))


ON_TIME = CriterionSpec("NV1", "Đúng hạn", "I", "score", Fraction(100), "tasks_on_time")


def check_sums(result):
    assert round(sum(c["points"] for c in result["criteria"]), 2) == result["score"]
    for c in result["criteria"]:
        assert round(sum(i["effect"] for i in c["items"]), 2) == c["points"]


def test_lead_coordinator_and_priority_weights():
    # w: lead ×1 prio 1 = 1 (on time, credit 1); coordinator ×0,3 = 0,3 (overdue, 0); lead prio 3 = 3 (late, ½)
    facts = AgencyFacts(1, tasks=[
        TaskFact(11, "lead", "done_on_time", D(2026, 2, 1), D(2026, 1, 20)),
        TaskFact(12, "coordinator", "overdue", D(2026, 3, 1)),
        TaskFact(13, "lead", "done_late", D(2026, 3, 10), D(2026, 3, 20), priority=3),
        TaskFact(14, "lead", "overdue", D(2025, 12, 1)),  # due before the period: not in this criterion
        TaskFact(15, "lead", "cancelled", D(2026, 2, 1)),  # cancelled: never counts
    ])
    result = score_agency(facts, only(ON_TIME), Q1)
    # 100 × (1 + 0 + 1,5) / 4,3 = 58,1395…
    assert result["score"] == 58.14
    assert result["band"] == "D"
    items = {i["id"]: i for i in result["criteria"][0]["items"]}
    assert set(items) == {11, 12, 13}
    # 23,2558 and 34,8837 → the extra hundredth to the larger remainder (t11)
    assert (items[11]["effect"], items[12]["effect"], items[13]["effect"]) == (23.26, 0.0, 34.88)
    assert items[12]["lost"] == 6.98 and items[13]["lost"] == 34.88
    check_sums(result)


def test_no_task_due_earns_the_maximum():
    result = score_agency(AgencyFacts(2), only(ON_TIME), Q1)
    assert result["score"] == 100.0 and result["band"] == "A"
    assert result["criteria"][0]["items"] == [{"kind": "none", "id": None, "effect": 100.0, "lost": 0.0,
                                               "note": "Không phát sinh: tính đủ điểm"}]


def test_bonus_capped_then_trimmed_at_100():
    early = CriterionSpec("T1", "Trước hạn", "IV", "bonus", Fraction(3), "tasks_done_early", Fraction(2))
    facts = AgencyFacts(3, tasks=[TaskFact(21, "lead", "done_on_time", D(2026, 3, 30), D(2026, 2, 1)),
                                  TaskFact(22, "lead", "done_on_time", D(2026, 3, 30), D(2026, 3, 1))])
    spec = only(ON_TIME, early)
    result = score_agency(facts, spec, Q1)
    assert result["score"] == 100.0  # 100 + min(3, 2 × 2) = 103, kept at 100
    assert result["criteria"][1]["points"] == 0.0
    # Without the trim: a score criterion of 90 leaves room for the capped 3 bonus points (not 4).
    half = CriterionSpec("NV1", "Đúng hạn", "I", "score", Fraction(90), "tasks_on_time")
    other = CriterionSpec("BC1", "Báo cáo", "II", "score", Fraction(10), "reports_on_time")
    facts.reports.append(ReportFact(5, "missing", D(2026, 3, 20)))
    result = score_agency(facts, only(half, other, early), Q1)
    assert [c["points"] for c in result["criteria"]] == [90.0, 0.0, 3.0]
    assert result["score"] == 93.0
    check_sums(result)


def test_penalty_cap_and_band_boundary():
    # Tasks on time: 1 of 2 (weights 1 and 1) → 50 points; one overdue task: −1, capped at 0,5 → 49,5: E
    penalty = CriterionSpec("TR1", "Quá hạn", "V", "penalty", Fraction(6), "tasks_overdue")
    facts = AgencyFacts(4, tasks=[TaskFact(31, "lead", "done_on_time", D(2026, 2, 1), D(2026, 2, 1)),
                                  TaskFact(32, "lead", "overdue", D(2026, 3, 1))])
    result = score_agency(facts, only(ON_TIME, penalty, penalty_cap=Fraction(1, 2)), Q1)
    assert result["score"] == 49.5 and result["band"] == "E"
    assert result["criteria"][1]["items"] == [{"kind": "task", "id": 32, "effect": -0.5, "lost": 0.0,
                                               "note": "trễ 30 ngày"}]
    # Without the cap the penalty is −1 (one task, 1 point each): 49
    assert score_agency(facts, only(ON_TIME, penalty), Q1)["score"] == 49.0
    # An adjustment of +0,5 brings it to 50: the lower bound of D
    adjusted = score_agency(facts, only(ON_TIME, penalty, penalty_cap=Fraction(1, 2)), Q1,
                            [AdjustmentFact(7, Fraction(1, 2), "Quyết định 12/QĐ-UBND")])
    assert adjusted["score"] == 50.0 and adjusted["band"] == "D"
    assert adjusted["criteria"][-1]["items"][0] == {"kind": "adjustment", "id": 7, "effect": 0.5, "lost": 0.0,
                                                    "note": "Quyết định 12/QĐ-UBND"}
    check_sums(adjusted)


@pytest.mark.parametrize(("score", "band"), [(100, "A"), (90, "A"), (89.99, "B"), (80, "B"), (79.99, "C"),
                                             (65, "C"), (64.99, "D"), (50, "D"), (49.99, "E"), (0, "E")])
def test_default_bands_at_their_boundaries(score, band):
    assert band_of(Fraction(str(score)), BANDS) == band


def test_days_late_reduce_timeliness():
    spec = only(CriterionSpec("NV2", "Quá hạn", "I", "score", Fraction(100), "tasks_timeliness"))
    window = Window(D(2026, 1, 1), D(2026, 3, 31), D(2026, 3, 31))
    facts = AgencyFacts(5, tasks=[
        TaskFact(41, "lead", "overdue", D(2026, 1, 30)),  # 60 days late on 31/03: credit 1/3
        TaskFact(42, "lead", "done_late", D(2026, 1, 1), D(2026, 1, 10)),  # 9 days: 0,9
        TaskFact(43, "lead", "done_on_time", D(2025, 11, 1), D(2025, 10, 1)),  # finished before: left out
        TaskFact(44, "lead", "overdue", D(2025, 6, 1)),  # 303 days: nothing
    ])
    # 100 × (1/3 + 0,9 + 0) / 3 = 41,11
    assert score_agency(facts, spec, window)["score"] == 41.11


def test_reports_and_indicators_credits():
    spec = only(CriterionSpec("BC1", "Báo cáo", "II", "score", Fraction(60), "reports_on_time"),
                CriterionSpec("CT1", "Chỉ tiêu", "III", "score", Fraction(40), "indicators_on_track"))
    facts = AgencyFacts(6, reports=[ReportFact(1, "on_time", D(2026, 1, 20), 101),
                                    ReportFact(2, "late", D(2026, 2, 20), 102),
                                    ReportFact(3, "missing", D(2026, 3, 20)),
                                    ReportFact(4, "pending", D(2026, 3, 31))],
                        indicators=[IndicatorFact(1, "achieved"), IndicatorFact(2, "at_risk"),
                                    IndicatorFact(3, "off_track"), IndicatorFact(4, "no_data")])
    result = score_agency(facts, spec, Q1)
    # 60 × 1,5/3 = 30; 40 × 1,5/4 = 15
    assert [c["points"] for c in result["criteria"]] == [30.0, 15.0]
    assert [(i["kind"], i["id"]) for i in result["criteria"][0]["items"]] == [
        ("report", 101), ("report", 102), ("period", 3)]


def test_default_sets_are_valid_and_validation_speaks_vietnamese():
    for level in ("department", "commune"):
        assert validate(spec_of(default_snapshot(level))) == []
    broken = SetSpec((CriterionSpec("X", "x", "g", "score", Fraction(90), "tasks_overdue"),), BANDS[:2])
    errors = validate(broken)
    assert any("bằng 100" in e for e in errors)
    assert any("chỉ dùng cho tiêu chí cộng, trừ điểm" in e for e in errors)
    assert any("từ 0 điểm" in e for e in errors)


def test_apportion_keeps_the_sum():
    rng = random.Random(57)
    for _ in range(300):
        values = [Fraction(rng.randint(-5000, 5000), rng.randint(1, 97)) for _ in range(rng.randint(1, 9))]
        total = sum(values)
        cents = int((total * 100 + Fraction(1, 2)) // 1)
        parts = apportion(values, cents)
        assert sum(parts) == cents
        assert all(abs(p - v * 100) < 1 for p, v in zip(parts, values, strict=True))


def test_competition_ranking():
    assert rank({1: 90.0, 2: 80.0, 3: 80.0, 4: 70.0}) == {1: 1, 2: 2, 3: 2, 4: 4}


def test_periods():
    assert parse_period("2026-q3").label == "Quý III/2026"
    assert parse_period("2026-H1").end == D(2026, 6, 30)
    assert parse_period("2026").previous().key == "2025"
    assert parse_period("2026-Q1").previous().key == "2025-Q4"
    assert last_quarter(D(2026, 1, 10)).key == "2025-Q4"
    with pytest.raises(Exception, match="Kỳ đánh giá không hợp lệ"):
        parse_period("2026-Q5")


def test_feedback_criterion_reads_the_metrics_figures():
    spec = only(CriterionSpec("PA1", "Phản ánh", "VI", "score", Fraction(100), "feedback_on_time"))
    facts = AgencyFacts(7, figures={"feedback_answered_on_time": 3, "feedback_answered_late": 1,
                                    "feedback_unanswered": 1, "feedback_due": 5})
    result = score_agency(facts, spec, Q1)
    # 100 × (3 + ½) / 5 = 70
    assert result["score"] == 70.0
    assert [(i["kind"], i["effect"], i["lost"]) for i in result["criteria"][0]["items"]] == [
        ("figure", 60.0, 0.0), ("figure", 10.0, 10.0), ("figure", 0.0, 20.0)]
    assert result["criteria"][0]["items"][0]["note"] == "Trả lời đúng hạn: 3"
