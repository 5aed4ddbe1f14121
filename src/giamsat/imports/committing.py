"""Committing a large e-office import in the background, with its progress on the import page (ADR 0049).

Two hundred new rows take about fifteen seconds to write (tasks, agencies, statuses, the search index, the
audit chain). A commit of more rows than GIAMSAT_IMPORT_COMMIT_BACKGROUND_ROWS answers at once with the job in
"đang ghi" (`ImportJob.State.COMMITTING`), the page shows rows written and refreshes itself, and the result
appears when the commit ends — the way scans are read (ADR 0034, imports.reading):

- the commit runs in a thread of the process that received the request, started once the job is committed
  (`transaction.on_commit`); `core.jobs.single_runner` lets one runner write a job, whichever node asked;
- it is still one transaction, all or nothing: a row refused (a deadline that does not hold) puts the job back
  in review with the reason (`error`) and nothing written;
- the rows written so far cannot be read from the database while that transaction is open: they are kept in
  the shared cache (file directory or Redis, like the dashboard snapshots), read by any node's page or API;
- a commit that has not moved for ten minutes (its process stopped: the transaction was rolled back) can be
  started again from the page (`import_commit_again`).
"""

from __future__ import annotations

import logging
import threading

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from giamsat.audit.context import acting_as
from giamsat.core.actors import SYSTEM
from giamsat.core.errors import ApplicationError
from giamsat.core.jobs import run_once_in_thread
from giamsat.imports.models import ImportJob

log = logging.getLogger(__name__)
FAILED = "Không ghi được do lỗi của hệ thống; hãy ghi lại hoặc báo quản trị viên."


def _key(job_id: int) -> str:
    return f"import-commit-progress:{job_id}"


def report_progress(job_id: int, done: int, total: int) -> None:
    cache.set(_key(job_id), (done, total, timezone.now()), 3600)


def commit_progress(job: ImportJob) -> ImportJob:
    """The job with `rows_done` and `progress_at` of its running commit (from the shared cache)."""
    if job.state == ImportJob.State.COMMITTING:
        kept = cache.get(_key(job.pk))
        if kept:
            job.rows_done, _, at = kept
            job.progress_at = max(at, job.progress_at) if job.progress_at else at
    return job


def start_commit(job_id: int, source: str = "web") -> threading.Thread:
    """One writer per job, whichever node asked."""
    return run_once_in_thread(f"import-commit-{job_id}", lambda: commit_job(job_id, source=source))


def commit_job(job_id: int, *, source: str = "web") -> ImportJob:
    """Write the job's reviewed rows (what the background thread runs): committed, or back in review with
    the reason it was refused."""
    from giamsat.imports.eoffice_commit import eoffice_commit

    job = ImportJob.objects.select_related("committed_by").get(pk=job_id)
    if job.state != ImportJob.State.COMMITTING:
        return job
    user = job.committed_by or SYSTEM
    try:
        with acting_as(user, source), transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job_id)
            if locked.state == ImportJob.State.COMMITTING:  # not discarded meanwhile
                eoffice_commit(user=user, job=locked, proposal=locked.proposal,
                               progress=lambda done, total: report_progress(job_id, done, total))
    except ApplicationError as exc:
        _back_to_review(job_id, exc.message)
    except Exception:  # an unexpected failure must not leave the job "committing" for ever
        log.exception("committing import %s failed", job_id)
        _back_to_review(job_id, FAILED)
    cache.delete(_key(job_id))
    return ImportJob.objects.filter(pk=job_id).first() or job


def _back_to_review(job_id: int, error: str) -> None:
    ImportJob.objects.filter(pk=job_id, state=ImportJob.State.COMMITTING).update(
        state=ImportJob.State.REVIEW, error=error[:500], progress_at=timezone.now())
