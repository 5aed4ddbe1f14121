"""REST API of the reporting cycle, mounted at /api/v1/reports. Same selectors, services and permission
checks as the pages; refusals are ApplicationError (mapped to {"detail", "code"} with the right status)."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from giamsat.accounts.access import can_view_board, require_manager
from giamsat.core.errors import PermissionDeniedError
from giamsat.core.filters import query_schema
from giamsat.core.schemas import Error
from giamsat.reporting.filters import PeriodFilterSet, ReminderFilterSet, ReportFilterSet
from giamsat.reporting.models import Reminder, Report, ReportingPeriod
from giamsat.reporting.selectors import (
    period_get,
    period_list,
    period_submissions,
    reminder_list,
    report_get,
    report_list,
    report_versions,
    submission_status,
)
from giamsat.reporting.services import (
    ReportConflictError,
    period_close,
    period_reopen,
    periods_open,
    report_approve,
    report_correct,
    report_get_or_create_draft,
    report_send,
    report_update,
)

router = Router(tags=["reports"])


class OrgRef(Schema):
    id: int
    name: str
    short_name: str


class PeriodOut(Schema):
    id: int
    rule_id: int
    document_id: int
    document: str
    frequency: str
    key: str
    label: str
    start: dt.date
    end: dt.date
    due_date: dt.date
    closes_on: dt.date | None
    is_closed: bool
    recipient: OrgRef | None
    recipient_text: str


class ReportOut(Schema):
    id: int
    period: PeriodOut
    organization: OrgRef
    version: int
    previous_id: int | None
    state: str
    submission: str  # on_time | late | missing | pending: the organization's record for the period
    nothing_to_report: bool
    results: str
    shortcomings: str
    next_tasks: str
    proposals: str
    lock_version: int
    approved_by: str | None
    approved_at: dt.datetime | None
    sent_at: dt.datetime | None
    sent_by: str | None
    is_late: bool
    updated_at: dt.datetime


class ReportIn(Schema):
    lock_version: int
    results: str | None = None
    shortcomings: str | None = None
    next_tasks: str | None = None
    proposals: str | None = None
    nothing_to_report: bool | None = None


class LockIn(Schema):
    lock_version: int | None = None


class Change(Schema):
    field: str
    label: str
    by: str
    at: str
    value: str | bool


class ConflictOut(Schema):
    detail: str
    code: str
    lock_version: int
    changes: list[Change]


class SubmissionOut(Schema):
    organization: OrgRef
    status: str
    label: str
    report_id: int | None
    version: int | None
    sent_at: dt.datetime | None


class ReminderOut(Schema):
    id: int
    kind: str
    channel: str
    organization: OrgRef
    period_id: int | None
    task_id: int | None
    recipient: str | None
    address: str
    sent_at: dt.datetime
    message: str
    error: str


class ReportPage(Schema):
    items: list[ReportOut]
    count: int


class PeriodPage(Schema):
    items: list[PeriodOut]
    count: int


class ReminderPage(Schema):
    items: list[ReminderOut]
    count: int


class PageQuery(Schema):
    """The same `limit`/`offset` and `{"items", "count"}` shape as the other lists of the API; the page is
    cut in SQL, so a list of a whole country costs the same as one of a province."""

    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)


def _page(qs, page: PageQuery) -> tuple[list, int]:
    return list(qs[page.offset : page.offset + page.limit]), qs.count()


class OpenedOut(Schema):
    opened: list[PeriodOut]
    closed: list[PeriodOut]


class ReopenIn(Schema):
    until: dt.date | None = None


def _org(org) -> dict | None:
    if org is None:
        return None
    return {"id": org.pk, "name": org.name, "short_name": org.short_name}


def _period(p: ReportingPeriod) -> dict:
    rule = p.rule
    return {
        "id": p.pk,
        "rule_id": p.rule_id,
        "document_id": rule.document_id,
        "document": rule.document.label,
        "frequency": rule.frequency,
        "key": p.key,
        "label": p.label,
        "start": p.start,
        "end": p.end,
        "due_date": p.due_date,
        "closes_on": p.closes_on,
        "is_closed": p.is_closed,
        "recipient": _org(rule.recipient),
        "recipient_text": rule.recipient_text,
    }


def _report(r: Report, *, versions: list[Report] | None = None) -> dict:
    versions = versions if versions is not None else report_versions(r)
    return {
        "id": r.pk,
        "period": _period(r.period),
        "organization": _org(r.organization),
        "version": r.version,
        "previous_id": r.previous_id,
        "state": r.state,
        "submission": submission_status(r.period, versions, today=timezone.localdate()).code,
        "nothing_to_report": r.nothing_to_report,
        "results": r.results,
        "shortcomings": r.shortcomings,
        "next_tasks": r.next_tasks,
        "proposals": r.proposals,
        "lock_version": r.lock_version,
        "approved_by": r.approved_by.get_username() if r.approved_by_id else None,
        "approved_at": r.approved_at,
        "sent_at": r.sent_at,
        "sent_by": r.sent_by.get_username() if r.sent_by_id else None,
        "is_late": r.is_late,
        "updated_at": r.updated_at,
    }


def _fresh(request, report: Report) -> dict:
    return _report(report_get(request.user, report.pk))


ReportQuery = query_schema(ReportFilterSet, "ReportQuery", base=PageQuery, module=__name__)


@router.get("", response=ReportPage, url_name="report_list")
def report_list_op(request: HttpRequest, filters: Query[ReportQuery]):
    """Reports the user may see: an agency its own (and those sent to it as recipient); read-all roles all."""
    qs = ReportFilterSet.narrow(report_list(request.user), request.GET).select_related("approved_by", "sent_by")
    reports, count = _page(qs, filters)
    # Punctuality needs every version of the (period, organization) pairs on the page: one query.
    keys = {(r.period_id, r.organization_id) for r in reports}
    siblings: dict[tuple[int, int], list[Report]] = {}
    for r in Report.objects.filter(
        period_id__in={k[0] for k in keys}, organization_id__in={k[1] for k in keys}
    ):
        siblings.setdefault((r.period_id, r.organization_id), []).append(r)
    items = [_report(r, versions=siblings.get((r.period_id, r.organization_id), [r])) for r in reports]
    return {"items": items, "count": count}


PeriodQuery = query_schema(PeriodFilterSet, "PeriodQuery", base=PageQuery, module=__name__)


@router.get("/periods", response=PeriodPage, url_name="period_list")
def period_list_op(request: HttpRequest, filters: Query[PeriodQuery]):
    """Reporting periods with data cut-off and due date (an agency: of the rules it reports under)."""
    qs = PeriodFilterSet.narrow(period_list(request.user), request.GET)
    periods, count = _page(qs, filters)
    return {"items": [_period(p) for p in periods], "count": count}


@router.post("/periods/open", response={200: OpenedOut, 403: Error}, url_name="period_open")
def period_open_op(request: HttpRequest):
    """Open every period that has started (idempotent) and close the expired ones. Office and admins."""
    require_manager(request.user)
    result = periods_open(timezone.localdate())
    return {"opened": [_period(p) for p in result.opened], "closed": [_period(p) for p in result.closed]}


@router.get("/periods/{period_id}", response={200: PeriodOut, 404: Error}, url_name="period_detail")
def period_detail(request: HttpRequest, period_id: int):
    return _period(period_get(request.user, period_id))


@router.get(
    "/periods/{period_id}/submissions",
    response={200: list[SubmissionOut], 403: Error, 404: Error},
    url_name="period_submissions",
)
def period_submissions_op(request: HttpRequest, period_id: int):
    """On time / late / missing / pending for each organization reporting in the period (read-all roles)."""
    if not can_view_board(request.user):
        raise PermissionDeniedError("Tình hình nộp báo cáo của các đơn vị dành cho cơ quan theo dõi.")
    period = period_get(request.user, period_id)
    return [
        {
            "organization": _org(org),
            "status": sub.code,
            "label": sub.label,
            "report_id": sub.report.pk if sub.report else None,
            "version": sub.report.version if sub.report else None,
            "sent_at": sub.first_sent.sent_at if sub.first_sent else None,
        }
        for org, sub in period_submissions(period)
    ]


@router.post(
    "/periods/{period_id}/draft",
    response={200: ReportOut, 400: Error, 403: Error, 404: Error},
    url_name="report_draft",
)
def report_draft(request: HttpRequest, period_id: int):
    """The user's organization's report for the period: the latest version, or a new pre-filled draft."""
    period = period_get(request.user, period_id)
    return _fresh(request, report_get_or_create_draft(user=request.user, period=period))


@router.post(
    "/periods/{period_id}/close",
    response={200: PeriodOut, 400: Error, 403: Error, 404: Error},
    url_name="period_close",
)
def period_close_op(request: HttpRequest, period_id: int):
    require_manager(request.user)
    return _period(period_close(user=request.user, period=period_get(request.user, period_id)))


@router.post(
    "/periods/{period_id}/reopen",
    response={200: PeriodOut, 400: Error, 403: Error, 404: Error},
    url_name="period_reopen",
)
def period_reopen_op(request: HttpRequest, period_id: int, payload: ReopenIn):
    require_manager(request.user)
    period = period_get(request.user, period_id)
    return _period(period_reopen(user=request.user, period=period, until=payload.until))


ReminderQuery = query_schema(ReminderFilterSet, "ReminderQuery", base=PageQuery, module=__name__)


@router.get("/reminders", response=ReminderPage, url_name="reminder_list")
def reminder_list_op(request: HttpRequest, filters: Query[ReminderQuery]):
    """Every reminder sent (an agency: those it received)."""
    qs = ReminderFilterSet.narrow(reminder_list(request.user), request.GET)
    reminders, count = _page(qs, filters)
    return {"items": [_reminder(r) for r in reminders], "count": count}


def _reminder(r: Reminder) -> dict:
    return {
        "id": r.pk,
        "kind": r.kind,
        "channel": r.channel,
        "organization": _org(r.organization),
        "period_id": r.period_id,
        "task_id": r.task_id,
        "recipient": r.recipient.get_username() if r.recipient_id else None,
        "address": r.address,
        "sent_at": r.sent_at,
        "message": r.message,
        "error": r.error,
    }


@router.get("/{report_id}", response={200: ReportOut, 404: Error}, url_name="report_detail")
def report_detail(request: HttpRequest, report_id: int):
    return _report(report_get(request.user, report_id))


@router.put(
    "/{report_id}",
    response={200: ReportOut, 400: Error, 403: Error, 404: Error, 409: ConflictOut},
    url_name="report_update",
)
def report_update_op(request: HttpRequest, report_id: int, payload: ReportIn):
    """Edit a draft. `lock_version` is the one you read: if the report changed since, 409 with what changed
    (nothing is overwritten)."""
    report = report_get(request.user, report_id)
    try:
        updated = report_update(user=request.user, report=report, **payload.model_dump())
    except ReportConflictError as exc:
        return Status(409, {"detail": exc.message, "code": exc.code, **exc.extra})
    return _fresh(request, updated)


@router.post(
    "/{report_id}/approve",
    response={200: ReportOut, 400: Error, 403: Error, 404: Error, 409: ConflictOut},
    url_name="report_approve",
)
def report_approve_op(request: HttpRequest, report_id: int, payload: LockIn | None = None):
    """The agency head approves the draft."""
    report = report_get(request.user, report_id)
    try:
        done = report_approve(
            user=request.user, report=report, lock_version=payload.lock_version if payload else None
        )
    except ReportConflictError as exc:
        return Status(409, {"detail": exc.message, "code": exc.code, **exc.extra})
    return _fresh(request, done)


@router.post(
    "/{report_id}/send",
    response={200: ReportOut, 400: Error, 403: Error, 404: Error, 409: ConflictOut},
    url_name="report_send",
)
def report_send_op(request: HttpRequest, report_id: int, payload: LockIn | None = None):
    """The agency head sends the approved report: it is locked; `is_late` if sent after the due date."""
    report = report_get(request.user, report_id)
    try:
        done = report_send(
            user=request.user, report=report, lock_version=payload.lock_version if payload else None
        )
    except ReportConflictError as exc:
        return Status(409, {"detail": exc.message, "code": exc.code, **exc.extra})
    return _fresh(request, done)


@router.post(
    "/{report_id}/correct",
    response={201: ReportOut, 400: Error, 403: Error, 404: Error},
    url_name="report_correct",
)
def report_correct_op(request: HttpRequest, report_id: int):
    """Start a correction of a sent report: a new version (draft) pointing at the sent one."""
    report = report_get(request.user, report_id)
    return Status(201, _fresh(request, report_correct(user=request.user, report=report)))
