"""What the evaluation reads, for every agency of a level at once, in a fixed number of queries per batch
(never per agency): tasks with their computed status as of the date, reports with their punctuality,
indicators with their assessment. Each classification is its domain's own rule (tasks.facts.task_status,
reporting.submissions.submission_code, indicators.selectors.indicators_assessed)."""

import contextlib
import datetime as dt
import gc
from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Q
from django.utils import timezone

from giamsat.evaluation.formulas import AgencyFacts, Finding, IndicatorFact, OutreachFact, ReportFact, TaskFact, Window
from giamsat.evaluation.models import Level, TaskPriority
from giamsat.indicators.models import Indicator
from giamsat.indicators.selectors import indicators_assessed
from giamsat.organizations.models import Organization
from giamsat.organizations.selectors import successions_closure
from giamsat.reporting.models import Report, ReportingPeriod
from giamsat.reporting.reporters import period_reporter_ids
from giamsat.reporting.submissions import submission_code
from giamsat.tasks.facts import STATUS_DEADLINE_FIELDS, AssignmentRow, DecisionRow, LeadUpdateRow, task_status
from giamsat.tasks.models import Evidence, ProgressUpdate, Task, TaskAssignment, TaskDecision
from giamsat.tasks.status import DONE_CODES

BATCH = 2000


def level_organizations(level: str, on: dt.date) -> list[Organization]:
    """The agencies evaluated at a level, in force on the date: the provincial departments and boards, or the
    commune-level People's Committees."""
    qs = Organization.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on),
                                     Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    if level == Level.DEPARTMENT:
        qs = qs.filter(level=Organization.Level.PROVINCE, kind=Organization.Kind.DEPARTMENT)
    else:
        qs = qs.filter(level=Organization.Level.COMMUNE)
    return list(qs.order_by("name"))


def _chunks(ids, size=BATCH):
    ids = sorted(ids)
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def load_facts(org_ids, window: Window, *, figures: bool = False, needs=()) -> dict[int, AgencyFacts]:
    """org id → its facts for the window. The work of units merged into an agency counts as its own.
    `figures`: also the metrics module's figures of each agency on the window's last day (for the formulas that
    read them: one figure, one value everywhere). `needs`: "outreach" (its activities in the period), "quality"
    (data-quality findings on its work), for the formulas that read them."""
    return load_facts_groups([(org_ids, figures, needs)], window)[0]


def load_facts_groups(groups, window: Window) -> list[dict[int, AgencyFacts]]:
    """`load_facts` for several groups of agencies at once (the levels of one run: `giamsat evaluate --level
    all`), each `(org ids, figures, needs)`, the groups disjoint: the tasks, their statuses as of the date (the
    bulk of a past period's time), reports and indicators read once for all of them; what only some groups'
    criteria use (figures, outreach, findings) for those groups only. Each group's facts are exactly those
    `load_facts` gives it alone."""
    groups = [(list(ids), figures, set(needs)) for ids, figures, needs in groups]
    group_of = {org_id: n for n, (ids, _, _) in enumerate(groups) for org_id in ids}
    with without_gc():
        closure = successions_closure()
        owners = _owners(group_of, closure)
        facts = {org_id: AgencyFacts(org_id) for org_id in group_of}
        _load_tasks(facts, owners, window, closure, group_of)
        _load_reports(facts, owners, window)
        _load_indicators(facts, owners, window)
        out = []
        for ids, _, needs in groups:
            mine = {org_id: facts[org_id] for org_id in ids}
            if "outreach" in needs or "quality" in needs:
                own = _owners(mine, closure)
                if "outreach" in needs:
                    _load_outreach(mine, own, window)
                if "quality" in needs:
                    _load_findings(mine, own)
            out.append(mine)
    for mine, (_, figures, _) in zip(out, groups, strict=True):
        if figures and mine:
            from giamsat.metrics import by_organization

            for org_id, values in by_organization(list(mine), window.last).items():
                mine[org_id].figures = {k: v for k, v in values.items() if isinstance(v, int | float) or v is None}
    return out


