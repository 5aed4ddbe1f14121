"""Schemas of the indicators API (`indicators.api`) and the functions that fill them from rows."""

import datetime as dt

from ninja import Schema

from giamsat.indicators.models import Indicator


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
