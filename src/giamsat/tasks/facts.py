"""The status facts of a task: what its status is computed from (deadline, the leads' updates, decisions),
loaded in few queries, and the status itself. Below tasks.selectors and tasks.summary, which both read it
(so summary no longer reaches up into selectors: no cycle between them)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from giamsat.core.compiled import CompiledQuery
from giamsat.organizations.selectors import successions_closure
from giamsat.tasks.models import ProgressUpdate, Task, TaskAssignment, TaskDecision
from giamsat.tasks.status import DeadlineFact, DecisionFact, TaskStatus, UpdateFact, compute_status


def _assignments_prefetch(*, leads_only: bool) -> tuple:
    """The task's assignments with their organizations; the leads only where coordinators are not shown.

    Organizations and groups come in their own queries by primary key: joined, PostgreSQL misjudges how
    few lead rows fifty tasks have (tasks given to whole groups skew the statistics) and hashes every
    organization in the country for each page (4 ms of a 5 ms query)."""
    assignments = TaskAssignment.objects.order_by("role", "id")
    if leads_only:
        assignments = assignments.filter(role=TaskAssignment.Role.LEAD)
    return Prefetch("assignments", queryset=assignments), "assignments__organization", "assignments__via_group"


@dataclass(frozen=True, slots=True)
class LeadUpdateRow:
    """What the status reads of a lead's progress update (a plain row: a task has dozens of updates)."""

    id: int
    organization_id: int
    reported_on: dt.date
    state: str


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    """What the status and the acting role read of an assignment (a plain row, for a write)."""

    organization_id: int
    role: str
    valid_to: dt.date | None  # the organization's


def assignment_rows(task: Task) -> list[AssignmentRow]:
    """The task's assignments as the status reads them: the plain rows of a write (`locked_status_facts`)
    or, for readers, the prefetched assignments with their organizations."""
    rows = getattr(task, "assignment_rows", None)
    if rows is None:
        rows = [AssignmentRow(a.organization_id, a.role, a.organization.valid_to) for a in task.assignments.all()]
    return rows


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """What the status reads of an office decision (a plain row)."""

    id: int
    decided_on: dt.date
    kind: str
    new_due_date: dt.date | None


def with_status_facts(qs: QuerySet[Task], *, leads_only: bool = False) -> list[Task]:
    """The tasks of `qs` with everything `task_status` needs, in a few extra queries whatever their number:
    assignments (the leads only with `leads_only`; readers that show coordinators get all) with their
    organizations, lead updates and decisions as plain rows."""
    tasks = list(qs.prefetch_related(*_assignments_prefetch(leads_only=leads_only)))
    ids = [t.pk for t in tasks]
    updates: dict[int, list[LeadUpdateRow]] = defaultdict(list)
    for task_id, *row in (
        ProgressUpdate.objects.filter(task_id__in=ids, is_lead=True)
        .order_by()
        .values_list("task_id", "id", "organization_id", "reported_on", "state")
    ):
        updates[task_id].append(LeadUpdateRow(*row))
    decisions: dict[int, list[DecisionRow]] = defaultdict(list)
    for task_id, *row in (
        TaskDecision.objects.filter(task_id__in=ids).order_by()  # compute_status orders them
        .values_list("task_id", "id", "decided_on", "kind", "new_due_date")
    ):
        decisions[task_id].append(DecisionRow(*row))
    for task in tasks:
        task.lead_updates, task.decision_list = updates[task.pk], decisions[task.pk]
    return tasks


# The status facts of one task under its row lock (a write), compiled once (core.compiled): the same
# columns as `with_status_facts` reads, by key. The leads' organizations are joined: looked up by key
# (EXPLAIN: nested loop), one query fewer.
_LOCKED_TASK = CompiledQuery(
    lambda args: Task.objects.select_for_update().filter(pk=args.task).order_by().values_list(*STATUS_DEADLINE_FIELDS)
)
_LEAD_ASSIGNMENTS = CompiledQuery(
    lambda args: TaskAssignment.objects.filter(task_id=args.task, role=TaskAssignment.Role.LEAD)
    .order_by().values_list("organization_id", "role", "organization__valid_to")
)
_LEAD_UPDATES = CompiledQuery(
    lambda args: ProgressUpdate.objects.filter(task_id=args.task, is_lead=True)
    .order_by().values_list("id", "organization_id", "reported_on", "state")
)
_DECISIONS = CompiledQuery(
    lambda args: TaskDecision.objects.filter(task_id=args.task).order_by()
    .values_list("id", "decided_on", "kind", "new_due_date")
)


