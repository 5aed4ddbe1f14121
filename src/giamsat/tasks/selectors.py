"""Reads of tasks, always through the visibility rule of accounts.access."""

import datetime as dt
import logging
from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from giamsat.accounts.access import acts_for, own_organization_ids, visible_compiled
from giamsat.core.compiled import CompiledQuery
from giamsat.core.errors import NotFoundError
from giamsat.documents.models import with_document
from giamsat.organizations.models import Organization, OrganizationGroup
from giamsat.organizations.selectors import successions_closure, transferred_from, transferred_from_refs
from giamsat.tasks.alerts import OPEN_CODES, alert_level, current_rule
from giamsat.tasks.facts import (  # noqa: F401 (the status facts, read from here by the callers of before)
    STATUS_DEADLINE_FIELDS,
    AssignmentRow,
    DecisionRow,
    LeadUpdateRow,
    _assignments_prefetch,
    assignment_rows,
    iter_with_status_facts,
    locked_status_facts,
    task_status,
    with_status_facts,
)
from giamsat.tasks.models import Evidence, ProgressUpdate, Task, TaskAssignment, listed_names
from giamsat.tasks.status import StatusCode, TaskStatus
from giamsat.tasks.summary import stale_q, status_fields

# The same answer whether a task does not exist or is not visible.
TASK_NOT_FOUND = "Không tìm thấy nhiệm vụ hoặc bạn không có quyền xem."
logger = logging.getLogger(__name__)


def task_list(user, *, coordinators: bool = True) -> QuerySet[Task]:
    """Visible tasks, to be narrowed by the list's filters (`tasks.filters.TaskFilterSet`).

    `coordinators=False` prefetches the lead assignments only, for lists: a task given to "các sở, ban,
    ngành, UBND các xã" has a hundred coordinating units, which a list does not show (the API reads them as
    plain rows: `task_cards`)."""
    qs = Task.objects.visible_to(user)
    return with_document(qs).prefetch_related(*_assignments_prefetch(leads_only=not coordinators))


def with_lead_names(tasks: list[Task]) -> list[Task]:
    """Give tasks loaded without their assignments the names of their leads (`Task.lead_names`), read as plain
    rows: the dashboard's and the home page's short lists, all in two queries (three when a task was given to
    a group), where the assignments, organizations and groups as models took three and twice the time."""
    rows = list(TaskAssignment.objects.filter(task_id__in=[t.pk for t in tasks], role=TaskAssignment.Role.LEAD)
                .order_by("role", "id").values_list("task_id", "organization_id", "via_group_id"))
    names = {pk: Organization(pk=pk, name=name, short_name=short).display_name for pk, name, short
             in Organization.objects.filter(pk__in={org for _, org, _ in rows}).values_list("pk", "name", "short_name")}
    group_ids = {group for _, _, group in rows if group}
    groups = dict(OrganizationGroup.objects.filter(pk__in=group_ids).values_list("pk", "name")) if group_ids else {}
    by_task: dict[int, list] = defaultdict(list)
    for task_id, org, group in rows:
        by_task[task_id].append((groups.get(group), names[org]))
    for task in tasks:
        task.lead_names_read = listed_names(by_task.get(task.pk, ()))
    return tasks


# ------------------------------------------------------------ the current status, without writing (ADR 0020)

# Readers compute in memory at most this many stale statuses per query; past it the daily job has not run
# for a large part of the data, and figures fall back to the stored statuses (of the last run), logged.
STALE_IN_MEMORY = 5000
# The stored columns and the names under which readers see the current value (`with_current_status`).
CURRENT_COLUMNS = {
    "cur_code": "status_code", "cur_warning": "status_warning", "cur_due": "status_due",
    "cur_done_on": "status_done_on",
}


