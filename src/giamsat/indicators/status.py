"""Indicator status: progress towards each target, the straight trajectory, and a status. Pure, no database.

The rules (docs/adr/0008-indicator-status.md):

1. **Values.** Rejected values are ignored. Values of one period from several organizations are combined
   by the indicator's aggregation rule (sum, average, latest = the responsible organization's value, else
   the one entered last). When a period has actual values, its estimates ("ước thực hiện") are ignored; a
   period with only estimates counts, and every result built on it is flagged ``is_estimate``. Pending
   (not yet verified) values count and are flagged ``is_verified=False``; callers that publish figures
   (the public page) pass verified values only.
2. **Time.** A value stands at the end of its period: a position in years, where the end of year *Y* is
   *Y* and 30/06/*Y* is about *Y* − 0,5. The baseline stands at the end of its year, a target at the end
   of its year.
3. **Baseline.** The declared baseline needs a value and a year. Without one, the earliest value is the
   baseline (``baseline_inferred``). When that leaves no second value to compare, the status is
   ``no_data`` unless the target is already met.
4. **Which value judges a target.** The latest value up to the end of the target year. A target whose
   year has passed is judged by the value of that year, not by later ones.
5. **Target reached (``achieved``).** ``>=``, ``>``, ``<=``, ``<`` as written. ``=`` ("đạt 80%") and a
   range ("khoảng 9–10% GRDP") are read in the indicator's direction: for an increasing indicator the
   value must reach the (lower) target, for a decreasing one it must not exceed the (upper) target. A
   value beyond a range in the good direction counts as reached and is noted ("vượt khoảng mục tiêu").
6. **Trajectory.** The straight line from the baseline to the target's reference value (the lower
   bound of a range when increasing, the upper bound when decreasing), reached at the end of the target
   year: ``expected(p) = b + (t − b) · clamp((p − B) / (T − B), 0, 1)``.
7. **Progress.** ``(v − b) / (t − b)``: the share of the way from baseline to target (may be below 0 or
   above 1); none when the baseline already meets the target.
8. **Status of an unmet target.** ``off_track`` once the target year is over (today is after 31/12 of
   it). Otherwise — including an estimate for the target year itself, before the year ends — the shortfall
   is how far the value is behind the trajectory, in the good direction: none or negative → ``on_track``;
   less than the tolerance (default 10 % of the baseline→target gap; of the target itself when the
   baseline already met it) → ``at_risk``; else ``off_track``.
9. **Headline.** An indicator's status is that of its first target whose year is the current year or
   later, else of its last target; no target or no value → ``no_data``.
10. **Ratio indicators** get their values from two others, period by period: numerator / denominator ×
    100 (periods where both exist and the denominator is not zero).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import TextChoices


class IndicatorStatus(TextChoices):
    """An indicator's (or a target's) status, computed, never stored on a row, with its label."""

    ACHIEVED = "achieved", "Đã đạt"
    ON_TRACK = "on_track", "Đúng lộ trình"
    AT_RISK = "at_risk", "Có nguy cơ chậm"
    OFF_TRACK = "off_track", "Chậm so với lộ trình"
    NO_DATA = "no_data", "Chưa đủ số liệu"


STATUS_LABELS = dict(IndicatorStatus.choices)
STATUS_CODES = list(IndicatorStatus.values)
DEFAULT_TOLERANCE = Decimal("0.10")
INCREASING = {">", ">="}
DECREASING = {"<", "<="}


@dataclass(frozen=True)
class TargetFact:
    year: int
    value: Decimal
    value_max: Decimal | None = None
    comparator: str = ">="


@dataclass(frozen=True)
class ValueFact:
    """One organization's value for one period, as stored."""

    period: str
    period_end: dt.date
    value: Decimal
    organization_id: int | None = None
    is_estimate: bool = False
    review: str = "pending"  # pending | verified | rejected
    seq: int = 0  # tie-breaker: entry order


@dataclass(frozen=True)
class Observation:
    """The indicator's value for one period, after combining organizations."""

    period: str
    period_end: dt.date
    value: Decimal
    is_estimate: bool = False
    is_verified: bool = True

    @property
    def position(self) -> Decimal:
        return position_of(self.period_end)


@dataclass
class TargetAssessment:
    year: int
    value: Decimal
    value_max: Decimal | None
    comparator: str
    reference: Decimal
    status: str
    judged: Observation | None = None
    progress: Decimal | None = None
    expected: Decimal | None = None
    shortfall: Decimal | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Assessment:
    status: str
    targets: list[TargetAssessment]
    headline: TargetAssessment | None
    series: list[Observation]
    baseline_value: Decimal | None
    baseline_position: Decimal | None
    baseline_inferred: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def latest(self) -> Observation | None:
        return self.series[-1] if self.series else None

    @property
    def is_estimate(self) -> bool:
        judged = self.headline.judged if self.headline else None
        return bool(judged and judged.is_estimate)

    @property
    def progress(self) -> Decimal | None:
        return self.headline.progress if self.headline else None

    @property
    def baseline_year(self) -> int | None:
        return int(self.baseline_position) if self.baseline_position is not None else None


