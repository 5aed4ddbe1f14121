"""Punctuality of each organization in each period (on time / late / missing / pending), the submission board
and an agency's own reporting page; read through the visibility of `reporting.selectors`."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, TextChoices
from django.utils import timezone

from giamsat.accounts.access import own_organization_ids
from giamsat.organizations.models import Organization
from giamsat.reporting.models import Report, ReportingPeriod, ReportingRule
from giamsat.reporting.reporters import period_reporter_ids
from giamsat.reporting.selectors import period_is_open, period_list, period_visible_queryset, report_list

# --------------------------------------------------------------------------------------- submission status


class SubmissionCode(TextChoices):
    """An organization's punctuality in a period (computed, never stored on a report), with its label."""

    ON_TIME = "on_time", "Đúng hạn"
    LATE = "late", "Gửi muộn"
    MISSING = "missing", "Chưa gửi – quá hạn"
    PENDING = "pending", "Chưa đến hạn"


SUBMISSION_LABELS = dict(SubmissionCode.choices)
# CSS classes of app.css for each state (green, amber, red, grey).
SUBMISSION_CSS = {
    SubmissionCode.ON_TIME: "s-done_on_time",
    SubmissionCode.LATE: "s-warning",
    SubmissionCode.MISSING: "s-overdue",
    SubmissionCode.PENDING: "s-pending",
}


@dataclass
class Submission:
    code: str  # on_time | late | missing | pending
    report: Report | None = None  # the latest version, if any
    first_sent: Report | None = None

    @property
    def label(self) -> str:
        return SUBMISSION_LABELS[self.code]

    @property
    def css(self) -> str:
        return SUBMISSION_CSS[self.code]

    @property
    def draft_note(self) -> str:
        if self.first_sent is None and self.report is not None:
            return "đã duyệt, chưa gửi" if self.report.state == Report.State.APPROVED else "đang dự thảo"
        return ""


def submission_status(period: ReportingPeriod, versions: list[Report], *, today: dt.date) -> Submission:
    """On time / late by the first version sent (a later correction does not change punctuality);
    missing once the due date has passed with nothing sent; pending before."""
    versions = sorted(versions, key=lambda r: r.version)
    latest = versions[-1] if versions else None
    sent = [r for r in versions if r.state == Report.State.SENT and r.sent_at]
    first = min(sent, key=lambda r: r.sent_at) if sent else None
    return Submission(submission_code(period, first.is_late if first else None, today=today), latest, first)


def submission_code(period: ReportingPeriod, first_sent_late: bool | None, *, today: dt.date) -> str:
    """The punctuality of one organization in one period, from whether its first version sent (None: none
    sent yet) was late."""
    if first_sent_late is not None:
        return SubmissionCode.LATE if first_sent_late else SubmissionCode.ON_TIME
    return SubmissionCode.MISSING if today > period.due_date else SubmissionCode.PENDING


def first_sent_lateness(periods, org_ids=None) -> dict[tuple[int, int], bool]:
    """(period id, organization id) → whether the first version sent was late, for every cell where one
    was sent; plain rows (a national dashboard reads tens of thousands of reports)."""
    qs = Report.objects.filter(
        period__in=[p.pk for p in periods], state=Report.State.SENT, sent_at__isnull=False
    )
    if org_ids is not None:
        qs = qs.filter(organization_id__in=org_ids)
    first: dict[tuple[int, int], bool] = {}
    # Earliest first within each cell, so the first row seen is the first version sent.
    rows = qs.order_by("period_id", "organization_id", "sent_at", "id").values_list(
        "period_id", "organization_id", "is_late"
    )
    for period_id, org_id, is_late in rows:
        first.setdefault((period_id, org_id), is_late)
    return first


def _reports_by_cell(periods, org_ids=None) -> dict[tuple[int, int], list[Report]]:
    qs = Report.objects.filter(period__in=[p.pk for p in periods]).only(
        "id", "period_id", "organization_id", "version", "state", "sent_at", "is_late"
    )
    if org_ids is not None:
        qs = qs.filter(organization_id__in=org_ids)
    cells: dict[tuple[int, int], list[Report]] = defaultdict(list)
    for report in qs:
        cells[(report.period_id, report.organization_id)].append(report)
    return cells


