"""The scoring engine: pure functions from an agency's facts and a criteria set to a score whose every point
is traced to a task, a report or an indicator (ADR 0027).

1. A **score criterion** reads a share: points = max × Σ(weight × credit) / Σ weight over its entries; each
   entry gains max × weight × credit / Σ weight and loses the rest of its part. Nothing to count (no task
   due, no report due): the criterion does not arise and earns its maximum ("không phát sinh").
2. A **bonus** or **penalty** criterion counts: unit points × Σ weight, at most its maximum; then all bonuses
   together at most the set's bonus cap, all penalties at most the penalty cap (scaled down in proportion).
3. The total is kept within 0–100 (a bonus above 100, a penalty below 0 is trimmed); then the office's
   adjustments (reason and document number), kept within 0–100 the same way.
4. Rounding to hundredths keeps the sums: the criteria's points add up to the score and each criterion's items
   to its points (largest remainders).
5. The band is the first whose lower bound the score reaches; ranks are shared on equal scores (1, 2, 2, 4).
"""

import math
from dataclasses import dataclass
from fractions import Fraction

from giamsat.evaluation.formulas import FORMULAS, FULL, AgencyFacts, Entry, Weights, Window

CENT = 100


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    name: str
    group: str
    kind: str  # score | bonus | penalty
    max_points: Fraction
    formula: str
    unit_points: Fraction = Fraction(1)


@dataclass(frozen=True)
class Band:
    name: str
    minimum: Fraction


@dataclass(frozen=True)
class SetSpec:
    criteria: tuple[CriterionSpec, ...]
    bands: tuple[Band, ...]  # highest first
    weights: Weights = Weights()
    bonus_cap: Fraction = Fraction(5)
    penalty_cap: Fraction = Fraction(10)


@dataclass(frozen=True)
class AdjustmentFact:
    id: int
    points: Fraction
    note: str = ""


def band_of(score, bands) -> str:
    for band in bands:
        if score >= band.minimum:
            return band.name
    return bands[-1].name if bands else ""


class Term:
    """A criterion's items as whole numerators over one denominator: `den` is the only division, so that
    thousands of tasks cost integer arithmetic (a national evaluation scores about half a million items)."""

    __slots__ = ("den", "items", "lost_den")

    def __init__(self, items: list, den: int):
        self.items = items  # [(entry or None, effect numerator, lost numerator)]
        self.den = self.lost_den = den  # the losses are never scaled (only bonuses and penalties are)

    @property
    def value(self) -> Fraction:
        return Fraction(sum(n for _, n, _ in self.items), self.den)

    def scale(self, factor: Fraction) -> None:
        a, b = factor.numerator, factor.denominator
        self.items = [(e, n * a, lost) for e, n, lost in self.items]
        self.den *= b


def _raw(spec: CriterionSpec, entries: list[Entry]) -> Term:
    """The exact points of one criterion as a Term, before the caps: each entry's gain (and loss)."""
    mx = spec.max_points
    if spec.kind == "score":
        total = sum(e.weight for e in entries)
        if not total:
            return Term([(None, mx.numerator, 0)], mx.denominator)
        num = mx.numerator
        return Term([(e, num * e.weight * e.credit, num * e.weight * (FULL - e.credit)) for e in entries],
                    mx.denominator * total * FULL)
    sign = 1 if spec.kind == "bonus" else -1
    unit = spec.unit_points
    term = Term([(e, sign * unit.numerator * e.weight * e.credit, 0) for e in entries], unit.denominator * 100 * FULL)
    raw = term.value
    if abs(raw) > mx:
        term.scale(sign * mx / raw)
    return term


def _cap(criteria: list, kind: str, cap: Fraction) -> None:
    """Scale the bonuses (or penalties) down so that together they stay within `cap`."""
    chosen = [c for c in criteria if c["spec"].kind == kind]
    total = abs(sum((c["term"].value for c in chosen), Fraction(0)))
    if total > cap:
        for c in chosen:
            c["term"].scale(cap / total)


def score_agency(facts: AgencyFacts, spec: SetSpec, window: Window, adjustments=()) -> dict:
    """The score, band and breakdown of one agency (rounded to hundredths, sums kept)."""
    criteria = [{"spec": c, "term": _raw(c, FORMULAS[c.formula](facts, window, spec.weights))}
                for c in spec.criteria]
    _cap(criteria, "bonus", spec.bonus_cap)
    _cap(criteria, "penalty", spec.penalty_cap)
    total = sum((c["term"].value for c in criteria), Fraction(0))
    if total > 100 or total < 0:  # trim the bonuses (above 100) or the penalties (below 0)
        kind, excess = ("bonus", total - 100) if total > 100 else ("penalty", total)
        chosen = [c for c in criteria if c["spec"].kind == kind]
        part = sum((c["term"].value for c in chosen), Fraction(0))
        for c in chosen:
            c["term"].scale((part - excess) / part)
        total = Fraction(100) if total > 100 else Fraction(0)
    adjustments = list(adjustments)
    if adjustments:
        asked = sum((a.points for a in adjustments), Fraction(0))
        final = min(Fraction(100), max(Fraction(0), total + asked))
        factor = (final - total) / asked if asked else Fraction(0)
        adj = CriterionSpec("ĐC", "Điều chỉnh của cơ quan theo dõi", "Điều chỉnh", "adjustment", Fraction(0), "")
        den = math.lcm(*(a.points.denominator for a in adjustments)) * factor.denominator
        criteria.append({"spec": adj, "term": Term(
            [(Entry("adjustment", a.id, 100, FULL, a.note), int(a.points * factor * den), 0) for a in adjustments],
            den)})
        total = final
    return _rounded(criteria, total, spec.bands)


