"""Indicators of each province with their targets and two years of values.

Commune indicators (online procedures, digital identity, broadband ...) are reported monthly by every
commune and combined by their rule (average for rates, sum for counts); province indicators (digital
economy share, R&D spending ...) quarterly by their responsible department. Each commune moves from the
baseline towards the 2030 target at its own pace, so some indicators are on track and some are not; most
values are verified, some pending, a few rejected with a reason, the latest sometimes an estimate.
"""

import datetime as dt
from decimal import Decimal

from giamsat.core.dates import month_end
from giamsat.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from giamsat.synth import vocab
from giamsat.synth.clock import VN, months_between
from giamsat.synth.organizations import Org, Province

INDICATOR_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "code",
    "name",
    "unit",
    "direction",
    "comparator",
    "baseline_value",
    "baseline_year",
    "responsible_id",
    "frequency",
    "aggregation",
    "document_id",
    "source_text",
    "is_published",
    "is_demo",
)
TARGET_COLUMNS = ("id", "indicator_id", "year", "value", "comparator", "source_text")
VALUE_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "indicator_id",
    "organization_id",
    "period",
    "period_end",
    "value",
    "is_estimate",
    "source",
    "review",
    "review_note",
    "reviewed_at",
    "entered_by_id",
    "reviewed_by_id",
    "is_demo",
)

TABLES = [(Indicator, INDICATOR_COLUMNS), (IndicatorTarget, TARGET_COLUMNS), (IndicatorValue, VALUE_COLUMNS)]

BASELINE_YEAR = 2024
TARGET_YEAR = 2030
_SPAN_DAYS = (dt.date(TARGET_YEAR, 12, 31) - dt.date(BASELINE_YEAR, 12, 31)).days


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=VN)


class IndicatorBuilder:
    def __init__(self, ctx, prov: Province, document_id: int):
        self.ctx, self.prov, self.document_id = ctx, prov, document_id
        self.loader = ctx.loader
        # Indicators belong to a handful of departments (science and technology, culture, home affairs ...).
        self.responsibles = prov.issuers[:5]
        self.created = ctx.created

    def build(self) -> None:
        scale, prov = self.ctx.scale, self.prov
        months = [
            ym
            for ym in months_between(self.ctx.history_start, self.ctx.as_of)
            if month_end(*ym) < self.ctx.as_of
        ]
        for n in range(scale.commune_indicators):
            name, unit, aggregation, base, target, direction = vocab.COMMUNE_INDICATORS[
                n % len(vocab.COMMUNE_INDICATORS)
            ]
            if n >= len(vocab.COMMUNE_INDICATORS):
                name = f"{name} (nhóm {n // len(vocab.COMMUNE_INDICATORS) + 1})"
            if aggregation == "sum":  # a province-wide target for a count every commune contributes to
                base, target = base * len(prov.communes), target * len(prov.communes)
            pk = self._indicator(
                f"SYN-{prov.index + 1:02d}-X{n + 1:02d}",
                name,
                unit,
                aggregation,
                base,
                target,
                direction,
                "monthly",
                published=n < 3,
                responsible=self._responsible(n),
            )
            share = 1 / len(prov.communes) if aggregation == "sum" else 1
            periods = [(f"{y}-{m:02d}", month_end(y, m)) for y, m in months]
            for commune in prov.communes:
                self._values(pk, commune, periods, base * share, target * share, unit)
        quarters = sorted(
            {
                (y, (m - 1) // 3 + 1)
                for y, m in months
                if month_end(y, ((m - 1) // 3 + 1) * 3) < self.ctx.as_of
            }
        )
        for n in range(scale.province_indicators):
            name, unit, aggregation, base, target, direction = vocab.PROVINCE_INDICATORS[
                n % len(vocab.PROVINCE_INDICATORS)
            ]
            if n >= len(vocab.PROVINCE_INDICATORS):
                name = f"{name} (nhóm {n // len(vocab.PROVINCE_INDICATORS) + 1})"
            responsible = self._responsible(n)
            pk = self._indicator(
                f"SYN-{prov.index + 1:02d}-T{n + 1:02d}",
                name,
                unit,
                aggregation,
                base,
                target,
                direction,
                "quarterly",
                published=n < 2,
                responsible=responsible,
            )
            periods = [(f"{y}-Q{q}", month_end(y, q * 3)) for y, q in quarters]
            self._values(pk, responsible, periods, base, target, unit)

    def _responsible(self, n: int) -> Org:
        return self.responsibles[n % len(self.responsibles)]

    def _indicator(
        self,
        code,
        name,
        unit,
        aggregation,
        base,
        target,
        direction,
        frequency,
        *,
        published,
        responsible: Org,
    ) -> int:
        loader = self.loader
        pk = loader.new_id(Indicator)
        comparator = ">=" if direction == "increase" else "<="
        loader.add(
            Indicator,
            (
                pk,
                self.created,
                self.created,
                code,
                name,
                unit,
                direction,
                comparator,
                Decimal(str(base)),
                BASELINE_YEAR,
                responsible.id,
                frequency,
                aggregation,
                self.document_id,
                f"{name} đạt {target} {unit} vào năm {TARGET_YEAR}",
                published,
                True,
            ),
        )
        years = [(2025, base + (target - base) / 6), (TARGET_YEAR, target)]
        if self.ctx.rng.random() < 0.3:
            years.append((2045, target * 1.2 if direction == "increase" else target / 2))
        for year, value in years:
            loader.add(
                IndicatorTarget,
                (loader.new_id(IndicatorTarget), pk, year, Decimal(f"{value:.4f}"), comparator, ""),
            )
        return pk

    def _values(self, indicator_id: int, org: Org, periods, base: float, target: float, unit: str) -> None:
        rng, loader, as_of = self.ctx.rng, self.loader, self.ctx.as_of
        pace = rng.uniform(0.4, 1.4)  # this unit's speed towards the target
        reviewer = self.prov.office_user_id
        for n, (period, end) in enumerate(periods):
            progress = max(0.0, (end - dt.date(BASELINE_YEAR, 12, 31)).days / _SPAN_DAYS) * pace
            value = base + (target - base) * progress
            value *= rng.uniform(0.9, 1.1)
            if unit == "%":
                value = min(100.0, value)
            value = max(0.0, value)
            recent = n >= len(periods) - 2
            review = rng.choices(("verified", "pending", "rejected"), (45, 50, 5) if recent else (85, 12, 3))[
                0
            ]
            entered = min(as_of, end + dt.timedelta(days=rng.randint(1, 10)))
            reviewed = (
                min(as_of, entered + dt.timedelta(days=rng.randint(1, 7))) if review != "pending" else None
            )
            loader.add(
                IndicatorValue,
                (
                    loader.new_id(IndicatorValue),
                    _at(entered, 9),
                    _at(reviewed or entered, 15),
                    indicator_id,
                    org.id,
                    period,
                    end,
                    Decimal(f"{value:.2f}"),
                    n == len(periods) - 1 and rng.random() < 0.3,
                    "Báo cáo của đơn vị",
                    review,
                    rng.choice(vocab.REVIEW_NOTES) if review == "rejected" else "",
                    _at(reviewed, 15) if reviewed else None,
                    org.focal_id,
                    reviewer if reviewed else None,
                    True,
                ),
            )
