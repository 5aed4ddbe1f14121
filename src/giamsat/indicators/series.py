"""The stored copy of each indicator's combined series, so that lists and dashboards do not read every value.

`indicators.status.combine` stays the only definition of how values become one observation per period.
This module stores its result on the indicator (`Indicator.series`, two lists: over every value that is not
rejected, and over verified values only, for readers who see verified figures only) and keeps it fresh:
- after every saved value or indicator (signals below; once per indicator in `refresh_deferred` blocks);
- after bulk writers (the synthetic country, `giamsat refresh-statuses`): `refresh_series(ids)`.
A reader that finds no stored series (`None`) computes it in memory, without storing it (`series_for`: readers
never write, ADR 0020); `giamsat refresh-statuses` stores every missing one.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Case, CharField, Q, Value, When
from django.db.models.signals import post_delete, post_save

from giamsat.core.deferred import DeferredRefresh
from giamsat.indicators.models import Indicator, IndicatorValue
from giamsat.indicators.status import Observation, ValueFact, combine

BATCH = 200
VALUE_FIELDS = ("indicator_id", "period", "period_end", "value", "organization_id", "is_estimate", "review", "id")


def _encode(observations: list[Observation]) -> list[list]:
    return [[o.period, o.period_end.isoformat(), str(o.value), o.is_estimate, o.is_verified] for o in observations]


def _decode(rows: list[list]) -> list[Observation]:
    return [Observation(p, dt.date.fromisoformat(end), Decimal(v), est, ver) for p, end, v, est, ver in rows]


def stored_observations(rows: list[list]) -> list[Observation]:
    """One half of a stored series (`series["all"]` or `series["verified"]`), read back."""
    return _decode(rows)


def compute(indicator: Indicator, facts: list[ValueFact]) -> dict[str, list[list]]:
    responsible = {indicator.responsible_id} - {None}
    verified = [f for f in facts if f.review == IndicatorValue.Review.VERIFIED]
    return {
        "all": _encode(combine(facts, aggregation=indicator.aggregation, responsible_ids=responsible)),
        "verified": _encode(combine(verified, aggregation=indicator.aggregation, responsible_ids=responsible)),
    }


def _facts_by_indicator(ids: list[int], *, entered_by: dt.date | None = None) -> dict[int, list[ValueFact]]:
    """The values of the indicators, rejected ones left out. `entered_by`: as they stood at the end of that day
    — values recorded later left out, a review made later not yet made (verified → pending, rejected → pending)."""
    out: dict[int, list[ValueFact]] = {i: [] for i in ids}
    Review = IndicatorValue.Review
    rows = IndicatorValue.objects.filter(indicator_id__in=ids)
    if entered_by is None:
        rows = rows.exclude(review=Review.REJECTED).values_list(*VALUE_FIELDS)
    else:
        reviewed = Q(reviewed_at__isnull=False, reviewed_at__date__lte=entered_by)
        rows = (rows.filter(created_at__date__lte=entered_by).exclude(Q(review=Review.REJECTED) & reviewed)
                .annotate(review_then=Case(When(Q(review=Review.VERIFIED) & reviewed, then=Value(Review.VERIFIED)),
                                           default=Value(Review.PENDING), output_field=CharField()))
                .values_list(*VALUE_FIELDS[:-2], "review_then", "id"))
    for ind, period, end, value, org, estimate, review, pk in rows.order_by().iterator(chunk_size=5000):
        out[ind].append(ValueFact(period, end, value, org, estimate, review, pk))
    return out


def series_as_of(indicators, day: dt.date) -> None:
    """Give each indicator (and the parts of a ratio) the series of the values entered by the end of `day`, in
    memory only (nothing stored): an indicator's status as of a past date, as the evaluation of a past period
    needs it (values entered after it do not count). One query."""
    objects = {}
    for ind in indicators:
        for part in (ind, getattr(ind, "numerator", None), getattr(ind, "denominator", None)):
            if part is not None:
                objects.setdefault(part.pk, []).append(part)
    facts = _facts_by_indicator(list(objects), entered_by=day)
    for pk, parts in objects.items():
        series = compute(parts[0], facts[pk])
        for part in parts:
            part.series = series


def refresh_series(indicator_ids) -> int:
    """Recompute and store the series of the given indicators. Returns how many."""
    ids = sorted(set(indicator_ids))
    done = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        indicators = list(Indicator.objects.filter(pk__in=chunk).only("id", "aggregation", "responsible_id"))
        facts = _facts_by_indicator([i.pk for i in indicators])
        for indicator in indicators:
            indicator.series = compute(indicator, facts[indicator.pk])
        # bulk_update sends no signals: a derived copy is neither audited nor re-scheduled.
        Indicator.objects.bulk_update(indicators, ["series"])
        done += len(indicators)
    return done


def series_for(indicator: Indicator, *, verified_only: bool) -> list[Observation]:
    """The indicator's combined observations (stored; computed in memory, not stored, if missing)."""
    series = indicator.series
    if series is None:
        facts = _facts_by_indicator([indicator.pk])[indicator.pk]
        source = Indicator.objects.only("id", "aggregation", "responsible_id").get(pk=indicator.pk)
        series = indicator.series = compute(source, facts)
    return _decode(series["verified" if verified_only else "all"])


# --------------------------------------------------------------------------- refresh after ordinary writes

# Imports of many values: `with refresh_deferred():` refreshes each indicator touched once, at the end.
_deferred = DeferredRefresh("giamsat_series_deferred", lambda ids: refresh_series(ids))
refresh_deferred = _deferred.block


def schedule(indicator_id: int | None) -> None:
    """Refresh this indicator's series now, inside the writer's transaction (one indicator's values: a few
    milliseconds), or once at the end of a `refresh_deferred` block."""
    if indicator_id is not None and not _deferred.defer([indicator_id]):
        refresh_series([indicator_id])


def _value_changed(sender, instance: IndicatorValue, **kwargs) -> None:
    schedule(instance.indicator_id)


def _indicator_saved(sender, instance: Indicator, raw: bool = False, update_fields=None, **kwargs) -> None:
    # The aggregation rule and the responsible organization change how values combine.
    if raw or (update_fields is not None and not {"aggregation", "responsible", "responsible_id"} & set(update_fields)):
        return
    schedule(instance.pk)


post_save.connect(_value_changed, sender=IndicatorValue, dispatch_uid="indicators.series_value_saved")
post_delete.connect(_value_changed, sender=IndicatorValue, dispatch_uid="indicators.series_value_deleted")
post_save.connect(_indicator_saved, sender=Indicator, dispatch_uid="indicators.series_indicator_saved")
