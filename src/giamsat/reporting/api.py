"""REST API of the reporting cycle, mounted at /api/v1/reports. Same selectors, services and permission
checks as the pages; refusals are ApplicationError (mapped to {"detail", "code"} with the right status)."""


from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from giamsat.accounts.access import can_view_board, require_manager
from giamsat.core.errors import PermissionDeniedError
from giamsat.core.filters import query_schema
from giamsat.core.schemas import Error
from giamsat.reporting.filters import PeriodFilterSet, ReminderFilterSet, ReportFilterSet
from giamsat.reporting.models import Reminder, Report
from giamsat.reporting.period_services import period_close, period_reopen, periods_open
from giamsat.reporting.schemas import (
    ConflictOut,
    LockIn,
    OpenedOut,
    PageQuery,
    PeriodOut,
    PeriodPage,
    ReminderPage,
    ReopenIn,
    ReportIn,
    ReportOut,
    ReportPage,
    SubmissionOut,
    org_out,
    page_of,
    period_out,
    report_out,
)
from giamsat.reporting.selectors import period_get, period_list, reminder_list, report_get, report_list
from giamsat.reporting.services import (
    ReportConflictError,
    report_approve,
    report_correct,
    report_get_or_create_draft,
    report_send,
    report_update,
)
from giamsat.reporting.submissions import period_submissions

router = Router(tags=["reports"])


def _fresh(request, report: Report) -> dict:
    return report_out(report_get(request.user, report.pk))


ReportQuery = query_schema(ReportFilterSet, "ReportQuery", base=PageQuery, module=__name__)


@router.get("", response=ReportPage, url_name="report_list")
def report_list_op(request: HttpRequest, filters: Query[ReportQuery]):
    """Reports the user may see: an agency its own (and those sent to it as recipient); read-all roles all."""
    qs = ReportFilterSet.narrow(report_list(request.user), request.GET).select_related("approved_by", "sent_by")
    reports, count = page_of(qs, filters)
    # Punctuality needs every version of the (period, organization) pairs on the page: one query.
    keys = {(r.period_id, r.organization_id) for r in reports}
    siblings: dict[tuple[int, int], list[Report]] = {}
    for r in Report.objects.filter(
        period_id__in={k[0] for k in keys}, organization_id__in={k[1] for k in keys}
    ):
        siblings.setdefault((r.period_id, r.organization_id), []).append(r)
    items = [report_out(r, versions=siblings.get((r.period_id, r.organization_id), [r])) for r in reports]
    return {"items": items, "count": count}


PeriodQuery = query_schema(PeriodFilterSet, "PeriodQuery", base=PageQuery, module=__name__)


@router.get("/periods", response=PeriodPage, url_name="period_list")
def period_list_op(request: HttpRequest, filters: Query[PeriodQuery]):
    """Reporting periods with data cut-off and due date (an agency: of the rules it reports under)."""
    qs = PeriodFilterSet.narrow(period_list(request.user), request.GET)
    periods, count = page_of(qs, filters)
    return {"items": [period_out(p) for p in periods], "count": count}


@router.post("/periods/open", response={200: OpenedOut, 403: Error}, url_name="period_open")
def period_open_op(request: HttpRequest):
    """Open every period that has started (idempotent) and close the expired ones. Office and admins."""
    require_manager(request.user)
    result = periods_open(timezone.localdate())
    return {"opened": [period_out(p) for p in result.opened], "closed": [period_out(p) for p in result.closed]}


@router.get("/periods/{period_id}", response={200: PeriodOut, 404: Error}, url_name="period_detail")
def period_detail(request: HttpRequest, period_id: int):
    return period_out(period_get(request.user, period_id))


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
            "organization": org_out(org),
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
    return period_out(period_close(user=request.user, period=period_get(request.user, period_id)))


@router.post(
    "/periods/{period_id}/reopen",
    response={200: PeriodOut, 400: Error, 403: Error, 404: Error},
    url_name="period_reopen",
)
def period_reopen_op(request: HttpRequest, period_id: int, payload: ReopenIn):
    require_manager(request.user)
    period = period_get(request.user, period_id)
    return period_out(period_reopen(user=request.user, period=period, until=payload.until))


ReminderQuery = query_schema(ReminderFilterSet, "ReminderQuery", base=PageQuery, module=__name__)


@router.get("/reminders", response=ReminderPage, url_name="reminder_list")
def reminder_list_op(request: HttpRequest, filters: Query[ReminderQuery]):
    """Every reminder sent (an agency: those it received)."""
    qs = ReminderFilterSet.narrow(reminder_list(request.user), request.GET)
    reminders, count = page_of(qs, filters)
    return {"items": [_reminder(r) for r in reminders], "count": count}


def _reminder(r: Reminder) -> dict:
    return {
        "id": r.pk,
        "kind": r.kind,
        "channel": r.channel,
        "organization": org_out(r.organization),
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
    return report_out(report_get(request.user, report_id))


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