def _rounded(criteria: list, total: Fraction, bands) -> dict:
    score_cents = _round_cents(total)
    criteria_cents = apportion([c["term"].value for c in criteria], score_cents)
    out = []
    for c, cents in zip(criteria, criteria_cents, strict=True):
        s, term = c["spec"], c["term"]
        item_cents = _apportion_whole([n for _, n, _ in term.items], term.den, cents)
        lost_den = term.lost_den
        out.append({
            "code": s.code, "name": s.name, "group": s.group, "kind": s.kind,
            "points": cents / CENT, "max_points": _round_cents(s.max_points) / CENT,
            "items": [_item(entry, effect_cents, (2 * lost * CENT + lost_den) // (2 * lost_den))
                      for (entry, _, lost), effect_cents in zip(term.items, item_cents, strict=True)],
        })
    score = score_cents / CENT
    return {"score": score, "band": band_of(Fraction(score_cents, CENT), bands), "criteria": out}


def _item(entry: Entry | None, effect_cents: int, lost_cents: int) -> dict:
    if entry is None:
        return {"kind": "none", "id": None, "effect": effect_cents / CENT, "lost": 0.0,
                "note": "Không phát sinh: tính đủ điểm"}
    return {"kind": entry.kind, "id": entry.id, "effect": effect_cents / CENT, "lost": lost_cents / CENT,
            "note": entry.note}


def _round_cents(value: Fraction) -> int:
    """Half away from zero, in hundredths."""
    scaled = value * CENT
    return int(math.floor(scaled + Fraction(1, 2))) if scaled >= 0 else -int(math.floor(-scaled + Fraction(1, 2)))


def _apportion_whole(numerators: list[int], den: int, total_cents: int) -> list[int]:
    """`apportion` for values numerator/den, in integer arithmetic."""
    floors, remainders = [], []
    for n in numerators:
        q, r = divmod(n * CENT, den)
        floors.append(q)
        remainders.append(r)
    return _distribute(floors, remainders, total_cents)


def _distribute(floors: list[int], remainders: list, total_cents: int) -> list[int]:
    extra = total_cents - sum(floors)
    order = sorted(range(len(floors)), key=lambda i: (-remainders[i], i))
    if extra >= 0:
        for k in range(extra):
            floors[order[k % len(floors)]] += 1
    else:
        for k in range(-extra):
            floors[order[-1 - k % len(floors)]] -= 1
    return floors


def apportion(values: list[Fraction], total_cents: int) -> list[int]:
    """Whole hundredths for `values` that add up to `total_cents` (the rounded sum), each the floor of its
    value or one more: the largest remainders get the extra hundredths (ties: the earlier first)."""
    if not values:
        return []
    floors = [math.floor(v * CENT) for v in values]
    return _distribute(floors, [v * CENT - f for v, f in zip(values, floors, strict=True)], total_cents)


def rank(scores: dict[int, float]) -> dict[int, int]:
    """Competition ranking: equal scores share a rank, the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(scores.items(), key=lambda kv: -kv[1])
    ranks, previous, position = {}, None, 0
    for index, (org_id, score) in enumerate(ordered, start=1):
        if score != previous:
            position, previous = index, score
        ranks[org_id] = position
    return ranks


def validate(spec: SetSpec) -> list[str]:
    """What is wrong with a criteria set, in Vietnamese (empty: nothing)."""
    errors = []
    base = sum((c.max_points for c in spec.criteria if c.kind == "score"), Fraction(0))
    if base != 100:
        errors.append(f"Tổng điểm tối đa của các tiêu chí chấm điểm phải bằng 100 (hiện là {_vn(base)}).")
    codes = [c.code for c in spec.criteria]
    if len(set(codes)) != len(codes):
        errors.append("Mã tiêu chí bị trùng.")
    for c in spec.criteria:
        formula = FORMULAS.get(c.formula)
        if formula is None:
            errors.append(f"Tiêu chí {c.code}: công thức không có trong danh mục.")
        elif formula.counts != (c.kind != "score"):
            kind = "cộng, trừ điểm" if formula.counts else "chấm điểm"
            errors.append(f"Tiêu chí {c.code}: công thức «{formula.label}» chỉ dùng cho tiêu chí {kind}.")
        if c.max_points <= 0:
            errors.append(f"Tiêu chí {c.code}: điểm tối đa phải lớn hơn 0.")
    minima = [b.minimum for b in spec.bands]
    if not spec.bands or minima != sorted(minima, reverse=True) or len(set(minima)) != len(minima):
        errors.append("Các mức xếp loại phải có ngưỡng điểm giảm dần, không trùng nhau.")
    elif minima[-1] != 0:
        errors.append("Mức xếp loại thấp nhất phải bắt đầu từ 0 điểm.")
    if not 0 <= spec.weights.coordinator <= spec.weights.lead:
        errors.append("Hệ số phối hợp phải từ 0 đến hệ số chủ trì.")
    if spec.bonus_cap < 0 or spec.penalty_cap < 0:
        errors.append("Mức trần điểm thưởng, điểm trừ không được âm.")
    return errors


def _vn(value: Fraction) -> str:
    return (f"{float(value):.2f}".rstrip("0").rstrip(".")).replace(".", ",")
