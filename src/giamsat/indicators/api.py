"""REST API of indicators, mounted at /api/v1/indicators. Same selectors and services as the pages."""

import datetime as dt

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from giamsat.core.errors import ApplicationError
from giamsat.core.filters import query_schema
from giamsat.core.pagination import BoundedLimitOffsetPagination
from giamsat.core.schemas import Error
from giamsat.indicators.filters import IndicatorFilterSet
from giamsat.indicators.models import Indicator
from giamsat.indicators.selectors import (
    explanation_get,
    explanation_list,
    indicator_get,
    indicator_list,
    value_get,
    value_list,
)
from giamsat.indicators.services import (
    explanation_answer,
    explanation_request_create,
    indicator_create,
    indicator_update,
    indicator_value_review,
    indicator_value_submit,
)
from giamsat.organizations.models import Organization

router = Router(tags=["indicators"])


def _f(value) -> float | None:
    return None if value is None else float(value)


class LatestOut(Schema):
    period: str
    period_end: dt.date
    value: float
    is_estimate: bool
    is_verified: bool


class TargetOut(Schema):
    year: int
    comparator: str
    value: float
    value_max: float | None
    status: str
    progress: float | None
    expected: float | None
    judged_period: str | None
    judged_value: float | None
    notes: list[str]


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    direction: str
    comparator: str
    baseline_value: float | None
    baseline_year: int | None
    baseline_inferred: bool
    min_value: float | None
    max_value: float | None
    responsible_id: int | None
    responsible_name: str | None
    frequency: str
    aggregation: str
    document_id: int | None
    is_published: bool
    status: str
    status_label: str
    progress: float | None
    estimate: bool
    verified_only: bool
    latest: LatestOut | None
    targets: list[TargetOut]


class ValueOut(Schema):
    id: int
    indicator_id: int
    organization_id: int
    organization_name: str
    period: str
    period_end: dt.date
    value: float
    is_estimate: bool
    source: str
    review: str
    review_note: str
    reviewed_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime


class ExplanationOut(Schema):
    id: int
    indicator_id: int
    organization_id: int
    message: str
    due_date: dt.date | None
    state: str
    answer: str
    created_at: dt.datetime
    answered_at: dt.datetime | None


class IndicatorDetailOut(IndicatorOut):
    source_text: str
    values: list[ValueOut]
    explanations: list[ExplanationOut]


class TargetIn(Schema):
    year: int
    value: float | str
    value_max: float | str | None = None
    comparator: str = ""


class IndicatorIn(Schema):
    code: str
    name: str
    unit: str = ""
    direction: str = "increase"
    comparator: str = ">="
    baseline_value: float | str | None = None
    baseline_year: int | None = None
    min_value: float | str | None = None
    max_value: float | str | None = None
    responsible_id: int | None = None
    frequency: str = "annual"
    aggregation: str = "latest"
    numerator_id: int | None = None
    denominator_id: int | None = None
    is_published: bool = False
    targets: list[TargetIn] = []


class IndicatorPatch(Schema):
    code: str | None = None
    name: str | None = None
    unit: str | None = None
    direction: str | None = None
    comparator: str | None = None
    baseline_value: float | str | None = None
    baseline_year: int | None = None
    min_value: float | str | None = None
    max_value: float | str | None = None
    responsible_id: int | None = None
    frequency: str | None = None
    aggregation: str | None = None
    numerator_id: int | None = None
    denominator_id: int | None = None
    is_published: bool | None = None
    targets: list[TargetIn] | None = None


class ValueIn(Schema):
    period: str
    value: float | str
    is_estimate: bool = False
    source: str = ""


class ReviewIn(Schema):
    decision: str
    note: str = ""


class ExplanationIn(Schema):
    message: str
    due_date: dt.date | None = None


class AnswerIn(Schema):
    answer: str