# ---------------------------------------------------------------------------------------------- helpers


@functools.lru_cache(maxsize=4096)  # a few hundred period ends, asked for again by every indicator
def position_of(day: dt.date) -> Decimal:
    """Years as a number: the end of year Y is Y, 30/06/Y is Y − 1 + 181/365."""
    days = 366 if calendar.isleap(day.year) else 365
    return Decimal(day.year - 1) + Decimal(day.timetuple().tm_yday) / Decimal(days)


def to_decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def good_sign(comparator: str, direction: str) -> int:
    """+1 when higher is better for this target, −1 when lower is better."""
    if comparator in INCREASING:
        return 1
    if comparator in DECREASING:
        return -1
    return -1 if direction == "decrease" else 1


def reference_value(target: TargetFact, direction: str) -> Decimal:
    if target.comparator == "range" and direction == "decrease" and target.value_max is not None:
        return target.value_max
    return target.value


def meets(value: Decimal, target: TargetFact, direction: str) -> bool:
    c = target.comparator
    if c == ">=":
        return value >= target.value
    if c == ">":
        return value > target.value
    if c == "<=":
        return value <= target.value
    if c == "<":
        return value < target.value
    ref = reference_value(target, direction)
    return value <= ref if direction == "decrease" else value >= ref


def trajectory(
    baseline: Decimal, baseline_pos: Decimal, target: Decimal, target_year: int, at: Decimal
) -> Decimal:
    """The straight line from (baseline position, baseline) to (end of target year, target)."""
    span = Decimal(target_year) - baseline_pos
    if span <= 0:
        return target
    share = min(max((at - baseline_pos) / span, Decimal(0)), Decimal(1))
    return baseline + (target - baseline) * share


# ------------------------------------------------------------------------------------------ aggregation


def combine(
    values: list[ValueFact],
    *,
    aggregation: str = "latest",
    responsible_ids: set[int] | frozenset[int] = frozenset(),
) -> list[Observation]:
    """One observation per period, oldest first (rule 1)."""
    by_period: dict[str, list[ValueFact]] = defaultdict(list)
    for v in values:
        if v.review != "rejected":
            by_period[v.period].append(v)
    out = []
    for period, rows in by_period.items():
        actual = [r for r in rows if not r.is_estimate]
        rows = actual or rows
        if aggregation == "sum":
            value = sum((r.value for r in rows), Decimal(0))
        elif aggregation == "avg":
            value = sum((r.value for r in rows), Decimal(0)) / len(rows)
        else:  # latest (and the fallback of other rules): the responsible organization's, else the last one
            own = [r for r in rows if r.organization_id in responsible_ids]
            value = max(own or rows, key=lambda r: r.seq).value
        out.append(
            Observation(
                period=period,
                period_end=max(r.period_end for r in rows),
                value=value,
                is_estimate=not actual,
                is_verified=all(r.review == "verified" for r in rows),
            )
        )
    return sorted(out, key=lambda o: (o.period_end, o.period))


def ratio_series(numerator: list[Observation], denominator: list[Observation]) -> list[Observation]:
    """Rule 10: numerator / denominator × 100, period by period."""
    den = {o.period: o for o in denominator}
    out = []
    for n in numerator:
        d = den.get(n.period)
        if d is None or d.value == 0:
            continue
        out.append(
            Observation(
                n.period,
                max(n.period_end, d.period_end),
                n.value / d.value * 100,
                is_estimate=n.is_estimate or d.is_estimate,
                is_verified=n.is_verified and d.is_verified,
            )
        )
    return out


# ----------------------------------------------------------------------------------------------- status


