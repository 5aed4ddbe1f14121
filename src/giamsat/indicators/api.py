"""REST API of indicators, mounted at /api/v1/indicators. Same selectors and services as the pages."""


from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from giamsat.core.errors import ApplicationError
from giamsat.core.filters import query_schema
from giamsat.core.pagination import BoundedLimitOffsetPagination
from giamsat.core.schemas import Error
from giamsat.indicators.filters import IndicatorFilterSet
from giamsat.indicators.models import Indicator
from giamsat.indicators.schemas import (
    AnswerIn,
    ExplanationIn,
    ExplanationOut,
    IndicatorDetailOut,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    ReviewIn,
    ValueIn,
    ValueOut,
    explanation_out,
    indicator_out,
    value_out,
)
from giamsat.indicators.selectors import (
    explanation_get,
    explanation_list,
    indicator_get,
    indicator_list,
    value_get,
    value_list,
)
from giamsat.indicators.services import indicator_create, indicator_update
from giamsat.indicators.values import (
    explanation_answer,
    explanation_request_create,
    indicator_value_review,
    indicator_value_submit,
)
from giamsat.organizations.models import Organization

router = Router(tags=["indicators"])



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