def stale_statuses(qs: QuerySet[Task], *, today: dt.date | None = None) -> dict[int, TaskStatus]:
    """Task id → status computed now, for the tasks of `qs` whose stored status is not for `today` (none once
    the daily job has run). Nothing is written: readers never write (ADR 0020)."""
    today = today or timezone.localdate()
    ids = list(qs.filter(stale_q(today)).order_by().values_list("pk", flat=True)[: STALE_IN_MEMORY + 1])
    if not ids:
        return {}
    if len(ids) > STALE_IN_MEMORY:
        logger.error("more than %d task statuses are not computed for %s: run `giamsat refresh-statuses`",
                     STALE_IN_MEMORY, today)
        return {}
    lineage = successions_closure()
    tasks = with_status_facts(Task.objects.filter(pk__in=ids), leads_only=True)
    return {task.pk: task_status(task, today=today, lineage=lineage) for task in tasks}


def status_columns(statuses: dict[int, TaskStatus], *, prefix: str = "") -> dict:
    """Expressions for `CURRENT_COLUMNS`: the stored column, replaced for the tasks in `statuses` by their
    computed value. `prefix` reaches the task through a relation ("task__" from an assignment)."""
    columns = {}
    for name, stored in CURRENT_COLUMNS.items():
        if not statuses:
            columns[name] = F(prefix + stored)
            continue
        by_value: dict = defaultdict(list)
        for pk, status in statuses.items():
            by_value[status_fields(status)[stored]].append(pk)
        field = Task._meta.get_field(stored)
        columns[name] = Case(
            *[When(**{f"{prefix}pk__in": ids}, then=Value(value, output_field=field))
              for value, ids in by_value.items()],
            default=F(prefix + stored), output_field=field,
        )
    return columns


def with_current_status(qs: QuerySet[Task], *, today: dt.date | None = None,
                        statuses: dict[int, TaskStatus] | None = None) -> QuerySet[Task]:
    """`qs` annotated with the current status columns (`cur_code`, `cur_warning`, `cur_due`, `cur_done_on`)
    for filters and aggregates: the stored copy, or the in-memory one where it is stale (`stale_statuses`)."""
    if "cur_code" in qs.query.annotations:
        return qs
    if statuses is None:
        statuses = stale_statuses(qs, today=today)
    return qs.annotate(**status_columns(statuses))


def stored_status(code: str, due: dt.date | None, warning: bool, today: dt.date) -> TaskStatus:
    return TaskStatus(code, due, warning=warning, days_left=(due - today).days if due else None)


_STATUS_FIELDS = ("status_code", "status_warning", "status_due", "status_as_of")


def _current_fields(stale: list[int], today: dt.date) -> dict[int, dict]:
    """Task id → the status columns computed now, for rows read before today's refresh (in memory only)."""
    if not stale:
        return {}
    statuses = stale_statuses(Task.objects.filter(pk__in=stale), today=today)
    return {pk: status_fields(status) for pk, status in statuses.items()}


def tasks_with_status(tasks, *, today: dt.date | None = None, status: str = "", rule=None) -> list[Task]:
    """Attach `.status` to each task (from the stored copy, computed in memory where stale); optionally keep
    only the tasks with the given status code ("warning" for the early warning). Also `.alert` (by `rule`,
    the one in force when not given), `.has_product` (evidence on a lead's update; read for open and done
    tasks only), `.without_evidence` and `.moved_from`."""
    today = today or timezone.localdate()
    tasks = list(tasks)
    fresh = _current_fields([t.pk for t in tasks if t.status_as_of != today], today)
    for task in tasks:
        for name, value in fresh.get(task.pk, {}).items():
            setattr(task, name, value)
    out = []
    for task in tasks:
        task.status = stored_status(task.status_code, task.status_due, task.status_warning, today)
        if not status or task.status.code == status or (status == "warning" and task.status.warning):
            out.append(task)
    evidenced = evidenced_task_ids([t.pk for t in out if t.status.is_done or t.status.code in OPEN_CODES])
    rule = rule or (current_rule() if out else None)
    # "chuyển từ …": the units a reorganization took these tasks from (organizations.reorganize).
    marks = transferred_from("task", [t.pk for t in out]) if out else {}
    for task in out:
        task.has_product = task.pk in evidenced
        task.without_evidence = task.status.is_done and not task.has_product
        task.alert = alert_level(task.status.code, task.status.due, has_product=task.pk in evidenced, today=today,
                                 rule=rule)
        task.moved_from = marks.get(task.pk, [])
    return out