def assess_target(
    target: TargetFact,
    *,
    direction: str,
    series: list[Observation],
    baseline: Decimal | None,
    baseline_pos: Decimal | None,
    tolerance: Decimal = DEFAULT_TOLERANCE,
    today: dt.date | None = None,
    positions: list[Decimal] | None = None,
) -> TargetAssessment:
    """`positions`: those of `series`, when it is sorted (as `assess` sorts it): the value that judges the target
    is then found by bisection (a country's 1 360 indicators × their targets × their series, issue #25)."""
    ref = reference_value(target, direction)
    result = TargetAssessment(
        target.year, target.value, target.value_max, target.comparator, ref, IndicatorStatus.NO_DATA
    )
    year_end = Decimal(target.year)
    if positions is not None:
        upto = series[:bisect.bisect_right(positions, year_end)]
    else:
        upto = [o for o in series if o.position <= year_end]
    if not upto:
        result.notes.append(f"Chưa có số liệu đến năm {target.year}.")
        return result
    judged = upto[-1]
    result.judged = judged
    sign = good_sign(target.comparator, direction)
    if baseline is not None:
        gap = (ref - baseline) * sign
        if gap > 0:
            result.progress = (judged.value - baseline) / (ref - baseline)
    if meets(judged.value, target, direction):
        result.status = IndicatorStatus.ACHIEVED
        if (
            target.comparator == "range"
            and target.value_max is not None
            and not (target.value <= judged.value <= target.value_max)
        ):
            result.notes.append("Vượt khoảng mục tiêu.")
        return result
    if baseline is None or baseline_pos is None:
        result.notes.append("Chưa đủ số liệu để tính lộ trình (thiếu giá trị cơ sở).")
        return result
    if today is not None and today > dt.date(target.year, 12, 31):
        result.status = IndicatorStatus.OFF_TRACK
        result.notes.append(f"Không đạt mục tiêu năm {target.year}.")
        return result
    gap = (ref - baseline) * sign
    expected = trajectory(baseline, baseline_pos, ref, target.year, judged.position) if gap > 0 else ref
    shortfall = (expected - judged.value) * sign
    band = tolerance * (abs(ref - baseline) if gap > 0 else abs(ref))
    result.expected = expected
    result.shortfall = shortfall
    if shortfall <= 0:
        result.status = IndicatorStatus.ON_TRACK
    elif shortfall < band:
        result.status = IndicatorStatus.AT_RISK
    else:
        result.status = IndicatorStatus.OFF_TRACK
    return result


def assess(
    *,
    comparator: str = ">=",
    direction: str = "increase",
    baseline_value=None,
    baseline_year: int | None = None,
    targets: list[TargetFact],
    series: list[Observation],
    today: dt.date,
    tolerance: Decimal = DEFAULT_TOLERANCE,
) -> Assessment:
    """Every target assessed, and the headline status (rule 9). `series` is oldest first (see `combine`).

    `comparator` is the indicator's own, used for targets that were stored without one.
    """
    series = sorted(series, key=lambda o: (o.period_end, o.period))
    notes: list[str] = []
    inferred = False
    if baseline_value is not None and baseline_year is not None:
        baseline, baseline_pos = to_decimal(baseline_value), Decimal(int(baseline_year))
    elif series:
        baseline, baseline_pos, inferred = series[0].value, series[0].position, True
        notes.append(f"Chưa khai báo giá trị cơ sở: lấy số liệu kỳ {series[0].period} làm cơ sở.")
    else:
        baseline = baseline_pos = None
    facts = sorted(
        (t if t.comparator else TargetFact(t.year, t.value, t.value_max, comparator) for t in targets),
        key=lambda t: t.year,
    )
    assessed = []
    positions = [o.position for o in series]  # non-decreasing: sorted by period end
    for t in facts:
        a = assess_target(
            t,
            direction=direction,
            series=series,
            baseline=baseline,
            baseline_pos=baseline_pos,
            tolerance=tolerance,
            today=today,
            positions=positions,
        )
        # An inferred baseline is the judged value itself when there is only one value: no trajectory.
        if (
            inferred
            and a.status in {IndicatorStatus.ON_TRACK, IndicatorStatus.AT_RISK, IndicatorStatus.OFF_TRACK}
            and a.judged is series[0]
            and a.judged.position < Decimal(t.year)
        ):
            a.status, a.expected, a.shortfall, a.progress = IndicatorStatus.NO_DATA, None, None, None
            a.notes.append("Chưa đủ số liệu để tính lộ trình (mới có một kỳ số liệu, chưa có giá trị cơ sở).")
        assessed.append(a)
    if not facts:
        notes.append("Chưa có mục tiêu theo năm.")
    headline = next((a for a in assessed if a.year >= today.year), assessed[-1] if assessed else None)
    status = headline.status if headline else IndicatorStatus.NO_DATA
    return Assessment(status, assessed, headline, series, baseline, baseline_pos, inferred, notes)


def trajectory_points(
    assessment: Assessment, target: TargetAssessment | None = None
) -> list[tuple[Decimal, Decimal]]:
    """The two ends (position, value) of the straight line from the baseline to a target (default: the
    headline target), for charts; empty when there is no baseline or the target is not after it."""
    target = target or assessment.headline
    if target is None or assessment.baseline_value is None or assessment.baseline_position is None:
        return []
    if Decimal(target.year) <= assessment.baseline_position:
        return []
    return [
        (assessment.baseline_position, assessment.baseline_value),
        (Decimal(target.year), target.reference),
    ]
