"""Import a plan file: extract (giamsat.ingest), propose a mapping, let a person review, then commit.

Nothing reaches the domain tables before `import_commit`, which writes the document, its relations,
tasks, targets (as indicators) and reporting rules in one transaction.
"""

import datetime as dt
import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from giamsat.accounts.access import require_manager
from giamsat.audit.services import audit_event
from giamsat.core.actors import SYSTEM, is_system, require_actor
from giamsat.core.errors import ApplicationError
from giamsat.core.text import clean_spaces
from giamsat.core.uploads import safe_filename
from giamsat.documents.models import Document, DocumentRelation, DocumentType
from giamsat.documents.roots import refresh_roots
from giamsat.documents.services import (
    citations_link,
    document_create,
    document_find,
    document_learn_number,
    document_relate,
)
from giamsat.imports.models import ImportJob
from giamsat.imports.proposal import proposal_fields
from giamsat.imports.resolver import Resolver as _Resolver
from giamsat.indicators.models import Indicator, IndicatorTarget
from giamsat.organizations.models import Organization
from giamsat.organizations.reorganize import reorganizations_apply_due
from giamsat.reporting.models import ReportingRule
from giamsat.tasks.services import task_assign, task_create
from giamsat.tasks.summary import refresh_statuses


def import_create(*, user, filename: str, data: bytes, background: bool | None = None) -> ImportJob:
    """Keep an uploaded file and read it. Bad input raises ApplicationError and writes nothing.

    A file that needs OCR (a scan) is read in the background when `background` (default: the setting
    GIAMSAT_IMPORT_BACKGROUND): the job is returned "đang đọc" and becomes reviewable when reading ends.
    Anything else is read here, before the job is saved.
    """
    from giamsat.imports.reading import start_reading
    from giamsat.ingest import extract_bytes
    from giamsat.ingest.errors import IngestError
    from giamsat.ingest.readers import needs_ocr
    from giamsat.ingest.tools import DEFAULT_TOOLS

    if not is_system(require_actor(user)):
        require_manager(user)
    limit = settings.GIAMSAT_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise ApplicationError(f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB.", code="too_large", status=413)
    sha = hashlib.sha256(data).hexdigest()
    job = ImportJob(
        created_by=user if user.is_authenticated else None, filename=filename[:255], size=len(data), sha256=sha,
        duplicate_of=Document.objects.filter(file_sha256=sha).order_by("id").first(),
    )
    later = settings.GIAMSAT_IMPORT_BACKGROUND if background is None else background
    if later and needs_ocr(data):
        try:  # a server without Tesseract says so now, not minutes later
            DEFAULT_TOOLS.require("tesseract", "nhận dạng chữ trên bản scan (OCR)")
            DEFAULT_TOOLS.require("pdftoppm", "đọc bản PDF scan")
        except IngestError as exc:
            raise ApplicationError(exc.message, code=f"ingest_{exc.code}") from exc
        job.state = ImportJob.State.READING
    else:
        try:
            extraction = extract_bytes(data, filename, max_bytes=limit)
        except IngestError as exc:
            raise ApplicationError(exc.message, code=f"ingest_{exc.code}") from exc
        for name, value in proposal_fields(extraction).items():
            setattr(job, name, value)
    job.file.save(safe_filename(filename), ContentFile(data), save=False)
    job.save()
    audit_event("import_uploaded", job, filename=job.filename, reading=job.state == ImportJob.State.READING)
    if job.state == ImportJob.State.READING:
        transaction.on_commit(lambda: start_reading(job.pk))
    return job


def import_read_again(*, user, job: ImportJob) -> ImportJob:
    """Read a file again when its reading failed or stalled (the process reading it stopped)."""
    from giamsat.imports.reading import start_reading

    require_manager(user)
    job = ImportJob.objects.get(pk=job.pk)
    if not (job.state == ImportJob.State.FAILED or job.stalled):
        raise ApplicationError("Tệp này không cần đọc lại.", code="not_stalled")
    job.state, job.pages_done, job.error, job.progress_at = ImportJob.State.READING, 0, "", None
    job.save(update_fields=["state", "pages_done", "error", "progress_at", "updated_at"])
    audit_event("import_read_again", job, filename=job.filename)
    transaction.on_commit(lambda: start_reading(job.pk))
    return job


def _parse_date(value) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    from giamsat.imports.review import parse_review_date

    return dt.date.fromisoformat(parse_review_date(str(value)))  # dd/mm/yyyy as typed, or ISO


@transaction.atomic
def import_commit(*, user, job: ImportJob, proposal: dict | None = None, overrides: dict | None = None,
                  is_demo: bool = False, background: bool = False) -> Document | ImportJob:
    """Write the reviewed proposal: document, relations, tasks, targets and rules, all or nothing.

    `background` (the pages and the API pass GIAMSAT_IMPORT_BACKGROUND): an e-office import of more rows than
    GIAMSAT_IMPORT_COMMIT_BACKGROUND_ROWS is checked here, then left to a background commit
    (imports.committing): the job is returned, "committing" (the caller answers from it: reading it again
    would meet the writer's open transaction)."""
    if not is_system(require_actor(user)):
        require_manager(user)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    _require_review(job)
    proposal = proposal or job.proposal
    if job.kind == ImportJob.Kind.EOFFICE:  # rows of tasks, not one plan: the same review, its own writes
        from giamsat.imports.eoffice_commit import eoffice_commit, rows_checked

        rows = len(rows_checked(proposal))
        if background and rows > settings.GIAMSAT_IMPORT_COMMIT_BACKGROUND_ROWS:
            _commit_later(user, job, proposal, rows)
            return job
        return eoffice_commit(user=user, job=job, proposal=proposal, is_demo=is_demo)
    meta = {**proposal.get("document", {}), **(overrides or {})}
    doc_type = meta.get("type") or "Khác"
    if doc_type not in DocumentType.values:
        doc_type = DocumentType.KHAC
    title = clean_spaces(meta.get("title") or "") or job.filename
    resolver = _Resolver(dict(proposal.get("agencies", {})), is_demo=is_demo, on=_parse_date(meta.get("date")))
    issuer = None
    if meta.get("issuer_id"):
        issuer = Organization.objects.filter(pk=meta["issuer_id"]).first()
    elif meta.get("issuer"):
        resolved = resolver.resolve(meta["issuer"])
        issuer = resolved[0][0] if len(resolved) == 1 else None
    number = clean_spaces(meta.get("number") or "")
    date = _parse_date(meta.get("date"))
    doc = document_create(
        actor=SYSTEM, doc_type=doc_type, number=number, date=date, issuer=issuer,
        issuer_name=clean_spaces(meta.get("issuer") or ""), place=clean_spaces(meta.get("place") or ""), title=title,
        full_text=_full_text(job), file_sha256=job.sha256, is_demo=is_demo,
        is_published=bool(meta.get("is_published")), original_file_name=job.file.name,
    )

    for ref in proposal.get("references", []):
        if not ref.get("include", True):
            continue
        target = Document.objects.filter(pk=ref["target_id"]).first() if ref.get("target_id") else None
        target = target or document_find(number=ref.get("number") or "", title=ref.get("title") or "",
                                         issuer_name=ref.get("issuer") or "")
        if target is not None and target.pk == doc.pk:
            continue
        if target is not None:
            document_learn_number(document=target, number=ref.get("number") or "", date=_parse_date(ref.get("date")))
        kind = ref.get("relation") if ref.get("relation") in DocumentRelation.Kind.values else "mentions"
        document_relate(source=doc, target=target, kind=kind, cited_number=ref.get("number") or "",
                        cited_text=_citation_label(ref))

    for position, item in enumerate(t for t in proposal.get("tasks", []) if t.get("include", True)):
        task = task_create(
            actor=SYSTEM, document=doc, name=item.get("name") or "", number=item.get("no") or "",
            deadline_text=item.get("deadline_text") or "", lead_text="; ".join(item.get("lead") or []),
            coordinator_text="; ".join(item.get("coordinators") or []), expected_product=item.get("product") or "",
            section=item.get("group") or item.get("section") or "", position=position, source=item.get("source") or "",
            solution_group=item.get("solution_group") or None,
            source_text=item.get("snippet") or "", is_demo=is_demo,
        )
        leads: set[int] = set()
        for role, phrases in (("lead", item.get("lead") or []), ("coordinator", item.get("coordinators") or [])):
            for phrase in phrases:
                for org, group in resolver.resolve(phrase):
                    # A unit that leads is not also listed as coordinator when a group phrase includes it.
                    if role == "coordinator" and org.pk in leads:
                        continue
                    task_assign(task=task, organizations=[org], role=role, via_group=group)
                    if role == "lead":
                        leads.add(org.pk)

    for n, target in enumerate((t for t in proposal.get("targets", []) if t.get("include", True)), start=1):
        _create_indicator(doc, n, target, is_demo=is_demo)

    for rule in (r for r in proposal.get("reporting", []) if r.get("include", True)):
        recipients = resolver.resolve(rule.get("to") or "") if rule.get("to") else []
        ReportingRule.objects.create(
            document=doc, frequency=rule.get("period") or "once", due_day=rule.get("due_day"),
            due_month=rule.get("due_month"), recipient=recipients[0][0] if len(recipients) == 1 else None,
            recipient_text=clean_spaces(rule.get("to") or "")[:255], source_text=rule.get("text") or "",
        )

    citations_link(document=doc)
    refresh_roots()  # the cascade's root resolutions (ADR 0040), with the write
    refresh_statuses(doc.tasks.values_list("pk", flat=True))
    # An older plan naming agencies reorganized since: their open tasks pass to the successors now.
    reorganizations_apply_due()
    job.state = ImportJob.State.COMMITTED
    job.document = doc
    job.proposal = {**proposal, "agencies": resolver.agencies}
    job.save()
    audit_event("import_committed", doc, job=job.pk, filename=job.filename, tasks=doc.tasks.count())
    return doc


def _commit_later(user, job: ImportJob, proposal: dict, rows: int) -> None:
    from giamsat.audit.context import current_actor
    from giamsat.imports.committing import start_commit

    job.proposal, job.state, job.error = proposal, ImportJob.State.COMMITTING, ""
    job.rows_done, job.rows_total, job.progress_at = 0, rows, timezone.now()
    job.committed_by = user if getattr(user, "is_authenticated", False) else None
    job.save(update_fields=["proposal", "state", "error", "rows_done", "rows_total", "progress_at",
                            "committed_by", "updated_at"])
    audit_event("import_commit_started", job, filename=job.filename, rows=rows)
    source = current_actor().source
    transaction.on_commit(lambda: start_commit(job.pk, source))


def import_commit_again(*, user, job: ImportJob) -> ImportJob:
    """Start a background commit again when it stalled (the process writing it stopped: nothing was written)."""
    from giamsat.audit.context import current_actor
    from giamsat.imports.committing import commit_progress, start_commit

    require_manager(user)
    job = commit_progress(ImportJob.objects.get(pk=job.pk))
    if not (job.state == ImportJob.State.COMMITTING and job.stalled):
        raise ApplicationError("Lượt nhập này không cần ghi lại.", code="not_stalled")
    ImportJob.objects.filter(pk=job.pk).update(progress_at=timezone.now(), rows_done=0)
    audit_event("import_commit_again", job, filename=job.filename)
    source = current_actor().source
    transaction.on_commit(lambda: start_commit(job.pk, source))
    return job


def _citation_label(ref: dict) -> str:
    """'Kế hoạch số 2273/KH-UBND ngày 22/05/2025 của UBND tỉnh', as officials cite a document."""
    parts = [ref.get("type") or "Văn bản", f"số {ref['number']}" if ref.get("number") else ""]
    day = _parse_date(ref.get("date"))
    if day:
        parts.append(f"ngày {day:%d/%m/%Y}")
    if ref.get("issuer"):
        parts.append(f"của {ref['issuer']}")
    return clean_spaces(" ".join(p for p in parts if p))


def _full_text(job: ImportJob) -> str:
    """The document's text as read by the extractor's reader, for display and search."""
    from giamsat.ingest.readers import read_bytes

    with job.file.open("rb") as fh:
        source = read_bytes(fh.read(), job.filename)
    return "\n".join(source.lines)


def _create_indicator(doc: Document, n: int, target: dict, *, is_demo: bool) -> Indicator:
    comparator = target.get("comparator") or ">="
    indicator = Indicator.objects.create(
        code=f"VB{doc.pk}-{n:02d}", name=clean_spaces(target.get("text") or "")[:1000] or f"Chỉ tiêu {n}",
        unit=(target.get("unit") or "")[:64], comparator=comparator if comparator != "range" else "range",
        direction=Indicator.Direction.DECREASE if comparator in {"<", "<="} else Indicator.Direction.INCREASE,
        document=doc, source_text=target.get("text") or "", is_demo=is_demo,
    )
    if target.get("year") and target.get("value") is not None:
        IndicatorTarget.objects.create(
            indicator=indicator, year=int(target["year"]), value=Decimal(str(target["value"])),
            value_max=Decimal(str(target["value_max"])) if target.get("value_max") is not None else None,
            comparator=comparator, source_text=target.get("matched") or target.get("text") or "",
        )
    return indicator


def _require_review(job: ImportJob) -> None:
    if job.state == ImportJob.State.READING:
        raise ApplicationError("Tệp đang được đọc; chờ đọc xong rồi mới rà soát và ghi được.", code="reading")
    if job.state == ImportJob.State.COMMITTING:
        raise ApplicationError("Lượt nhập đang được ghi vào hệ thống; chờ ghi xong.", code="committing")
    if job.state != ImportJob.State.REVIEW:
        raise ApplicationError("Lượt nhập này đã được xử lý.", code="not_in_review")


def import_save(*, user, job: ImportJob, proposal: dict) -> None:
    """Keep the reviewer's edits (also those around a field still to correct) without committing."""
    require_manager(user)
    if job.state != ImportJob.State.REVIEW:
        raise ApplicationError("Lượt nhập này đã được xử lý.", code="not_in_review")
    job.proposal = proposal
    job.save(update_fields=["proposal", "updated_at"])
    audit_event("import_edited", job, filename=job.filename)


def import_discard(*, user, job: ImportJob) -> None:
    """Drop an import; a file still being read, or that could not be read, may be dropped too."""
    require_manager(user)
    if job.state not in (ImportJob.State.REVIEW, ImportJob.State.READING, ImportJob.State.FAILED):
        raise ApplicationError("Lượt nhập này đã được xử lý.", code="not_in_review")
    job.state = ImportJob.State.DISCARDED
    job.save(update_fields=["state", "updated_at"])
    audit_event("import_discarded", job, filename=job.filename)


def import_file_auto(*, path, user, overrides: dict | None = None, is_demo: bool = False) -> Document:
    """Extract and commit with the automatic suggestions (used by the demo and `giamsat import --yes`)."""
    from pathlib import Path

    path = Path(path)
    job = import_create(user=user, filename=path.name, data=path.read_bytes(), background=False)
    return import_commit(user=user, job=job, overrides=overrides, is_demo=is_demo)