def evidenced_task_ids(task_ids) -> set[int]:
    """Among these tasks, those with at least one evidence file or link on a lead organization's update (one
    query; none when no id is given). A done task outside it is "done without evidence" (issue #16)."""
    ids = list(task_ids)
    if not ids:
        return set()
    # Task by task, each stopping at its first evidence (an index probe per update): not every lead update
    # of the tasks joined to every evidence row and made distinct (3,6 → 1,0 ms for a dashboard's two lists).
    return set(Task.objects.filter(pk__in=ids).filter(evidenced_q()).order_by().values_list("pk", flat=True))


def evidenced_q(prefix: str = "") -> Q:
    """Tasks with evidence on a lead update, as a condition (for counts: the data-quality checks)."""
    return Q(Exists(Evidence.objects.filter(update__task_id=OuterRef(prefix + "pk"), update__is_lead=True)))


# What the API gives of a task, read as plain columns (a Task has thirty; a list of fifty builds no models).
TASK_CARD_FIELDS = (
    "id", "document_id", "number", "name", "section", "solution_group", "deadline_text", "deadline_kind",
    "due_date", "recurring", "recurrence", "expected_product", "lock_version",
)


def task_cards(qs: QuerySet[Task], *, today: dt.date | None = None) -> list[dict]:
    """The tasks of `qs` (ordered and sliced by the caller) as plain rows: the card fields, `status` (the
    stored one, computed in memory where stale), `leads` and `coordinators` as [{"id", "name"}] in assignment
    order, `transferred_from` (the units a reorganization took it from). Five queries whatever the number
    of tasks, organizations by primary key (see `_assignments_prefetch` on joining them)."""
    today = today or timezone.localdate()
    # The list's select_related/prefetch_related are for pages that show models; rows need neither.
    rows = list(qs.select_related(None).prefetch_related(None).values(*TASK_CARD_FIELDS, *_STATUS_FIELDS))
    fresh = _current_fields([row["id"] for row in rows if row["status_as_of"] != today], today)
    for row in rows:
        row.update({k: v for k, v in fresh.get(row["id"], {}).items() if k in _STATUS_FIELDS})
    ids = [row["id"] for row in rows]
    assignments = list(
        TaskAssignment.objects.filter(task_id__in=ids).order_by("task_id", "role", "id")
        .values_list("task_id", "role", "organization_id")
    )
    names = dict(
        Organization.objects.filter(pk__in={org for _, _, org in assignments}).order_by().values_list("id", "name")
    )
    by_task: dict[int, dict[str, list[dict]]] = defaultdict(lambda: {"lead": [], "coordinator": []})
    for task_id, role, org_id in assignments:
        by_task[task_id][role].append({"id": org_id, "name": names[org_id]})
    evidenced = evidenced_task_ids(
        [row["id"] for row in rows if row["status_code"] in OPEN_CODES and row["status_due"] is not None])
    rule = current_rule() if rows else None
    moved = transferred_from_refs("task", ids) if ids else {}  # "chuyển từ …" (organizations.reorganize)
    for row in rows:
        code, warning, due = row.pop("status_code"), row.pop("status_warning"), row.pop("status_due")
        del row["status_as_of"]
        row["status"] = stored_status(code, due, warning, today)
        row["alert"] = alert_level(code, due, has_product=row["id"] in evidenced, today=today, rule=rule)
        refs = by_task[row["id"]]
        row["leads"], row["coordinators"] = refs["lead"], refs["coordinator"]
        row["transferred_from"] = moved.get(row["id"], [])
    return rows


