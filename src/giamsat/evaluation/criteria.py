"""Criteria sets as the engine reads them, the JSON frozen into each evaluation, and the default sets."""

from decimal import Decimal
from fractions import Fraction

from giamsat.evaluation.engine import Band, CriterionSpec, SetSpec
from giamsat.evaluation.formulas import Weights
from giamsat.evaluation.models import DEFAULT_BANDS, CriteriaSet, Level

# (group, code, name, kind, max points, unit points, formula)
_TASKS = "I. Thực hiện nhiệm vụ được giao"
_REPORTS = "II. Chế độ báo cáo"
_INDICATORS = "III. Chỉ tiêu"
_BONUS = "IV. Điểm thưởng"
_PENALTY = "V. Điểm trừ"
DEFAULT_CRITERIA = {
    Level.DEPARTMENT: [
        (_TASKS, "NV1", "Nhiệm vụ đến hạn trong kỳ hoàn thành đúng hạn", "score", 40, 1, "tasks_on_time"),
        (_TASKS, "NV2", "Không để nhiệm vụ quá hạn, quá hạn kéo dài", "score", 15, 1, "tasks_timeliness"),
        (_TASKS, "NV3", "Nhiệm vụ hoàn thành có minh chứng", "score", 5, 1, "evidence_complete"),
        (_REPORTS, "BC1", "Báo cáo định kỳ gửi đúng hạn", "score", 20, 1, "reports_on_time"),
        (_INDICATORS, "CT1", "Chỉ tiêu được giao đạt hoặc đúng lộ trình", "score", 20, 1, "indicators_on_track"),
        (_BONUS, "T1", "Nhiệm vụ hoàn thành trước hạn từ 15 ngày", "bonus", 3, 1, "tasks_done_early"),
        (_BONUS, "T2", "Chỉ tiêu đã đạt mục tiêu", "bonus", 2, 1, "indicators_achieved"),
        (_PENALTY, "TR1", "Nhiệm vụ quá hạn tại ngày đánh giá", "penalty", 6, 1, "tasks_overdue"),
        (_PENALTY, "TR2", "Báo cáo đến hạn chưa gửi", "penalty", 4, 2, "reports_missing"),
    ],
    Level.COMMUNE: [
        (_TASKS, "NV1", "Nhiệm vụ đến hạn trong kỳ hoàn thành đúng hạn", "score", 45, 1, "tasks_on_time"),
        (_TASKS, "NV2", "Không để nhiệm vụ quá hạn, quá hạn kéo dài", "score", 15, 1, "tasks_timeliness"),
        (_TASKS, "NV3", "Nhiệm vụ hoàn thành có minh chứng", "score", 10, 1, "evidence_complete"),
        (_REPORTS, "BC1", "Báo cáo định kỳ gửi đúng hạn", "score", 30, 1, "reports_on_time"),
        (_BONUS, "T1", "Nhiệm vụ hoàn thành trước hạn từ 15 ngày", "bonus", 5, 1, "tasks_done_early"),
        (_PENALTY, "TR1", "Nhiệm vụ quá hạn tại ngày đánh giá", "penalty", 6, 1, "tasks_overdue"),
        (_PENALTY, "TR2", "Báo cáo đến hạn chưa gửi", "penalty", 4, 2, "reports_missing"),
    ],
}
DEFAULT_NAMES = {Level.DEPARTMENT: "Bộ tiêu chí đánh giá các sở, ban, ngành tỉnh",
                 Level.COMMUNE: "Bộ tiêu chí đánh giá UBND cấp xã"}


def _frac(value) -> Fraction:
    return Fraction(Decimal(str(value)))


def _hundredths(value) -> int:
    return round(_frac(value) * 100)


def snapshot(cs: CriteriaSet) -> dict:
    """The criteria set as JSON: frozen into each evaluation at each run (the set may change later)."""
    return {
        "id": cs.pk, "name": cs.name, "level": cs.level, "version": cs.version, "bands": cs.bands,
        "lead_weight": str(cs.lead_weight), "coordinator_weight": str(cs.coordinator_weight),
        "bonus_cap": str(cs.bonus_cap), "penalty_cap": str(cs.penalty_cap), "objection_days": cs.objection_days,
        "note": cs.note,
        "criteria": [{"group": c.group, "code": c.code, "name": c.name, "kind": c.kind,
                      "max_points": str(c.max_points), "unit_points": str(c.unit_points), "formula": c.formula}
                     for c in cs.criteria.all()],
    }


def spec_of(snap: dict) -> SetSpec:
    """The engine's view of a snapshot."""
    return SetSpec(
        criteria=tuple(CriterionSpec(c["code"], c["name"], c["group"], c["kind"], _frac(c["max_points"]),
                                     c["formula"], _frac(c.get("unit_points", 1))) for c in snap["criteria"]),
        bands=tuple(Band(b["name"], _frac(b["min"])) for b in snap["bands"]),
        weights=Weights(_hundredths(snap["lead_weight"]), _hundredths(snap["coordinator_weight"])),
        bonus_cap=_frac(snap["bonus_cap"]),
        penalty_cap=_frac(snap["penalty_cap"]),
    )


def default_snapshot(level: str) -> dict:
    return {
        "id": None, "name": DEFAULT_NAMES[level], "level": level, "version": 1, "bands": DEFAULT_BANDS,
        "lead_weight": "1", "coordinator_weight": "0.3", "bonus_cap": "5", "penalty_cap": "10",
        "objection_days": 10, "note": "",
        "criteria": [{"group": g, "code": code, "name": name, "kind": kind, "max_points": str(mx),
                      "unit_points": str(unit), "formula": formula}
                     for g, code, name, kind, mx, unit, formula in DEFAULT_CRITERIA[level]],
    }
