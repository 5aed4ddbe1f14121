"""Reads of indicators, their values and explanation requests, through the rules of accounts.access.

Visibility:
- Administrators, the monitoring office, leaders and inspectors see every indicator and every value.
- An agency (focal point, head) sees the indicators its organization (or a predecessor) is responsible
  for, with its own values, and the published indicators. On a published indicator that is not its own
  it sees what the public sees: the status computed from verified values only, and no values list.
- Anonymous visitors (the public page) see published indicators, computed from verified values only.

Every list is assessed in a fixed number of queries: indicators (with numerator and denominator),
targets, and one query for the values of all of them.
"""

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.db.models.fields.json import KeyTransform
from django.utils import timezone

from giamsat.accounts.access import can_manage_indicators, is_agency_user, own_organization_ids, sees_rows_of
from giamsat.core.errors import NotFoundError
from giamsat.documents.models import with_document
from giamsat.indicators.models import ExplanationRequest, Indicator, IndicatorTarget, IndicatorValue
from giamsat.indicators.series import series_as_of, series_for, stored_observations
from giamsat.indicators.status import (
    DEFAULT_TOLERANCE,
    STATUS_CODES,
    Assessment,
    Observation,
    TargetFact,
    assess,
    ratio_series,
    trajectory_points,
)


def tolerance() -> Decimal:
    # Accept the Vietnamese decimal comma ("0,1") as well as "0.1".
    return Decimal(str(getattr(settings, "GIAMSAT_INDICATOR_TOLERANCE", DEFAULT_TOLERANCE)).replace(",", "."))


# ------------------------------------------------------------------------------------------- indicators


def _full_view(user, responsible_id: int | None) -> bool:
    """Whether the user sees pending values of an indicator of this organization (else: verified values only)."""
    return sees_rows_of(user, responsible_id)


# Without the stored series: the assessments are kept (`keep`); the few computed read them in one query.
_NO_SERIES = ("series", "numerator__series", "denominator__series")


def _base(qs: QuerySet[Indicator], *, series: bool = False) -> QuerySet[Indicator]:
    qs = with_document(qs.select_related("responsible", "numerator", "denominator")).prefetch_related(
        Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
    )
    return qs if series else qs.defer(*_NO_SERIES)


# Set at start-up by giamsat.dashboard (a layer above): `keep(kind, today, params, compute)` keeps what
# `compute()` returns, the same for everyone, until an indicator, a target or a value is written (ADR 0053).
# Unset: every call assesses.
keep = None


def indicator_list(
    user,
    queryset: QuerySet[Indicator] | None = None,
    *,
    responsible_ids: set[int] | None = None,
    document: int | None = None,
    today: dt.date | None = None,
) -> list[Indicator]:
    """Visible indicators (or those of `queryset`: the visible ones narrowed by the list's filters,
    `indicators.filters.IndicatorFilterSet`), each with `.assessment` (see indicators.status).
    `responsible_ids`, `document`: only those some of these organizations are responsible for, or of this
    document (the dashboard's and an organization's figures; filtered before assessing)."""
    qs = Indicator.objects.visible_to(user) if queryset is None else queryset
    if responsible_ids is not None:
        qs = qs.filter(responsible_id__in=responsible_ids)
    if document:
        qs = qs.filter(document_id=document)
    return indicators_assessed(list(_base(qs).order_by("code")), user=user, today=today)


