"""Schemas of the reporting API (`reporting.api`) and the functions that fill them from rows."""


import datetime as dt

from django.utils import timezone
from ninja import Field, Schema

from giamsat.reporting.models import Report, ReportingPeriod
from giamsat.reporting.selectors import report_versions
from giamsat.reporting.submissions import submission_status


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


def page_of(qs, page: PageQuery) -> tuple[list, int]:
    return list(qs[page.offset : page.offset + page.limit]), qs.count()


class OpenedOut(Schema):
    opened: list[PeriodOut]
    closed: list[PeriodOut]


class ReopenIn(Schema):
    until: dt.date | None = None


def org_out(org) -> dict | None:
    if org is None:
        return None
    return {"id": org.pk, "name": org.name, "short_name": org.short_name}


def period_out(p: ReportingPeriod) -> dict:
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
        "recipient": org_out(rule.recipient),
        "recipient_text": rule.recipient_text,
    }


def report_out(r: Report, *, versions: list[Report] | None = None) -> dict:
    versions = versions if versions is not None else report_versions(r)
    return {
        "id": r.pk,
        "period": period_out(r.period),
        "organization": org_out(r.organization),
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