@dataclass
class BoardRow:
    organization: Organization
    cells: list[Submission | None]  # None: the organization does not report in that period
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Board:
    rule: ReportingRule | None
    periods: list[ReportingPeriod]
    rows: list[BoardRow]
    totals: list[dict[str, int]]  # per period column


def submission_board(
    user,
    *,
    rule: ReportingRule | None,
    columns: int = 6,
    today: dt.date | None = None,
    organization_ids: set[int] | None = None,
) -> Board:
    """Organization × period: on time / late / missing. Six queries whatever the size of the board."""
    today = today or timezone.localdate()
    if rule is None:
        return Board(None, [], [], [])
    periods = list(period_list(user).filter(rule=rule, start__lte=today)[:columns])[::-1]
    reporters = period_reporter_ids(periods)
    all_ids = set().union(*reporters.values()) if reporters else set()
    if organization_ids is not None:
        all_ids &= organization_ids
    cells = _reports_by_cell(periods, all_ids)
    orgs = Organization.objects.filter(pk__in=all_ids).order_by("level", "name")
    rows, totals = [], [defaultdict(int) for _ in periods]
    for org in orgs:
        row = BoardRow(org, [])
        counts: dict[str, int] = defaultdict(int)
        for i, period in enumerate(periods):
            if org.pk not in reporters.get(period.pk, set()):
                row.cells.append(None)
                continue
            sub = submission_status(period, cells.get((period.pk, org.pk), []), today=today)
            row.cells.append(sub)
            counts[sub.code] += 1
            totals[i][sub.code] += 1
        row.counts = dict(counts)
        rows.append(row)
    return Board(rule, periods, rows, [dict(t) for t in totals])


def period_submissions(
    period: ReportingPeriod, *, today: dt.date | None = None
) -> list[tuple[Organization, Submission]]:
    today = today or timezone.localdate()
    ids = period_reporter_ids([period]).get(period.pk, set())
    cells = _reports_by_cell([period], ids)
    return [
        (org, submission_status(period, cells.get((period.pk, org.pk), []), today=today))
        for org in Organization.objects.filter(pk__in=ids).order_by("level", "name")
    ]


# ------------------------------------------------------------------------------------------- agency's page


@dataclass
class DueItem:
    period: ReportingPeriod
    submission: Submission
    is_open: bool


def my_reporting(user, *, today: dt.date | None = None, sent: bool = True) -> dict:
    """What an agency must report now, its drafts, what it sent, and what was sent to it. `sent=False`: without
    the last two (the home page shows what is due and the drafts: a hundred reports read for nothing)."""
    today = today or timezone.localdate()
    org_ids = own_organization_ids(user)
    periods = list(
        period_visible_queryset(user)
        .filter(rule__is_active=True, start__lte=today)
        .filter(Q(is_closed=False) | Q(due_date__gte=today - dt.timedelta(days=45)))
        .order_by("due_date", "rule_id")
    )
    reporters = period_reporter_ids(periods)
    periods = [p for p in periods if user.organization_id in reporters.get(p.pk, set())]
    cells = _reports_by_cell(periods, {user.organization_id})
    due = [
        DueItem(
            p,
            submission_status(p, cells.get((p.pk, user.organization_id), []), today=today),
            period_is_open(p, today),
        )
        for p in periods
    ]
    own = report_list(user).filter(organization_id__in=org_ids)
    out = {"due": due, "drafts": list(own.exclude(state=Report.State.SENT)[:50])}
    if sent:
        out["history"] = list(own.filter(state=Report.State.SENT)[:50])
        out["received"] = list(report_list(user).filter(state=Report.State.SENT, period__rule__recipient_id__in=org_ids)
                               .exclude(organization_id__in=org_ids)[:50])
    return out