def indicator_statuses(user, queryset: QuerySet[Indicator] | None = None, *,
                       today: dt.date | None = None) -> list[tuple[int, str]]:
    """(id, status) of the visible indicators (or those of `queryset`, as `indicator_list`), in code order:
    what the list page counts, filters by status and cuts into pages. Two columns of one query, the statuses
    from the kept assessments; a country's 1 360 indicators are neither read whole nor assessed per view."""
    qs = Indicator.objects.visible_to(user) if queryset is None else queryset
    today = today or timezone.localdate()
    rows = [(pk, not _full_view(user, responsible_id))
            for pk, responsible_id in qs.order_by("code").values_list("pk", "responsible_id")]
    statuses: dict[int, str] = {}
    if _kept_today(today):
        kept = _kept_by_view(today, Counter(verified_only for _, verified_only in rows))
        for pk, verified_only in rows:
            if verified_only in kept and (found := kept[verified_only].get(pk)) is not None:
                statuses[pk] = found.status
    # The few (an agency's own), and any missed in a race with a new indicator's commit: assessed now.
    missing = [pk for pk, _ in rows if pk not in statuses]
    if missing:
        for ind in indicators_assessed(list(_base(qs.filter(pk__in=missing))), user=user, today=today):
            statuses[ind.pk] = ind.assessment.status
    return [(pk, statuses[pk]) for pk, _ in rows]


def indicators_by_id(user, ids: list[int], *, today: dt.date | None = None) -> list[Indicator]:
    """The visible indicators among `ids`, in the order of `ids`, assessed: one page of the list."""
    found = {i.pk: i for i in _base(Indicator.objects.visible_to(user).filter(pk__in=ids))}
    return indicators_assessed([found[pk] for pk in ids if pk in found], user=user, today=today)


def indicator_get(user, pk: int, *, today: dt.date | None = None) -> Indicator:
    indicator = _base(Indicator.objects.visible_to(user)).filter(pk=pk).first()
    if indicator is None:
        raise NotFoundError("Không tìm thấy chỉ tiêu hoặc bạn không có quyền xem.")
    indicators_assessed([indicator], user=user, today=today)
    return indicator


def indicator_ref(user, pk: int) -> Indicator:
    """A visible indicator with what its page reads besides its kept parts (the code, who answers for it, the
    frequency of its values): one narrow row."""
    indicator = (Indicator.objects.visible_to(user).filter(pk=pk)
                 .only("id", "code", "responsible_id", "frequency").first())
    if indicator is None:
        raise NotFoundError("Không tìm thấy chỉ tiêu hoặc bạn không có quyền xem.")
    return indicator


def public_indicators(*, today: dt.date | None = None) -> list[Indicator]:
    """Published indicators assessed on verified values only: what the public page shows."""
    return indicators_assessed(
        list(_base(Indicator.objects.filter(is_published=True)).order_by("code")), user=None, today=today
    )


def indicators_assessed(
    indicators: list[Indicator], *, user, today: dt.date | None = None, entered_by: dt.date | None = None
) -> list[Indicator]:
    """Attach `.assessment` to each indicator (and `.verified_only`: whether the user sees verified values
    only). Today's come from the kept assessments of every indicator (`keep`, ADR 0053): computed once per
    data version, not per view. Others are computed from the stored series (indicators.series), read in one
    query when the indicators came without it: no query per indicator, and no value is read. Pages that draw
    an indicator ask for `indicator_chart` (a country has more than a thousand indicators; a page draws a
    hundred at most). `entered_by`: the status as of that day — from the values entered and reviewed by then
    (`series.series_as_of`: one query), not the stored series.

    Indicators must come with `targets` prefetched and `numerator`/`denominator` selected (see `_base`).
    Kept assessments are shared: never change one.
    """
    today = today or timezone.localdate()
    if not indicators:
        return indicators
    if entered_by is not None:
        series_as_of(indicators, entered_by)
    for ind in indicators:
        ind.verified_only = not _full_view(user, ind.responsible_id)
    kept = {}
    if entered_by is None and _kept_today(today):
        kept = _kept_by_view(today, Counter(ind.verified_only for ind in indicators))
    fresh = []
    for ind in indicators:
        if ind.verified_only in kept and (found := kept[ind.verified_only].get(ind.pk)) is not None:
            ind.assessment = found
        else:
            fresh.append(ind)
    _read_series(fresh)
    tol = tolerance()
    for ind in fresh:
        ind.assessment = _assess(ind, verified_only=ind.verified_only, today=today, tol=tol)
    return indicators