def indicator_out(ind: Indicator) -> dict:
    a = ind.assessment
    latest = a.latest
    return {
        "id": ind.pk,
        "code": ind.code,
        "name": ind.name,
        "unit": ind.unit,
        "direction": ind.direction,
        "comparator": ind.comparator,
        "baseline_value": _f(a.baseline_value),
        "baseline_year": a.baseline_year,
        "baseline_inferred": a.baseline_inferred,
        "min_value": _f(ind.min_value),
        "max_value": _f(ind.max_value),
        "responsible_id": ind.responsible_id,
        "responsible_name": ind.responsible.name if ind.responsible else None,
        "frequency": ind.frequency,
        "aggregation": ind.aggregation,
        "document_id": ind.document_id,
        "is_published": ind.is_published,
        "status": a.status,
        "status_label": a.label,
        "progress": _f(a.progress),
        "estimate": a.is_estimate,
        "verified_only": ind.verified_only,
        "latest": {
            "period": latest.period,
            "period_end": latest.period_end,
            "value": float(latest.value),
            "is_estimate": latest.is_estimate,
            "is_verified": latest.is_verified,
        }
        if latest
        else None,
        "targets": [
            {
                "year": t.year,
                "comparator": t.comparator,
                "value": float(t.value),
                "value_max": _f(t.value_max),
                "status": t.status,
                "progress": _f(t.progress),
                "expected": _f(t.expected),
                "judged_period": t.judged.period if t.judged else None,
                "judged_value": _f(t.judged.value) if t.judged else None,
                "notes": t.notes,
            }
            for t in a.targets
        ],
    }


def value_out(v) -> dict:
    return {
        "id": v.pk,
        "indicator_id": v.indicator_id,
        "organization_id": v.organization_id,
        "organization_name": v.organization.name,
        "period": v.period,
        "period_end": v.period_end,
        "value": float(v.value),
        "is_estimate": v.is_estimate,
        "source": v.source,
        "review": v.review,
        "review_note": v.review_note,
        "reviewed_at": v.reviewed_at,
        "created_at": v.created_at,
        "updated_at": v.updated_at,
    }


def explanation_out(e) -> dict:
    return {
        "id": e.pk,
        "indicator_id": e.indicator_id,
        "organization_id": e.organization_id,
        "message": e.message,
        "due_date": e.due_date,
        "state": e.state,
        "answer": e.answer,
        "created_at": e.created_at,
        "answered_at": e.answered_at,
    }


def _detail(request, ind: Indicator) -> dict:
    data = indicator_out(ind)
    data["source_text"] = ind.source_text
    values = (
        [] if ind.verified_only else value_list(request.user, indicator=ind).select_related("organization")
    )
    data["values"] = [value_out(v) for v in values]
    data["explanations"] = [explanation_out(e) for e in explanation_list(request.user, indicator=ind)]
    return data


def _definition(payload: Schema, *, partial: bool) -> dict:
    data = payload.dict(exclude_unset=partial)
    data.pop("targets", None)
    out = {k: v for k, v in data.items() if not k.endswith("_id")}
    # An explicit null cannot clear a required field (the database would refuse it with a 500).
    for key in ("code", "name", "direction", "comparator", "frequency", "aggregation", "is_published"):
        if key in out and out[key] is None:
            raise ApplicationError(f"Trường “{key}” không được để trống.")
    if "unit" in out and out["unit"] is None:
        out["unit"] = ""
    if "responsible_id" in data:
        rid = data["responsible_id"]
        out["responsible"] = Organization.objects.filter(pk=rid).first() if rid else None
        if rid and out["responsible"] is None:
            raise ApplicationError(f"Không có cơ quan, đơn vị #{rid}.")
    for name in ("numerator", "denominator"):
        if f"{name}_id" in data:
            iid = data[f"{name}_id"]
            out[name] = Indicator.objects.filter(pk=iid).first() if iid else None
            if iid and out[name] is None:
                raise ApplicationError(f"Không có chỉ tiêu #{iid}.")
    return out


IndicatorQuery = query_schema(IndicatorFilterSet, "IndicatorQuery", module=__name__)


