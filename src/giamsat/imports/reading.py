"""Reading an uploaded file that needs OCR, in the background, with its progress on the import page.

A 16-page scan takes minutes on two cores: the upload answers at once with the job in "đang đọc", the
page shows pages done and refreshes itself, and the review opens when reading ends. The reading runs in a
thread of the process that received the upload, started once the job is committed; the file is read back
from storage and the outcome written to the job, so any node can show it. A job whose reader stopped (the
process restarted) stalls; the page then offers to read it again (`import_read_again`).
"""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from django.utils import timezone

from giamsat.core.jobs import run_once_in_thread
from giamsat.imports.models import ImportJob

log = logging.getLogger(__name__)


def start_reading(job_id: int) -> threading.Thread:
    """One reader per file, whichever node asked."""
    return run_once_in_thread(f"import-{job_id}", lambda: read_job(job_id))


def read_job(job_id: int) -> ImportJob:
    """Extract the job's file and put the job up for review (or mark it failed, with the reason)."""
    from giamsat.imports.proposal import proposal_fields
    from giamsat.ingest import IngestError, extract_bytes

    job = ImportJob.objects.get(pk=job_id)
    if job.state != ImportJob.State.READING:
        return job

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(pages_done=done, pages_total=total, progress_at=timezone.now())

    try:
        with job.file.open("rb") as fh:
            data = fh.read()
        extraction = extract_bytes(data, job.filename, max_bytes=max(len(data), 1), progress=progress)
    except IngestError as exc:
        _finish(job_id, state=ImportJob.State.FAILED, error=exc.message[:500])
    except Exception:  # an unexpected failure must not leave the job "reading" for ever
        log.exception("reading import %s failed", job_id)
        _finish(job_id, state=ImportJob.State.FAILED,
                error="Không đọc được tệp do lỗi của hệ thống; hãy thử đọc lại hoặc báo quản trị viên.")
    else:
        _finish(job_id, state=ImportJob.State.REVIEW, error="", **proposal_fields(extraction))
    return ImportJob.objects.get(pk=job_id)


def _finish(job_id: int, **fields) -> None:
    with transaction.atomic():
        # only a job still being read is finished: a discarded one stays discarded
        ImportJob.objects.filter(pk=job_id, state=ImportJob.State.READING).update(
            progress_at=timezone.now(), **fields)