# Fewer indicators than this seen one way (an agency's own, one indicator's page) are assessed on the spot (≈0,7 ms
# each): every indicator's assessment is kept for views of many (a country's: ≈1 s to compute).
FEW = 20


def _kept_by_view(today: dt.date, wanted: Counter) -> dict[bool, dict[int, Assessment]]:
    """The kept assessments for each way of seeing (verified values only or not) that many indicators are
    asked for."""
    return {verified_only: _kept_assessments(today, verified_only=verified_only)
            for verified_only, n in wanted.items() if n >= FEW}


def _kept_today(today: dt.date) -> bool:
    """Kept assessments are today's (a past day's figures are computed: they are asked for rarely)."""
    return keep is not None and today == timezone.localdate()


def _kept_assessments(today: dt.date, *, verified_only: bool) -> dict[int, Assessment]:
    """{id: assessment} of every indicator as a viewer who sees pending values (or verified ones only) sees
    it today, kept until an indicator, target or value is written (`keep`). A country's 1 360 indicators
    take about half a second: once per data version instead of on every view."""
    tol = tolerance()

    def compute() -> dict[int, Assessment]:
        # What an assessment reads, no more: the parts of ratios, and the targets as plain rows (no
        # organization, document nor prefetch queryset for each of a country's indicators).
        targets: dict[int, list[TargetFact]] = {}
        for ind_id, *fact in IndicatorTarget.objects.order_by("indicator_id", "year").values_list(
                "indicator_id", "year", "value", "value_max", "comparator", "indicator__comparator"):
            year, value, value_max, comparator, default = fact
            targets.setdefault(ind_id, []).append(TargetFact(year, value, value_max, comparator or default))
        # Only the half of each stored series this viewer reads, extracted by the database (half the JSON).
        half = "verified" if verified_only else "all"
        every = Indicator.objects.defer("series").annotate(
            half=KeyTransform(half, "series"), numerator_half=KeyTransform(half, "numerator__series"),
            denominator_half=KeyTransform(half, "denominator__series")).order_by()
        return {ind.pk: _assess(ind, verified_only=verified_only, today=today, tol=tol,
                                targets=targets.get(ind.pk, []), series=_stored_half(ind)) for ind in every}

    params = {"verified_only": verified_only, "tolerance": str(tol)}
    return keep("indicator-assessments", today, params, compute)


def _stored_half(ind: Indicator) -> list[Observation] | None:
    """The observations of the indicator's stored series read by `_kept_assessments` (a ratio's from its
    parts'); None where one is not stored (computed then by `_assess`, from the values)."""
    if ind.aggregation == Indicator.Aggregation.RATIO and ind.numerator_id and ind.denominator_id:
        if ind.numerator_half is None or ind.denominator_half is None:
            return None
        return ratio_series(stored_observations(ind.numerator_half), stored_observations(ind.denominator_half))
    return None if ind.half is None else stored_observations(ind.half)


def _read_series(indicators: list[Indicator]) -> None:
    """Give the indicators (and the parts of ratios) read without their stored series that series, in one
    query (the list's pages and the dashboards read indicators without it: `_base`)."""
    waiting: dict[int, list[Indicator]] = {}
    for ind in indicators:
        parts = [ind]
        if ind.aggregation == Indicator.Aggregation.RATIO and ind.numerator_id and ind.denominator_id:
            parts += [ind.numerator, ind.denominator]
        for part in parts:
            if "series" in part.get_deferred_fields():
                waiting.setdefault(part.pk, []).append(part)
    if waiting:
        for pk, series in Indicator.objects.filter(pk__in=list(waiting)).values_list("pk", "series"):
            for part in waiting[pk]:
                part.series = series