def locked_status_facts(task_id: int) -> Task | None:
    """Lock the task's row until the transaction ends and read what its status needs: the deadline
    columns, the leads (`assignment_rows`), lead updates and decisions as plain rows. None: no such task."""
    row = _LOCKED_TASK.first(task=task_id)
    if row is None:
        return None
    task = Task.from_db(DEFAULT_DB_ALIAS, STATUS_DEADLINE_FIELDS, row)
    task.assignment_rows = [AssignmentRow(*r) for r in _LEAD_ASSIGNMENTS.rows(task=task_id)]
    task.lead_updates = [LeadUpdateRow(*r) for r in _LEAD_UPDATES.rows(task=task_id)]
    task.decision_list = [DecisionRow(*r) for r in _DECISIONS.rows(task=task_id)]
    return task


def iter_with_status_facts(qs: QuerySet[Task], *, batch: int = 2000):
    """`with_status_facts` over a large queryset, `batch` tasks at a time (bounded memory)."""
    ids = list(qs.values_list("pk", flat=True))  # in the queryset's order, kept batch after batch
    for start in range(0, len(ids), batch):
        yield from with_status_facts(qs.filter(pk__in=ids[start:start + batch]), leads_only=True)


def _answerable_leads(task: Task, lineage: dict[int, set[int]], today: dt.date) -> frozenset[int]:
    """The leads whose part must be done: a unit dissolved with no successor recorded answers for nothing
    (its part cannot be reported by anyone; the office decides such tasks)."""
    succeeded = None  # every unit some other one succeeded: asked only when a lead is dissolved (rare)
    leads = set()
    for a in assignment_rows(task):
        if a.role != TaskAssignment.Role.LEAD:
            continue
        if a.valid_to is not None and a.valid_to < today:
            if succeeded is None:
                succeeded = set().union(*lineage.values())
            if a.organization_id not in succeeded:
                continue
        leads.add(a.organization_id)
    return frozenset(leads)


def _counts_for(org_id: int, leads: frozenset[int], lineage: dict[int, set[int]]) -> int:
    """The lead an update counts for: its own organization, or the dissolved lead it succeeded."""
    if org_id in leads:
        return org_id
    inherited = lineage.get(org_id, set()) & leads
    if inherited:
        return min(inherited)
    # A predecessor's update on a task that passed to its successor (organizations.reorganize) counts for it.
    heirs = [lead for lead in leads if org_id in lineage.get(lead, ())]
    return min(heirs) if heirs else org_id


# What task_status reads, in the model's field order: `Task.from_db` takes the values in that order.
STATUS_DEADLINE_FIELDS = ("id", "due_date", "start_date", "recurring", "recurrence")


def task_status(task: Task, *, today: dt.date | None = None,
                lineage: dict[int, set[int]] | None = None) -> TaskStatus:
    """Compute the status of one task from its facts (see tasks.status); uses prefetched rows when present."""
    today = today or timezone.localdate()
    lead_updates = getattr(task, "lead_updates", None)
    if lead_updates is None:
        # task_id too: the related manager links each row back to the task, which reads it.
        lead_updates = list(
            task.updates.filter(is_lead=True).only("id", "task_id", "organization_id", "reported_on", "state")
        )
    decisions = getattr(task, "decision_list", None)
    if decisions is None:
        decisions = list(task.decisions.all())
    lineage = lineage if lineage is not None else successions_closure()
    leads = _answerable_leads(task, lineage, today)
    return compute_status(
        DeadlineFact(task.due_date, task.recurring, task.recurrence, task.start_date),
        [UpdateFact(u.reported_on, u.state, u.id, _counts_for(u.organization_id, leads, lineage))
         for u in lead_updates],
        [DecisionFact(d.decided_on, d.kind, d.new_due_date, d.id) for d in decisions],
        today=today,
        warning_days=settings.GIAMSAT_WARNING_DAYS,
        leads=leads,
    )
