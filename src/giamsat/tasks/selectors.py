"""Reads of tasks, always through the visibility rule of accounts.access."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from django.db.models import Prefetch, Q, QuerySet

from giamsat.accounts.access import scope_org_ids
from giamsat.core.errors import NotFoundError
from giamsat.tasks.models import ProgressUpdate, Task, TaskAssignment, TaskDecision
from giamsat.tasks.status import DeadlineFact, DecisionFact, TaskStatus, UpdateFact, compute_status


def task_visible_queryset(user) -> QuerySet[Task]:
    qs = Task.objects.all()
    org_ids = scope_org_ids(user)
    if org_ids is None:
        return qs
    if not org_ids:
        return qs.none()
    return qs.filter(pk__in=TaskAssignment.objects.filter(organization_id__in=org_ids).values("task_id"))


@dataclass
class TaskFilters:
    q: str = ""
    organization: int | None = None
    role: str = ""  # "lead" | "coordinator" | "" (either)
    document: int | None = None
    due_from: object = None
    due_to: object = None
    solution_group: int | None = None


def task_list(user, filters: TaskFilters | None = None) -> QuerySet[Task]:
    filters = filters or TaskFilters()
    qs = task_visible_queryset(user)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(number=filters.q))
    if filters.organization:
        cond = Q(organization_id=filters.organization)
        if filters.role:
            cond &= Q(role=filters.role)
        qs = qs.filter(pk__in=TaskAssignment.objects.filter(cond).values("task_id"))
    if filters.document:
        qs = qs.filter(document_id=filters.document)
    if filters.due_from:
        qs = qs.filter(due_date__gte=filters.due_from)
    if filters.due_to:
        qs = qs.filter(due_date__lte=filters.due_to)
    if filters.solution_group:
        qs = qs.filter(solution_group=filters.solution_group)
    return with_status_prefetch(qs.select_related("document"))


def with_status_prefetch(qs: QuerySet[Task]) -> QuerySet[Task]:
    """Everything `task_status` needs, in three extra queries whatever the number of tasks."""
    return qs.prefetch_related(
        Prefetch(
            "assignments",
            queryset=TaskAssignment.objects.select_related("organization", "via_group").order_by("role", "id"),
        ),
        Prefetch(
            "updates",
            queryset=ProgressUpdate.objects.filter(is_lead=True).only("id", "task_id", "reported_on", "state"),
            to_attr="lead_updates",
        ),
        Prefetch("decisions", queryset=TaskDecision.objects.all(), to_attr="decision_list"),
    )


def task_status(task: Task, *, today: dt.date | None = None) -> TaskStatus:
    """The computed status of one task (see tasks.status); uses prefetched rows when present."""
    today = today or timezone.localdate()
    lead_updates = getattr(task, "lead_updates", None)
    if lead_updates is None:
        lead_updates = list(task.updates.filter(is_lead=True).only("id", "reported_on", "state"))
    decisions = getattr(task, "decision_list", None)
    if decisions is None:
        decisions = list(task.decisions.all())
    return compute_status(
        DeadlineFact(task.due_date, task.recurring, task.recurrence, task.start_date),
        [UpdateFact(u.reported_on, u.state, u.id) for u in lead_updates],
        [DecisionFact(d.decided_on, d.kind, d.new_due_date, d.id) for d in decisions],
        today=today,
        warning_days=settings.GIAMSAT_WARNING_DAYS,
    )


def tasks_with_status(tasks, *, today: dt.date | None = None, status: str = "") -> list[Task]:
    """Attach `.status` to each task; keep only those with the given status code when asked."""
    out = []
    for task in tasks:
        task.status = task_status(task, today=today)
        if not status or task.status.code == status or (status == "warning" and task.status.warning):
            out.append(task)
    return out


def task_get(user, pk: int) -> Task:
    task = task_list(user).filter(pk=pk).first()
    if task is None:
        raise NotFoundError("Không tìm thấy nhiệm vụ hoặc bạn không có quyền xem.")
    return task


def task_updates(task: Task) -> QuerySet[ProgressUpdate]:
    return task.updates.select_related("organization", "author").prefetch_related("evidence")


def task_role_of(user, task: Task) -> str | None:
    """'lead', 'coordinator' or None: the user's organization's part in the task."""
    org_ids = scope_org_ids(user)
    if not org_ids:
        return None
    roles = {a.role for a in task.assignments.all() if a.organization_id in org_ids}
    return "lead" if "lead" in roles else ("coordinator" if roles else None)