def _assess(ind: Indicator, *, verified_only: bool, today: dt.date, tol: Decimal,
            targets: list[TargetFact] | None = None, series: list[Observation] | None = None) -> Assessment:
    if series is None and ind.aggregation == Indicator.Aggregation.RATIO and ind.numerator and ind.denominator:
        series = ratio_series(
            series_for(ind.numerator, verified_only=verified_only),
            series_for(ind.denominator, verified_only=verified_only),
        )
    elif series is None:
        series = series_for(ind, verified_only=verified_only)
    if targets is None:
        targets = [TargetFact(t.year, t.value, t.value_max, t.comparator or ind.comparator)
                   for t in ind.targets.all()]
    return assess(
        comparator=ind.comparator,
        direction=ind.direction,
        baseline_value=ind.baseline_value,
        baseline_year=ind.baseline_year,
        targets=targets,
        series=series,
        today=today,
        tolerance=tol,
    )


def _num(value, digits: int | None = None) -> float | None:
    if value is None:
        return None
    return float(value) if digits is None else round(float(value), digits)


def indicator_chart(indicator: Indicator, assessment: Assessment) -> dict:
    """Data for the trajectory chart (dashboard.js): x is a position in years (2025 = end of 2025)."""
    return {
        "id": indicator.pk,
        "code": indicator.code,
        "unit": indicator.unit,
        "status": assessment.status,
        "values": [
            # x to a thousandth of a year (under 9 hours): the chart needs no more, the page is smaller.
            {"x": _num(o.position, 3), "y": _num(o.value), "period": o.period, "estimate": o.is_estimate}
            for o in assessment.series
        ],
        "trajectory": [{"x": _num(x), "y": _num(y)} for x, y in trajectory_points(assessment)],
        "targets": [
            {"x": t.year, "y": _num(t.reference), "max": _num(t.value_max), "status": t.status}
            for t in assessment.targets
        ],
    }


# ----------------------------------------------------------------------------------------------- values


def value_list(
    user, *, indicator: Indicator | None = None, organization: int | None = None, review: str = ""
) -> QuerySet[IndicatorValue]:
    qs = IndicatorValue.objects.visible_to(user)
    qs = qs.select_related("indicator", "organization", "entered_by", "reviewed_by")
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    if organization:
        qs = qs.filter(organization_id=organization)
    if review:
        qs = qs.filter(review=review)
    return qs.order_by("indicator__code", "-period_end", "organization__name")


def value_get(user, pk: int) -> IndicatorValue:
    value = IndicatorValue.objects.visible_to(user).select_related("indicator", "organization").filter(pk=pk).first()
    if value is None:
        raise NotFoundError("Không tìm thấy số liệu hoặc bạn không có quyền xem.")
    return value


def review_queue(user) -> QuerySet[IndicatorValue]:
    """Values waiting for the monitoring office's review (empty for everyone else)."""
    if not can_manage_indicators(user):
        return IndicatorValue.objects.none()
    return value_list(user, review=IndicatorValue.Review.PENDING).order_by("created_at", "id")


def enterable_indicators(user) -> QuerySet[Indicator]:
    """Indicators the user's organization is responsible for (where it may enter values)."""
    if not is_agency_user(user):
        return Indicator.objects.none()
    return Indicator.objects.filter(responsible_id__in=own_organization_ids(user)).order_by("code")


# ----------------------------------------------------------------------------------------- explanations


def explanation_list(user, *, indicator: Indicator | None = None, state: str = "") -> QuerySet[ExplanationRequest]:
    qs = ExplanationRequest.objects.visible_to(user).select_related(
        "indicator", "organization", "requested_by", "answered_by"
    )
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-id")


def explanation_get(user, pk: int) -> ExplanationRequest:
    item = explanation_list(user).filter(pk=pk).first()
    if item is None:
        raise NotFoundError("Không tìm thấy yêu cầu giải trình hoặc bạn không có quyền xem.")
    return item


def status_counts(indicators: list[Indicator]) -> dict[str, int]:
    counts = dict.fromkeys(STATUS_CODES, 0)
    for ind in indicators:
        counts[ind.assessment.status] += 1
    return counts
