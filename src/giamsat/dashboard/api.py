"""REST API of the dashboard, mounted at /api/v1/dashboard: the figures of the pages, scoped the same way."""

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema

from giamsat.core.responses import encode, raw_json_answer
from giamsat.dashboard.punctuality import punctuality
from giamsat.dashboard.selectors import indicator_summary, task_summary
from giamsat.dashboard.snapshots import snapshot
from giamsat.dashboard.warnings import early_warnings
from giamsat.indicators.status import STATUS_CODES as INDICATOR_CODES
from giamsat.metrics.selectors import parse_resolution
from giamsat.reporting.submissions import SubmissionCode
from giamsat.tasks.status import STATUS_CODES as TASK_CODES

router = Router(tags=["dashboard"])


class StatusCounts(Schema):
    total: int
    by_status: dict[str, int]


class OrgTasks(Schema):
    id: int
    name: str
    total: int
    by_status: dict[str, int]


class GroupTasks(Schema):
    solution_group: int | None
    name: str
    total: int
    by_status: dict[str, int]


class TaskFigures(Schema):
    total: int
    by_status: dict[str, int]
    shares: dict[str, float | None]
    due_total: int
    due_done: int
    due_done_ratio: float | None
    overdue_ratio: float | None
    soon_due: int
    coordinated: int | None = None  # an agency: the tasks it only coordinates (not counted above)
    by_lead_organization: list[OrgTasks]
    by_solution_group: list[GroupTasks]


class OrgPunctuality(Schema):
    id: int
    name: str
    on_time: int
    late: int
    missing: int
    pending: int
    on_time_rate: float | None


class ReportingFigures(Schema):
    months: int
    on_time: int
    late: int
    missing: int
    pending: int
    on_time_rate: float | None
    by_organization: list[OrgPunctuality]


class SummaryFigures(Schema):
    as_of: dt.date
    figures: dict[str, int | float | None]  # the task figures of giamsat.metrics, by their stable keys
    tasks: TaskFigures
    indicators: StatusCounts
    reporting: ReportingFigures


class SummaryOut(SummaryFigures):
    computed_at: dt.datetime
    current: bool


class WarningItem(Schema):
    kind: str
    id: int | None
    title: str
    organization: str
    due: dt.date | None
    status: str


class WarningsOut(Schema):
    as_of: dt.date
    total: int
    items: list[WarningItem]


def _all_codes(counts: dict, codes) -> dict[str, int]:
    return {c: counts.get(c, 0) for c in codes}


@router.get("/summary", response=SummaryOut)
def dashboard_summary(request, months: int = 6, recompute: bool = False, resolution: str = ""):
    """Task counts by status (computed statuses) overall, per lead organization and per solution group;
    indicator counts by status; reporting punctuality over the last `months` months (by due month).
    `resolution` ('57', '71', '57-NQ/TW'…): only the cascade of that root resolution (ADR 0040), as
    `GET /metrics?resolution=` counts it.

    Served from the dashboard snapshot (ADR 0011): `computed_at` says when the figures were computed and
    `current` whether anything was written since; `recompute=true` computes them again now."""
    kept = summary_snapshot(
        request.user, today=timezone.localdate(), months=min(max(months, 1), 36), recompute=recompute,
        resolution=parse_resolution(resolution),
    )
    # The figures are kept as the bytes they are sent as: a national summary lists thousands of organizations
    # (1.7 MB), and validating or encoding them again on every request took longer than reading the snapshot.
    head = encode({"computed_at": kept.computed_at, "current": kept.current}).encode()
    return raw_json_answer(b"".join((head[:-1], b", ", kept.value[1:])))


def summary_snapshot(user, *, today: dt.date, months: int = 6, recompute: bool = False, resolution: str = ""):
    """The summary's JSON for the user's scope (a dashboard snapshot; also warmed each morning), one per root
    resolution asked."""
    return snapshot(
        "summary-api",
        user,
        lambda: encode(SummaryFigures.model_validate(
            _summary(user, today=today, months=months, resolution=resolution))).encode(),
        today=today,
        params={"months": months, **({"resolution": resolution} if resolution else {})},
        recompute=recompute,
    )


def _summary(user, *, today: dt.date, months: int, resolution: str = "") -> dict:
    s = task_summary(user, today=today, lists=False, resolution=resolution)
    ind = indicator_summary(user, today=today, resolution=resolution)
    p = punctuality(user, today=today, months=months, resolution=resolution)
    return {
        "as_of": today,
        "figures": s.figures,
        "tasks": {
            "total": s.total,
            "by_status": _all_codes(s.counts, TASK_CODES),
            "shares": {
                c: (round(100 * s.counts.get(c, 0) / s.total, 1) if s.total else None) for c in TASK_CODES
            },
            "due_total": s.due_total,
            "due_done": s.due_done,
            "due_done_ratio": s.due_done_ratio,
            "overdue_ratio": s.overdue_ratio,
            "soon_due": s.soon_count,
            "coordinated": s.coordinated,
            "by_lead_organization": [
                {
                    "id": r.key,
                    "name": r.label,
                    "total": r.total,
                    "by_status": _all_codes({c: cell.n for c, cell in r.cells.items()}, TASK_CODES),
                }
                for r in s.by_org
            ],
            "by_solution_group": [
                {
                    "solution_group": r.key,
                    "name": r.label,
                    "total": r.total,
                    "by_status": _all_codes({c: cell.n for c, cell in r.cells.items()}, TASK_CODES),
                }
                for r in s.by_group
            ],
        },
        "indicators": {"total": len(ind.items), "by_status": _all_codes(ind.counts, INDICATOR_CODES)},
        "reporting": {
            "months": months,
            **{c: p.totals.get(c, 0) for c in SubmissionCode.values},
            "on_time_rate": p.rate,
            "by_organization": [
                {
                    "id": r.organization.pk,
                    "name": r.organization.name,
                    **{c: r.totals.get(c, 0) for c in SubmissionCode.values},
                    "on_time_rate": r.rate,
                }
                for r in p.rows
            ],
        },
    }


@router.get("/warnings", response=WarningsOut)
def dashboard_warnings(request):
    """The early-warning list: tasks overdue or soon due, indicators off track or at risk, reports missing,
    explanation requests not answered."""
    today = timezone.localdate()
    w = early_warnings(request.user, today=today)
    items = []
    for kind, tasks in (
        ("task_overdue", w.overdue),
        ("task_soon_due", w.soon),
        ("task_not_reported", w.not_reported),
    ):
        items += [
            {
                "kind": kind,
                "id": t.pk,
                "title": t.name,
                "organization": "; ".join(t.lead_names()),
                "due": t.status.due,
                "status": t.status.code,
            }
            for t in tasks
        ]
    items += [
        {
            "kind": "indicator",
            "id": i.pk,
            "title": f"{i.code} — {i.name}",
            "organization": i.responsible.name if i.responsible else "",
            "due": None,
            "status": i.assessment.status,
        }
        for i in w.indicators
    ]
    items += [
        {
            "kind": "report_missing",
            "id": p.pk,
            "title": f"{p.rule.document.label} — {p.label}",
            "organization": org.name,
            "due": p.due_date,
            "status": sub.code,
        }
        for p, org, sub in w.reports_missing
    ]
    items += [
        {
            "kind": "explanation_open",
            "id": e.pk,
            "title": f"{e.indicator.code} — {e.message[:200]}",
            "organization": e.organization.name,
            "due": e.due_date,
            "status": e.state,
        }
        for e in w.explanations
    ]
    return {"as_of": today, "total": len(items), "items": items}