@router.get("", response=list[IndicatorOut])
@paginate(BoundedLimitOffsetPagination)
def indicator_list_api(request, filters: Query[IndicatorQuery]):
    """Visible indicators, each with `status`: achieved, on_track, at_risk, off_track or no_data (rules:
    docs/adr/0008-indicator-status.md), its targets with progress and trajectory, and its latest value."""
    checked = IndicatorFilterSet.checked(Indicator.objects.visible_to(request.user), request.GET)
    return [indicator_out(i) for i in checked.keep(indicator_list(request.user, checked.qs))]


@router.post("", response={201: IndicatorDetailOut, 400: Error, 403: Error})
def indicator_create_api(request, payload: IndicatorIn):
    """Define an indicator by hand (monitoring office)."""
    ind = indicator_create(
        user=request.user, targets=[t.dict() for t in payload.targets], **_definition(payload, partial=False)
    )
    return Status(201, _detail(request, indicator_get(request.user, ind.pk)))


@router.get("/{indicator_id}", response={200: IndicatorDetailOut, 404: Error})
def indicator_detail_api(request, indicator_id: int):
    return _detail(request, indicator_get(request.user, indicator_id))


@router.patch("/{indicator_id}", response={200: IndicatorDetailOut, 400: Error, 403: Error, 404: Error})
def indicator_update_api(request, indicator_id: int, payload: IndicatorPatch):
    """Change an indicator (monitoring office); `targets`, when given, replaces all its targets."""
    ind = indicator_get(request.user, indicator_id)
    targets = [t.dict() for t in payload.targets] if payload.targets is not None else None
    indicator_update(user=request.user, indicator=ind, targets=targets, **_definition(payload, partial=True))
    return _detail(request, indicator_get(request.user, indicator_id))


@router.get("/{indicator_id}/values", response={200: list[ValueOut], 404: Error})
def indicator_values_api(request, indicator_id: int):
    """The values the user may see: every organization's for the read-all roles, its own for an agency."""
    ind = indicator_get(request.user, indicator_id)
    if ind.verified_only:
        return []
    return [value_out(v) for v in value_list(request.user, indicator=ind)]


@router.post("/{indicator_id}/values", response={201: ValueOut, 400: Error, 403: Error, 404: Error})
def indicator_value_create_api(request, indicator_id: int, payload: ValueIn):
    """The responsible agency enters (or corrects, until it is verified) its value for a period.

    `period`: 2025, 2025-H1, 2025-Q1 or 2025-06 (matching the indicator's frequency); `value`: a number
    (or a string with a decimal comma, "37,6"); it must lie in the indicator's declared range."""
    ind = indicator_get(request.user, indicator_id)
    row = indicator_value_submit(
        user=request.user,
        indicator=ind,
        period=payload.period,
        value=payload.value,
        is_estimate=payload.is_estimate,
        source=payload.source,
    )
    row.organization = request.user.organization
    return Status(201, value_out(row))


@router.post("/values/{value_id}/review", response={200: ValueOut, 400: Error, 403: Error, 404: Error})
def indicator_value_review_api(request, value_id: int, payload: ReviewIn):
    """The monitoring office verifies a value (then locked) or rejects it with a reason (`note`)."""
    value = value_get(request.user, value_id)
    row = indicator_value_review(user=request.user, value=value, decision=payload.decision, note=payload.note)
    row.organization = value.organization
    return value_out(row)


@router.post(
    "/{indicator_id}/explanations", response={201: ExplanationOut, 400: Error, 403: Error, 404: Error}
)
def indicator_explanation_create_api(request, indicator_id: int, payload: ExplanationIn):
    """A leader or the office asks the responsible unit to explain the indicator (yêu cầu giải trình)."""
    ind = indicator_get(request.user, indicator_id)
    return Status(
        201,
        explanation_out(
            explanation_request_create(
                user=request.user, indicator=ind, message=payload.message, due_date=payload.due_date
            )
        ),
    )


@router.post(
    "/explanations/{explanation_id}/answer",
    response={200: ExplanationOut, 400: Error, 403: Error, 404: Error},
)
def indicator_explanation_answer_api(request, explanation_id: int, payload: AnswerIn):
    item = explanation_get(request.user, explanation_id)
    return explanation_out(explanation_answer(user=request.user, request=item, answer=payload.answer))
