"""Reads of the reporting regime, always through the visibility rules of accounts.access.

- Administrators, the monitoring office, leaders and inspectors see every report, period and reminder.
- An agency (focal point, head) sees its own reports (drafts included), the reminders it received, and the
  reports *sent* to it when it is the recipient named by a rule (never another agency's drafts).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from giamsat.accounts.access import acts_for, can_edit_reports, own_organization_ids
from giamsat.core.errors import NotFoundError
from giamsat.core.report_sections import sections_text
from giamsat.organizations.models import Organization, Succession
from giamsat.reporting.models import Reminder, Report, ReportingPeriod, ReportingRule
from giamsat.tasks.models import ProgressUpdate, Task, TaskAssignment, TaskDecision

# ------------------------------------------------------------------------------------------------ reporters


def _successor_map() -> dict[int, list[tuple[int, dt.date]]]:
    edges: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
    for pred, succ, day in Succession.objects.values_list("predecessor_id", "successor_id", "effective_date"):
        edges[pred].append((succ, day))
    return edges


def _current_ids(org_ids, *, on: dt.date, edges, validity) -> set[int]:
    """Who answers on `on` for what these organizations were given (2025 reorganization, seed 001 §V.10)."""
    out: set[int] = set()
    for start in org_ids:
        seen, frontier = {start}, [start]
        while frontier:
            org_id = frontier.pop()
            nexts = [s for s, day in edges.get(org_id, ()) if day <= on and s not in seen]
            if nexts:
                seen.update(nexts)
                frontier.extend(nexts)
                continue
            valid_from, valid_to = validity.get(org_id, (None, None))
            # Dissolved without a successor, or not yet established: nobody reports for it.
            if (valid_from is None or valid_from <= on) and (valid_to is None or on <= valid_to):
                out.add(org_id)
    return out


def period_reporter_ids(periods, *, among: set[int] | None = None) -> dict[int, set[int]]:
    """period id → ids of the organizations that report in it; a fixed number of queries for any number.

    A rule's reporters are its `reporters`, or else every organization that leads a task of its document;
    each is replaced by its successor(s) in force at the period's cut-off.

    `among`: only these organizations are wanted (an agency's dashboard, an organization's page), so only
    their rows are read. It must hold the units merged into its members (`organization_lineage_ids`), whose
    duties pass to them.
    """
    periods = list(periods)
    if not periods:
        return {}
    rule_ids = {p.rule_id for p in periods}
    reporters = ReportingRule.reporters.through.objects.filter(reportingrule_id__in=rule_ids)
    with_list = set(reporters.values_list("reportingrule_id", flat=True).distinct())
    explicit: dict[int, set[int]] = defaultdict(set)
    if among is not None:
        reporters = reporters.filter(organization_id__in=among)
    for rule_id, org_id in reporters.values_list("reportingrule_id", "organization_id"):
        explicit[rule_id].add(org_id)
    doc_of_rule = dict(ReportingRule.objects.filter(pk__in=rule_ids).values_list("pk", "document_id"))
    lead_rows = TaskAssignment.objects.filter(
        role=TaskAssignment.Role.LEAD, task__document_id__in=set(doc_of_rule.values())
    )
    if among is not None:
        lead_rows = lead_rows.filter(organization_id__in=among)
    leads: dict[int, set[int]] = defaultdict(set)
    for doc_id, org_id in lead_rows.values_list("task__document_id", "organization_id").distinct():
        leads[doc_id].add(org_id)
    edges = _successor_map()
    validity = {
        pk: (vf, vt) for pk, vf, vt in Organization.objects.values_list("pk", "valid_from", "valid_to")
    }
    out = {}
    for period in periods:
        if period.rule_id in with_list:
            base = explicit.get(period.rule_id, set())
        else:
            base = leads.get(doc_of_rule.get(period.rule_id), set())
        current = _current_ids(base, on=period.end, edges=edges, validity=validity)
        out[period.pk] = current if among is None else current & among
    return out


def reporters_for(period: ReportingPeriod) -> list[Organization]:
    ids = period_reporter_ids([period]).get(period.pk, set())
    return list(Organization.objects.filter(pk__in=ids).order_by("level", "name"))


def current_lead_ids(tasks, *, on: dt.date) -> dict[int, set[int]]:
    """task id → organizations that lead it now (successors of dissolved leads); tasks need `assignments`."""
    edges = _successor_map()
    validity = {
        pk: (vf, vt) for pk, vf, vt in Organization.objects.values_list("pk", "valid_from", "valid_to")
    }
    return {
        t.pk: _current_ids(
            {a.organization_id for a in t.assignments.all() if a.role == "lead"},
            on=on,
            edges=edges,
            validity=validity,
        )
        for t in tasks
    }


# ------------------------------------------------------------------------------------------------ periods


def period_visible_queryset(user) -> QuerySet[ReportingPeriod]:
    """The periods the user sees (`ReportingPeriod.objects.visible_to`: agencies, of the rules they report
    under or receive), with their rule, document and recipient."""
    return ReportingPeriod.objects.visible_to(user).select_related("rule", "rule__document", "rule__recipient")


def period_list(user) -> QuerySet[ReportingPeriod]:
    """Visible periods, newest first, to be narrowed by `reporting.filters.PeriodFilterSet`."""
    return period_visible_queryset(user).order_by("-end", "rule_id")


def period_get(user, pk: int) -> ReportingPeriod:
    period = period_visible_queryset(user).filter(pk=pk).first()
    if period is None:
        raise NotFoundError("Không tìm thấy kỳ báo cáo hoặc bạn không có quyền xem.")
    return period


def period_is_open(period: ReportingPeriod, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return not period.is_closed and not (period.closes_on and today >= period.closes_on)


def rule_list(user) -> QuerySet[ReportingRule]:
    return ReportingRule.objects.visible_to(user).select_related("document", "recipient").order_by(
        "document__date", "document_id", "id"
    )


# ------------------------------------------------------------------------------------------------ reports


def report_list(user) -> QuerySet[Report]:
    """Visible reports, to be narrowed by `reporting.filters.ReportFilterSet`."""
    return Report.objects.visible_to(user).select_related(
        "period", "period__rule", "period__rule__document", "period__rule__recipient", "organization"
    ).order_by("-period__end", "organization__name", "-version")


def report_get(user, pk: int) -> Report:
    report = (
        Report.objects.visible_to(user)
        .select_related(
            "period",
            "period__rule",
            "period__rule__document",
            "period__rule__recipient",
            "organization",
            "approved_by",
            "sent_by",
            "updated_by",
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise NotFoundError("Không tìm thấy báo cáo hoặc bạn không có quyền xem.")
    return report


def report_versions(report: Report) -> list[Report]:
    return list(
        Report.objects.filter(period_id=report.period_id, organization_id=report.organization_id)
        .select_related("sent_by", "approved_by")
        .order_by("version")
    )


def report_latest(period_id: int, organization_id: int) -> Report | None:
    return (
        Report.objects.filter(period_id=period_id, organization_id=organization_id)
        .order_by("-version")
        .first()
    )


def report_is_editable_by(user, report: Report, *, today: dt.date | None = None) -> bool:
    return (
        can_edit_reports(user)
        and acts_for(user, report.organization_id)
        and report.state != Report.State.SENT
        and period_is_open(report.period, today)
    )


# --------------------------------------------------------------------------------------- submission status

SUBMISSION_LABELS = {
    "on_time": "Đúng hạn",
    "late": "Gửi muộn",
    "missing": "Chưa gửi – quá hạn",
    "pending": "Chưa đến hạn",
}
# CSS classes of app.css for each state (green, amber, red, grey).
SUBMISSION_CSS = {
    "on_time": "s-done_on_time",
    "late": "s-warning",
    "missing": "s-overdue",
    "pending": "s-pending",
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
        return "late" if first_sent_late else "on_time"
    return "missing" if today > period.due_date else "pending"


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


def my_reporting(user, *, today: dt.date | None = None) -> dict:
    """What an agency must report now, its drafts, what it sent, and what was sent to it."""
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
    return {
        "due": due,
        "drafts": list(own.exclude(state=Report.State.SENT)[:50]),
        "history": list(own.filter(state=Report.State.SENT)[:50]),
        "received": list(
            report_list(user)
            .filter(state=Report.State.SENT, period__rule__recipient_id__in=org_ids)
            .exclude(organization_id__in=org_ids)[:50]
        ),
    }


# ----------------------------------------------------------------------------------------------- reminders


def reminder_list(user) -> QuerySet[Reminder]:
    """Visible reminders, newest first, to be narrowed by `reporting.filters.ReminderFilterSet`."""
    return Reminder.objects.visible_to(user).select_related(
        "organization", "recipient", "period", "period__rule__document", "task"
    ).order_by("-sent_at", "-id")


def last_reminders(*, periods=(), tasks=()) -> dict[tuple[str, int, int, str], dt.datetime]:
    """(("period"|"task"), subject id, organization id, kind) → when the last such reminder was sent."""
    out = {}
    if periods:
        for row in (
            Reminder.objects.filter(period__in=list(periods))
            .values("period_id", "organization_id", "kind")
            .annotate(last=Max("sent_at"))
        ):
            out[("period", row["period_id"], row["organization_id"], row["kind"])] = row["last"]
    if tasks:
        for row in (
            Reminder.objects.filter(task__in=list(tasks))
            .values("task_id", "organization_id", "kind")
            .annotate(last=Max("sent_at"))
        ):
            out[("task", row["task_id"], row["organization_id"], row["kind"])] = row["last"]
    return out


# ------------------------------------------------------------------------------------------- report content


def _task_ref(task: Task) -> str:
    name = task.name if len(task.name) <= 120 else task.name[:117].rstrip() + "…"
    return f"Nhiệm vụ {task.number}. {name}" if task.number else f"Nhiệm vụ: {name}"


def period_updates(
    *, document_id: int, organization_ids, start: dt.date, end: dt.date
) -> list[ProgressUpdate]:
    """Updates of these organizations on the document's tasks reported in [start, end], without the ones a
    later update corrects (a correction replaces what it corrects)."""
    qs = ProgressUpdate.objects.filter(task__document_id=document_id, reported_on__range=(start, end))
    if organization_ids is not None:
        qs = qs.filter(organization_id__in=organization_ids)
    updates = list(
        qs.select_related("task", "organization").order_by("task__position", "task_id", "reported_on", "id")
    )
    corrected = {u.corrects_id for u in updates if u.corrects_id}
    return [u for u in updates if u.pk not in corrected]


NOTHING = "Không phát sinh."


def compose_report_text(updates) -> dict:
    """Results, shortcomings and proposals of a report from progress updates (oldest first)."""
    results, shortcomings, proposals = [], [], []
    for u in updates:
        ref = _task_ref(u.task)
        if u.state == ProgressUpdate.State.NOTHING:
            results.append(f"- {ref}: không phát sinh ({u.reported_on:%d/%m/%Y}).")
            continue
        state = u.get_state_display() + (f" {u.percent}%" if u.percent is not None else "")
        text = u.narrative or "(không ghi kết quả)"
        results.append(f"- {ref}: {text} ({state}, {u.reported_on:%d/%m/%Y}).")
        if u.difficulties:
            shortcomings.append(f"- {ref}: {u.difficulties}")
        if u.proposals:
            proposals.append(f"- {ref}: {u.proposals}")
    return {
        "results": "\n".join(results) if results else NOTHING,
        "shortcomings": "\n".join(shortcomings) if shortcomings else NOTHING,
        "proposals": "\n".join(proposals) if proposals else NOTHING,
        "nothing_to_report": not results or all("không phát sinh" in line for line in results),
    }


def report_prefill(period: ReportingPeriod, organization: Organization) -> dict:
    """The draft's text from the organization's progress updates in the period (Decree 09 outline)."""
    from giamsat.organizations.selectors import organization_lineage_ids

    org_ids = organization_lineage_ids(organization.pk)
    updates = period_updates(
        document_id=period.rule.document_id, organization_ids=org_ids, start=period.start, end=period.end
    )
    text = compose_report_text(updates)
    # Next period: the tasks it leads that are not done (no "done" word from it or the office by the cut-off)
    # and not cancelled. One query; the full status rules are for the pages, this is only a starting text.
    done_update = ProgressUpdate.objects.filter(
        task=OuterRef("pk"),
        organization_id__in=org_ids,
        state=ProgressUpdate.State.DONE,
        reported_on__lte=period.end,
    )
    closed = TaskDecision.objects.filter(
        task=OuterRef("pk"), decided_on__lte=period.end, kind__in=["done", "cancelled"]
    )
    led = (
        Task.objects.filter(
            document_id=period.rule.document_id,
            pk__in=TaskAssignment.objects.filter(
                organization_id__in=org_ids, role=TaskAssignment.Role.LEAD
            ).values("task_id"),
        )
        .exclude(Exists(done_update))
        .exclude(Exists(closed))
        .order_by("position", "id")
        .only("id", "number", "name", "due_date", "status_due")[:50]
    )
    # The current due date (a recurring task's current cycle, an adjusted deadline), not the first one (#16).
    next_tasks = [f"- {_task_ref(t)}" + (f" (hạn {due:%d/%m/%Y})" if (due := t.status_due or t.due_date) else "")
                  for t in led]
    # Other apps' sections (the outreach record by channel: core.report_sections) follow the results.
    extra = sections_text(org_ids, period.start, period.end)
    if extra:
        results = text.get("results", "")
        text = {**text, "results": extra if results in ("", NOTHING) else f"{results}\n\n{extra}"}
    return {**text, "next_tasks": "\n".join(next_tasks)}
