"""The figures through the API, at /api/v1/metrics: every figure of a scope on a date, by its stable key."""

import datetime as dt

from ninja import Router, Schema

from giamsat.core.schemas import Error
from giamsat.metrics.selectors import (
    authorize,
    default_scope,
    figures,
    labelled,
    parse_date,
    parse_resolution,
    parse_scope,
)

router = Router(tags=["metrics"])
# Set at start-up by giamsat.dashboard (a layer above): `keep(user, scope, as_of, compute, resolution=)` keeps today's
# answers until the data they count changes (dashboard.snapshots, ADR 0011). Unset: every request computes.
keep = None


class FigureOut(Schema):
    value: int | float | None
    label: str
    unit: str


class MetricsOut(Schema):
    scope: str
    date: dt.date
    figures: dict[str, FigureOut]
    resolution: str = ""


@router.get("/metrics", response={200: MetricsOut, 400: Error, 403: Error, 404: Error}, url_name="metrics")
def metrics(request, scope: str = "", date: str = "", resolution: str = ""):
    """Every figure (giamsat.metrics.definitions) of `scope` (`province`, `organization:<id>`,
    `document:<id>`) on `date` (YYYY-MM-DD, today by default): value, Vietnamese label and unit. Agencies
    read their own organization's scope only (their default; the province is the others'). `resolution`
    ('57', '71', '57-NQ/TW'…): only the cascade of that root resolution (ADR 0040)."""
    parsed, as_of = parse_scope(scope or default_scope(request.user)), parse_date(date)
    authorize(request.user, parsed)
    resolution = parse_resolution(resolution)

    def compute():
        return labelled(figures(parsed, as_of, user=request.user, resolution=resolution))

    # kept per scope and root resolution: the whole scope's answer is never given for one resolution
    kept = keep(request.user, parsed, as_of, compute, resolution=resolution) if keep is not None else compute()
    return {"scope": str(parsed), "date": as_of, "figures": kept, "resolution": resolution}


class QualityOrg(Schema):
    id: int | None
    name: str
    count: int


class QualityCheck(Schema):
    key: str
    label: str
    what: str
    count: int
    by_organization: list[QualityOrg]


class QualityOut(Schema):
    date: dt.date
    checks: list[QualityCheck]


@router.get("/data-quality", response={200: QualityOut, 403: Error}, url_name="data_quality")
def data_quality_api(request):
    """The data-quality checks (giamsat.metrics.quality) with their counts, overall and per agency."""
    from django.utils import timezone

    from giamsat.metrics.quality import data_quality_for, quality_answer

    return {"date": timezone.localdate(), **quality_answer(data_quality_for(request.user, rows=False))}