@contextlib.contextmanager
def without_gc():
    """The cyclic garbage collector paused: a national evaluation makes millions of small objects and none
    of them cyclic, and each collection would walk them all (a third of the run's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _owners(org_ids, closure) -> dict[int, set[int]]:
    """Assigned organization → the evaluated agencies it counts for (itself, and the ones it was merged into)."""
    owners: dict[int, set[int]] = defaultdict(set)
    for org_id in org_ids:
        for unit in {org_id} | closure.get(org_id, set()):
            owners[unit].add(org_id)
    return owners


def _load_outreach(facts, owners, window: Window) -> None:
    from giamsat.outreach.models import OutreachActivity

    for chunk in _chunks(owners):
        for pk, unit, day in OutreachActivity.objects.filter(
                organization_id__in=chunk, date__range=(window.start, window.last)).order_by().values_list(
                "pk", "organization_id", "date"):
            for org_id in owners[unit]:
                facts[org_id].outreach.append(OutreachFact(pk, day))


def _load_findings(facts, owners) -> None:
    """The data-quality findings (metrics.quality.findings): a task's own findings count for the agencies that
    lead it, a back-dated update or a value out of range for the agency that wrote it."""
    from giamsat.metrics.quality import findings

    led: dict[int, set[int]] = defaultdict(set)  # task → the evaluated agencies leading it
    for org_id, f in facts.items():
        for t in f.tasks:
            if t.role == "lead":
                led[t.task_id].add(org_id)
    for chunk in _chunks(led):
        for task_id, checks in findings(chunk, ())[0].items():
            for org_id in led[task_id]:
                facts[org_id].findings += [Finding("task", task_id, check) for check in sorted(checks)]
    for unit, kind, pk, check in findings((), list(owners))[1]:
        for org_id in owners.get(unit, ()):
            facts[org_id].findings.append(Finding(kind, pk, check))


def _load_tasks(facts, owners, window: Window, closure, group_of) -> None:
    roles: dict[int, dict[int, str]] = defaultdict(dict)  # task → agency → its strongest role
    for chunk in _chunks(owners):
        for task_id, unit, role in TaskAssignment.objects.filter(organization_id__in=chunk).values_list(
                "task_id", "organization_id", "role"):
            for org_id in owners[unit]:
                if roles[task_id].get(org_id) != "lead":
                    roles[task_id][org_id] = role
    for chunk in _chunks(roles):
        statuses = _statuses(chunk, window.as_of, closure)
        priorities = dict(TaskPriority.objects.filter(task_id__in=chunk).values_list("task_id", "priority"))
        # Evidence counts for the tasks an agency leads that were finished in the period (evidence_complete).
        done = [pk for pk in chunk if statuses[pk][0] in DONE_CODES and window.contains(statuses[pk][2])
                and "lead" in roles[pk].values()]
        evidence: dict[int, set[int]] = defaultdict(set)  # task → the agencies whose updates carry evidence
        if done:
            for task_id, unit in Evidence.objects.filter(
                    update__task_id__in=done, update__is_lead=True, update__reported_on__lte=window.as_of).values_list(
                    "update__task_id", "update__organization_id").distinct():
                evidence[task_id].update(owners.get(unit, ()))
        for task_id in chunk:
            code, due, done_on, recurring = statuses[task_id]
            priority, with_evidence = priorities.get(task_id, 1), evidence.get(task_id, ())
            if with_evidence:  # read for a group only when one of its agencies leads the task (as if alone)
                leading = {group_of[org_id] for org_id, role in roles[task_id].items() if role == "lead"}
                with_evidence = {org_id for org_id in with_evidence if group_of.get(org_id) in leading}
            for org_id, role in roles[task_id].items():
                facts[org_id].tasks.append(TaskFact(task_id, role, code, due, done_on, recurring, priority,
                                                    org_id in with_evidence))


def _statuses(task_ids, as_of: dt.date, closure) -> dict[int, tuple]:
    """task id → (status code, due, done on, recurring) as of the date: the stored copy when it was computed
    for that day, or when it says "done" by then and nothing can have changed it since (`_still_done`); else
    computed now by the one rule (tasks.status through tasks.facts)."""
    out, stale, done = {}, [], {}
    for pk, code, due, done_on, status_as_of, recurring in Task.objects.filter(pk__in=task_ids).values_list(
            "pk", "status_code", "status_due", "status_done_on", "status_as_of", "recurring"):
        if status_as_of == as_of and code:
            out[pk] = (code, due, done_on, recurring)
        elif (code in DONE_CODES and not recurring and done_on is not None and done_on <= as_of
              and status_as_of is not None and status_as_of >= as_of):
            done[pk] = (code, due, done_on, recurring)
        else:
            stale.append(pk)
    changed = _changed_since(list(done), as_of)
    for pk, row in done.items():
        if pk in changed:
            stale.append(pk)
        else:
            out[pk] = row
    if stale:
        for task in _status_facts(stale, as_of):
            status = task_status(task, today=as_of, lineage=closure)
            out[task.pk] = (status.code, status.due, status.done_on if status.is_done else None, task.recurring)
    return out


def _changed_since(task_ids: list[int], as_of: dt.date) -> set[int]:
    """Among one-off tasks stored as done by `as_of`, those whose status on `as_of` may differ from the stored
    one: a lead update or a decision dated after `as_of`, or a lead that has an end of validity (whether it
    still answers for its part depends on the day). The others were done on `as_of` exactly as stored, since
    a one-off task's done status does not depend on the day it is computed for (tasks.status). A past period's
    evaluation reads most of its tasks so: computing them again was most of its time (issue #17)."""
    if not task_ids:
        return set()
    changed = set(ProgressUpdate.objects.filter(task_id__in=task_ids, is_lead=True, reported_on__gt=as_of)
                  .order_by().values_list("task_id", flat=True).distinct())
    changed |= set(TaskDecision.objects.filter(task_id__in=task_ids, decided_on__gt=as_of)
                   .order_by().values_list("task_id", flat=True).distinct())
    changed |= set(TaskAssignment.objects.filter(task_id__in=task_ids, role=TaskAssignment.Role.LEAD,
                                                 organization__valid_to__isnull=False)
                   .order_by().values_list("task_id", flat=True).distinct())
    return changed


def _status_facts(task_ids, as_of: dt.date) -> list[Task]:
    """The tasks with what `tasks.facts.task_status` reads, as the plain rows of `tasks.facts` (the deadline
    columns, the leads with their end of validity, lead updates and decisions up to the date, which are all
    the rule looks at; of a one-off task's updates only those that can weigh, `_one_off_lead_updates`, of a
    recurring task's those of the last year): five queries, no model instances but the tasks' deadline columns."""
    tasks = [Task.from_db(DEFAULT_DB_ALIAS, STATUS_DEADLINE_FIELDS, row)
             for row in Task.objects.filter(pk__in=task_ids).order_by().values_list(*STATUS_DEADLINE_FIELDS)]
    leads, updates, decisions = defaultdict(list), defaultdict(list), defaultdict(list)
    for task_id, *row in TaskAssignment.objects.filter(task_id__in=task_ids, role=TaskAssignment.Role.LEAD).order_by(
            ).values_list("task_id", "organization_id", "role", "organization__valid_to"):
        leads[task_id].append(AssignmentRow(*row))
    recurring = [t.pk for t in tasks if t.recurring]
    if recurring:  # a recurring task is judged on its cycle containing the date, which began less than a year ago
        for task_id, *row in ProgressUpdate.objects.filter(
                task_id__in=recurring, is_lead=True, reported_on__range=(as_of - RECURRING_LOOKBACK, as_of)
                ).order_by().values_list(
                "task_id", "id", "organization_id", "reported_on", "state"):
            updates[task_id].append(LeadUpdateRow(*row))
    one_off = [t.pk for t in tasks if not t.recurring]
    if one_off:
        for task_id, *row in _one_off_lead_updates(one_off, as_of):
            updates[task_id].append(LeadUpdateRow(*row))
    for task_id, *row in TaskDecision.objects.filter(task_id__in=task_ids, decided_on__lte=as_of).order_by(
            ).values_list("task_id", "id", "decided_on", "kind", "new_due_date"):
        decisions[task_id].append(DecisionRow(*row))
    for task in tasks:
        task.assignment_rows, task.lead_updates = leads[task.pk], updates[task.pk]
        task.decision_list = decisions[task.pk]
    return tasks


# The longest cycle of a recurring task is a year (tasks.status.current_cycle): the updates before the cycle
# containing the date do not weigh on its status then. A few days' margin for month ends.
RECURRING_LOOKBACK = dt.timedelta(days=370)
_OPEN = (ProgressUpdate.State.IN_PROGRESS, ProgressUpdate.State.NOT_STARTED)
_STARTED = (ProgressUpdate.State.IN_PROGRESS, ProgressUpdate.State.DONE)


def _one_off_lead_updates(task_ids: list[int], as_of: dt.date) -> list[tuple]:
    """The lead updates of one-off tasks up to the date that can weigh in their status, as rows (task, id,
    organization, reported on, state): of each organization's updates on a task, those from the day of its last
    "open" update (in progress, not started) on, and from the day of its last "started" one (in progress, done)
    on, or all of them when it has no open update. A year's history of a task is a dozen "in progress" and
    one "done"; its status as of the date reads two of them (issue #17: loading and reading the rest was most
    of a past year's evaluation).

    Why the status (tasks.status, one-off) is the same: it is decided by the updates after the last open word
    of each lead (done on = the first "done" after it; a lead's group may merge several organizations, a
    predecessor's and its successor's, and the updates after the group's last open word are after each of its
    organizations' own last open word, hence kept; a "reopened" decision only drops updates up to its day);
    and by whether any lead update says started, which each organization's last started update still says.
    Updates in "nothing" state weigh nothing on a one-off task. tests/evaluation/test_past_statuses.py
    compares it with the full history on random ones."""
    qn = connection.ops.quote_name
    table = qn(ProgressUpdate._meta.db_table)
    marks = ", ".join(["%s"] * len(task_ids))
    sql = (f"SELECT u.task_id, u.id, u.organization_id, u.reported_on, u.state FROM {table} u "
           f"LEFT JOIN (SELECT task_id, organization_id, "
           f"MAX(CASE WHEN state IN (%s, %s) THEN reported_on END) AS last_open, "
           f"MAX(CASE WHEN state IN (%s, %s) THEN reported_on END) AS last_started "
           f"FROM {table} WHERE task_id IN ({marks}) AND is_lead AND reported_on <= %s "
           f"GROUP BY task_id, organization_id) c ON c.task_id = u.task_id AND c.organization_id = u.organization_id "
           f"WHERE u.task_id IN ({marks}) AND u.is_lead AND u.reported_on <= %s "
           f"AND (c.last_open IS NULL OR u.reported_on >= c.last_open OR u.reported_on >= c.last_started)")
    params = [*_OPEN, *_STARTED, *task_ids, as_of, *task_ids, as_of]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _load_reports(facts, owners, window: Window) -> None:
    periods = list(ReportingPeriod.objects.filter(due_date__range=(window.start, window.last),
                                                  rule__is_active=True).order_by("due_date", "pk"))
    if not periods:
        return
    reporters = period_reporter_ids(periods, among=set(owners))
    first: dict[tuple[int, int], tuple[bool, int]] = {}
    sent = Report.objects.filter(period__in=[p.pk for p in periods], state=Report.State.SENT,
                                 sent_at__isnull=False, sent_at__date__lte=window.as_of)
    for period_id, org_id, is_late, pk in sent.order_by("period_id", "organization_id", "sent_at", "id").values_list(
            "period_id", "organization_id", "is_late", "id"):
        first.setdefault((period_id, org_id), (is_late, pk))
    for period in periods:
        seen = set()
        for unit in sorted(reporters.get(period.pk, ())):
            for org_id in owners.get(unit, ()):
                if org_id in seen:
                    continue
                seen.add(org_id)
                late, report_id = first.get((period.pk, unit), (None, None))
                facts[org_id].reports.append(ReportFact(
                    period.pk, submission_code(period, late, today=window.as_of), period.due_date, report_id))


def _load_indicators(facts, owners, window: Window) -> None:
    indicators = []
    for chunk in _chunks(owners):
        indicators += list(Indicator.objects.filter(responsible_id__in=chunk)
                           .select_related("numerator", "denominator").prefetch_related("targets"))
    # As a visitor sees them: verified values only (an evaluation is published); as of the evaluation date:
    # values entered or verified after it do not count (for a date before today: today's is everything).
    entered_by = window.as_of if window.as_of < timezone.localdate() else None
    for indicator in indicators_assessed(indicators, user=None, today=window.as_of, entered_by=entered_by):
        for org_id in owners.get(indicator.responsible_id, ()):
            facts[org_id].indicators.append(IndicatorFact(indicator.pk, indicator.assessment.status))


def head_names(org_ids) -> dict[int, str]:
    """The head (người đứng đầu) of each agency: its active user of the head role, the first registered."""
    from giamsat.accounts.models import Role, User

    names: dict[int, str] = {}
    for org_id, first, last, username in User.objects.filter(
            role=Role.HEAD, is_active=True, organization_id__in=list(org_ids)).order_by("id").values_list(
            "organization_id", "first_name", "last_name", "username"):
        names.setdefault(org_id, f"{first} {last}".strip() or username)
    return names