def due_completion(qs: QuerySet[Task], *, today: dt.date) -> tuple[int, int]:
    """(tasks due, of which done): one-off tasks whose (adjusted) due date has come, not paused or cancelled.
    The headline "nhiệm vụ đến hạn đã hoàn thành đạt X%" of the home page and the dashboard."""
    due = (
        with_current_status(qs, today=today).order_by().filter(recurring=False, cur_due__lte=today)
        .exclude(cur_code__in=[StatusCode.PAUSED, StatusCode.CANCELLED])
        .aggregate(
            total=Count("pk"), done=Count("pk", filter=Q(cur_code__in=[StatusCode.DONE_ON_TIME, StatusCode.DONE_LATE]))
        )
    )
    return due["total"], due["done"]


def status_counts(qs: QuerySet[Task], *, today: dt.date | None = None) -> dict[str, int]:
    """Tasks per status code (the current status), counted by the database."""
    current = with_current_status(qs, today=today).order_by()
    return dict(current.values_list("cur_code").annotate(n=Count("pk")))


def task_get(user, pk: int) -> Task:
    """One visible task with all its assignments and the task it carries out (NotFoundError otherwise), for
    pages that show it."""
    task = task_list(user).select_related("upstream").filter(pk=pk).first()
    if task is None:
        raise NotFoundError(TASK_NOT_FOUND)
    return task


def task_card(user, pk: int) -> dict:
    """One visible task as a `task_cards` row (NotFoundError otherwise)."""
    cards = task_cards(Task.objects.visible_to(user).filter(pk=pk))
    if not cards:
        raise NotFoundError(TASK_NOT_FOUND)
    return cards[0]


TASK_REF_FIELDS = ("id", "document_id", "number", "name")
# The compiled copy of `Task.objects.visible_to(user).filter(pk=...)` for the posting path (ADR 0013): by key,
# no ORDER BY, compiled once (core.compiled). Both shapes are the queryset's own SQL: `within(args.orgs)` is
# the rule of accounts.access applied to markers; `access.visible_compiled` picks which one runs.
_TASK_REF = CompiledQuery(lambda args: Task.objects.filter(pk=args.task).order_by().values_list(*TASK_REF_FIELDS)[:1])
_TASK_REF_WITHIN = CompiledQuery(
    lambda args: Task.objects.filter(pk=args.task).within(args.orgs).order_by().values_list(*TASK_REF_FIELDS)[:1]
)


def task_ref(user, pk: int) -> Task:
    """A visible task with its identifying fields only (NotFoundError otherwise), for writes, which read
    what they need under the task's lock, and for its history."""
    row = visible_compiled(user, everything=_TASK_REF, within=_TASK_REF_WITHIN, task=pk)
    if row is None:
        raise NotFoundError(TASK_NOT_FOUND)
    return Task.from_db(DEFAULT_DB_ALIAS, TASK_REF_FIELDS, row)


def task_updates(task: Task) -> QuerySet[ProgressUpdate]:
    """A task's updates, newest first. Organizations and authors by primary key in their own queries: a
    join makes PostgreSQL hash every organization in the country for a few dozen rows."""
    return task.updates.prefetch_related("organization", "author", "evidence")


def task_role(user, pk: int) -> str | None:
    """As `task_role_of`, for a task not loaded: none for the read-all roles (no query), otherwise one read of
    the user's organizations' assignments to it."""
    own = own_organization_ids(user)
    if not own:
        return None
    roles = set(TaskAssignment.objects.filter(task_id=pk, organization_id__in=own).values_list("role", flat=True))
    return "lead" if "lead" in roles else ("coordinator" if roles else None)


def task_role_of(user, task: Task) -> str | None:
    """'lead', 'coordinator' or None: the user's organization's part in the task."""
    roles = {a.role for a in task.assignments.all() if acts_for(user, a.organization_id)}
    return "lead" if "lead" in roles else ("coordinator" if roles else None)
