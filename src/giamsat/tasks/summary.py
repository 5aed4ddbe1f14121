"""The stored copy of each task's computed status, so that lists and dashboards can filter and count in SQL.

`tasks.status.compute_status` stays the only definition of a status. This module stores its result on the
task (status_code, status_warning, status_due, status_done_on, status_as_of) and keeps it fresh:
- after every write that can change it (updates, decisions, edits, creation): `refresh_statuses([ids])`;
- each day, because time alone turns "in progress" into "overdue": `giamsat refresh-statuses` (cron or the
  served app's daily job), which recomputes every task whose `status_as_of` is not today.
Readers never write it (ADR 0020): a row whose `status_as_of` is not today is computed in memory by the reader
(`tasks.selectors.stale_statuses`), so pages stay right on a morning the job did not run.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from giamsat.core.compiled import update_by_pk
from giamsat.core.deferred import DeferredRefresh
from giamsat.organizations.selectors import successions_closure
from giamsat.tasks.facts import task_status, with_status_facts
from giamsat.tasks.models import Task

BATCH = 2000
STORED_FIELDS = ["status_code", "status_warning", "status_due", "status_as_of", "status_done_on"]
# Bulk writers such as the demo: `with refresh_deferred():` refreshes the tasks asked for once, at the end.
_deferred = DeferredRefresh("giamsat_status_deferred", lambda ids: refresh_statuses(ids))
refresh_deferred = _deferred.block


def refresh_statuses(task_ids, *, today: dt.date | None = None) -> int:
    """Recompute and store the status of the given tasks (any iterable of ids). Returns how many."""
    ids = list(task_ids)
    if today is None and _deferred.defer(ids):
        return len(ids)
    today = today or timezone.localdate()
    done = 0
    lineage = successions_closure()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        tasks = with_status_facts(Task.objects.filter(pk__in=chunk), leads_only=True)
        for task in tasks:
            for name, value in _stored_fields(task, today, lineage).items():
                setattr(task, name, value)
        # Inside a writer's transaction no savepoint: a failure here fails the whole write anyway.
        with transaction.atomic(savepoint=False):
            Task.objects.bulk_update(tasks, STORED_FIELDS)
        done += len(tasks)
    return done


def store_status(task: Task) -> None:
    """Store the status of one task whose facts the caller holds, complete, under the task's row lock (a
    progress update: read with the lock, plus the update it adds). One UPDATE instead of reading them again."""
    if _deferred.defer([task.pk]):
        return
    fields = _stored_fields(task, timezone.localdate(), successions_closure())
    update_by_pk(Task, task.pk, **fields)  # the SQL built once: one of every post's statements


def _stored_fields(task: Task, today: dt.date, lineage) -> dict:
    return {**status_fields(task_status(task, today=today, lineage=lineage)), "status_as_of": today}


def status_fields(status) -> dict:
    """The stored columns of a computed status (`tasks.status.TaskStatus`), as written and as overlaid."""
    return {
        "status_code": status.code, "status_warning": status.warning, "status_due": status.due,
        "status_done_on": status.done_on if status.is_done else None,
    }


def stale_q(today: dt.date) -> Q:
    """Tasks whose stored status is not computed for `today`. Written as ranges, not `exclude(=today)`, so
    that PostgreSQL answers from the index on status_as_of instead of reading every task."""
    return Q(status_as_of__lt=today) | Q(status_as_of__gt=today) | Q(status_as_of__isnull=True)


def refresh_stale(*, today: dt.date | None = None) -> int:
    """Recompute every task not yet computed for `today` (the daily job)."""
    today = today or timezone.localdate()
    stale = Task.objects.filter(stale_q(today)).values_list("pk", flat=True).order_by("pk")
    return refresh_statuses(list(stale), today=today)


def stale_count(*, today: dt.date | None = None, queryset=None) -> int:
    today = today or timezone.localdate()
    return (queryset if queryset is not None else Task.objects).filter(stale_q(today)).count()
