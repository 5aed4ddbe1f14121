"""Writes of the e-office task import (ADR 0040): keep the upload, remap its columns, commit the review.

A row's task is found again by (source, identifier) (`EofficeTaskLink`): a re-import updates its name,
deadline and agencies instead of adding a second task. A status read from the row is recorded as a
progress update of the lead agency with `source` naming the e-office system, once per change of status.
"""

import datetime as dt
import hashlib

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
from giamsat.documents.models import Document, DocumentType
from giamsat.documents.services import document_create, document_find
from giamsat.imports import eoffice
from giamsat.imports.models import EofficeMapping, EofficeTaskLink, ImportJob
from giamsat.imports.resolver import Resolver
from giamsat.tasks.deadlines import DeadlineError, checked
from giamsat.tasks.models import ProgressUpdate, Task, TaskAssignment
from giamsat.tasks.services import task_create, task_edited
from giamsat.tasks.summary import refresh_statuses

# The type a document number's symbol says ("123/KH-UBND" → Kế hoạch); anything else is a Công văn.
_SYMBOLS = {"NQ": "Nghị quyết", "KH": "Kế hoạch", "QĐ": "Quyết định", "QD": "Quyết định", "CT": "Chỉ thị",
            "CTR": "Chương trình hành động", "TB": "Thông báo", "HD": "Hướng dẫn", "BC": "Báo cáo",
            "KL": "Kết luận", "ĐA": "Đề án"}


def source_name(text: str | None) -> str:
    return clean_spaces(text or "")[:100] or eoffice.SOURCE_DEFAULT


def eoffice_create(*, user, filename: str, data: bytes, source: str = "") -> ImportJob:
    """Keep an e-office export and propose its tasks under the mapping remembered for `source` (else the
    one guessed from its headers). Bad input raises ApplicationError and writes nothing."""
    if not is_system(require_actor(user)):
        require_manager(user)
    limit = settings.GIAMSAT_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise ApplicationError(f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB.", code="too_large", status=413)
    source = source_name(source)
    table = eoffice.read_table(data, filename)
    remembered = EofficeMapping.objects.filter(source=source).first()
    mapping = eoffice.guess_mapping(table["headers"])
    if remembered and remembered.headers == table["headers"]:
        mapping = {k: int(v) for k, v in remembered.mapping.items()}
    job = ImportJob(
        kind=ImportJob.Kind.EOFFICE, created_by=user if user.is_authenticated else None, filename=filename[:255],
        size=len(data), sha256=hashlib.sha256(data).hexdigest(), state=ImportJob.State.REVIEW,
        extraction={"kind": "eoffice", **table}, warnings=list(table["warnings"]),
    )
    if "name" in mapping:
        job.proposal = eoffice.build_proposal(table, source=source, mapping=mapping)
    else:  # the reviewer chooses the columns first
        job.proposal = {"kind": "eoffice", "source": source, "mapping": mapping, "document": {}, "tasks": [],
                        "agencies": {}, "problems": ["Chưa nhận ra cột nội dung nhiệm vụ: hãy ghép cột."]}
    job.file.save(safe_filename(filename), ContentFile(data), save=False)
    job.save()
    audit_event("import_uploaded", job, filename=job.filename, kind="eoffice", source=source)
    return job


def eoffice_remap(*, user, job: ImportJob, mapping: dict, source: str | None = None) -> ImportJob:
    """Propose the rows again under the reviewer's column mapping; remembered for the source."""
    require_manager(user)
    if job.kind != ImportJob.Kind.EOFFICE or job.state != ImportJob.State.REVIEW:
        raise ApplicationError("Lượt nhập này không ghép cột được.", code="not_in_review")
    table = job.extraction
    checked_map = eoffice.checked_mapping(mapping, len(table["headers"]))
    source = source_name(source or job.proposal.get("source"))
    job.proposal = eoffice.build_proposal(table, source=source, mapping=checked_map,
                                          agencies=job.proposal.get("agencies"))
    job.save(update_fields=["proposal", "updated_at"])
    _remember(source, table["headers"], checked_map)
    audit_event("import_mapped", job, source=source, mapping=checked_map)
    return job


def _remember(source: str, headers: list, mapping: dict) -> None:
    EofficeMapping.objects.update_or_create(source=source, defaults={"headers": headers, "mapping": mapping})


def _day(value, what: str) -> dt.date | None:
    """A day of an (edited) proposal, YYYY-MM-DD, or a refusal naming it."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ApplicationError(f"{what} không hợp lệ: «{value}» (cần dạng YYYY-MM-DD).") from None


def _doc_type(number: str) -> str:
    symbol = number.partition("/")[2].split("-")[0].upper() if "/" in number else ""
    return _SYMBOLS.get(symbol, DocumentType.CONG_VAN)


def _document(item: dict, source: str, cache: dict, is_demo: bool) -> Document:
    """The document that assigns the row's task: registered by its number, or registered now."""
    number = clean_spaces(item.get("doc_number") or "")[:64]
    key = number or f"({source})"
    if key in cache:
        return cache[key]
    title = (clean_spaces(item.get("doc_title") or "") if number else
             f"Nhiệm vụ giao qua {source} (chưa ghi số văn bản)")
    found = document_find(number=number) if number else Document.objects.filter(title=title, number="").first()
    if found is None:
        date = _day(item.get("doc_date"), f"Dòng {item.get('row')}: ngày văn bản")
        found = document_create(actor=SYSTEM, doc_type=_doc_type(number) if number else DocumentType.KHAC,
                                number=number, date=date, title=title or f"Văn bản số {number}", is_demo=is_demo)
    cache[key] = found
    return found


def _set_agencies(task: Task, resolver, item: dict, *, new: bool) -> list:
    """The row's agencies on the task: added where missing, dropped where the source no longer lists them
    (as `task_assign` writes them: a unit that leads is not also listed as coordinator)."""
    leads: list = []
    wanted: dict[tuple[int, str], object] = {}
    for role, phrases in (("lead", item.get("lead") or []), ("coordinator", item.get("coordinators") or [])):
        for phrase in phrases:
            for org, group in resolver.resolve(phrase):
                if role == "coordinator" and org in leads:
                    continue
                wanted.setdefault((org.pk, role), group)
                if role == "lead" and org not in leads:
                    leads.append(org)
    existing = {} if new else {(a.organization_id, a.role): a for a in TaskAssignment.objects.filter(task=task)}
    for (org_id, role), group in wanted.items():
        if (org_id, role) not in existing:
            TaskAssignment.objects.create(task=task, organization_id=org_id, role=role, via_group=group)
    for key, assignment in existing.items():
        if key not in wanted:
            assignment.delete()
    return leads


def _update_task(task: Task, item: dict) -> Task:
    fields = checked(item.get("deadline_text") or "", plan_date=task.document.date, empty_means_none=True,
                     what=f"Dòng {item.get('row')}: ")
    fields.update(name=clean_spaces(item["name"]), lead_text="; ".join(item.get("lead") or []),
                  coordinator_text="; ".join(item.get("coordinators") or []))
    changed = {k: v for k, v in fields.items() if getattr(task, k) != v}
    if changed:
        Task.objects.filter(pk=task.pk).update(lock_version=task.lock_version + 1, **changed)
        audit_event("task_updated_from_eoffice", task, fields=sorted(changed))
        task = Task.objects.select_related("document").get(pk=task.pk)
        task_edited.send(sender=Task, instance=task)  # saved by UPDATE: the search index follows the signal
    return task


def _record_status(task: Task, link: EofficeTaskLink, item: dict, leads: list, source: str, is_demo: bool):
    """The row's status as a progress update of the lead agency, when it changed since the last import."""
    state, status_text = item.get("state"), clean_spaces(item.get("status_text") or "")
    label = f"{status_text}|{item.get('done_on') or ''}"
    if not state or not leads or link.last_status == label:
        return None
    done_on = _day(item.get("done_on"), f"Dòng {item.get('row')}: ngày hoàn thành")
    today = timezone.localdate()
    update = ProgressUpdate.objects.create(
        task=task, organization=leads[0], reported_on=min(done_on or today, today), state=state,
        percent=100 if state == "done" else None, is_lead=True, is_demo=is_demo,
        source=f"Hệ thống điều hành ({source})"[:120],
        narrative=f"Tình trạng trên {source}: {status_text or 'Hoàn thành'}"
                  + (f" (ngày hoàn thành {done_on:%d/%m/%Y})" if done_on else "") + ".",
        no_product_reason="Hoàn thành theo hệ thống quản lý văn bản và điều hành." if state == "done" else "",
    )
    link.last_status = label
    link.save(update_fields=["last_status", "updated_at"])
    audit_event("progress_from_eoffice", update, task=task.pk, state=state, source=source)
    return update


def rows_checked(proposal: dict) -> list[dict]:
    """The rows chosen for import, each with its identifier cleaned; a row that cannot be written (no content,
    no identifier, an unknown status) refuses them all. Quick: checked in the request before a commit is
    left to the background (imports.committing)."""
    items = [t for t in proposal.get("tasks", []) if t.get("include", True)]
    for item in items:
        if not clean_spaces(item.get("name") or ""):
            raise ApplicationError(f"Dòng {item.get('row')}: nội dung nhiệm vụ không được để trống.")
        item["external_id"] = clean_spaces(str(item.get("external_id") or ""))[:255]
        if not item["external_id"]:
            raise ApplicationError(f"Dòng {item.get('row')}: thiếu mã nhiệm vụ trong hệ thống nguồn (external_id).")
        if item.get("state") not in (None, "", *ProgressUpdate.State.values):
            raise ApplicationError(f"Dòng {item.get('row')}: tình trạng «{item['state']}» không hợp lệ.")
    if not items:
        raise ApplicationError("Không có nhiệm vụ nào được chọn để nhập.")
    return items


PROGRESS_EVERY = 10  # rows between two progress reports of a background commit


@transaction.atomic
def eoffice_commit(*, user, job: ImportJob, proposal: dict, is_demo: bool = False, progress=None) -> Document:
    """Write the reviewed rows, all or nothing: tasks created or updated by identifier, agencies, statuses.
    A deadline that does not hold (unreadable, before the document's date) refuses the whole commit.
    `progress(done, total)`: told every few rows (a background commit shows it on the import page)."""
    source = source_name(proposal.get("source") or job.proposal.get("source"))  # an edited copy may omit it
    resolver = Resolver(dict(proposal.get("agencies", {})), is_demo=is_demo)
    docs: dict[str, Document] = {}
    touched: list[int] = []
    created = updated = statuses = 0
    items = rows_checked(proposal)
    for position, item in enumerate(items):
        if progress is not None and position % PROGRESS_EVERY == 0:
            progress(position, len(items))
        link = (EofficeTaskLink.objects.select_related("task__document").select_for_update(of=("self",))
                .filter(source=source, external_id=item["external_id"]).first())
        is_new = link is None
        if not is_new:
            task = _update_task(link.task, item)
            updated += 1
        else:
            doc = _document(item, source, docs, is_demo)
            try:
                task = task_create(
                    actor=SYSTEM, document=doc, name=item["name"], number=item.get("no") or "",
                    deadline_text=item.get("deadline_text") or "", lead_text="; ".join(item.get("lead") or []),
                    coordinator_text="; ".join(item.get("coordinators") or []), position=position,
                    source="eoffice", source_text=item.get("name") or "", is_demo=is_demo,
                    refresh=False)  # refreshed together below
            except DeadlineError as exc:
                raise DeadlineError(f"Dòng {item.get('row')}: {exc.message}") from exc
            link = EofficeTaskLink.objects.create(source=source, external_id=item["external_id"], task=task)
            created += 1
        leads = _set_agencies(task, resolver, item, new=is_new)
        statuses += _record_status(task, link, item, leads, source, is_demo) is not None
        touched.append(task.pk)
    if progress is not None:
        progress(len(items), len(items))
    refresh_statuses(touched)
    _after_commit_refresh()
    first = Task.objects.select_related("document").get(pk=touched[0]).document
    _remember(source, job.extraction.get("headers", []), proposal.get("mapping") or {})
    job.state, job.document, job.error = ImportJob.State.COMMITTED, first, ""
    job.rows_done = job.rows_total = len(items)
    job.proposal = {**proposal, "agencies": resolver.agencies,
                    "result": {"created": created, "updated": updated, "statuses": statuses}}
    job.save()
    audit_event("import_committed", job, kind="eoffice", source=source, created=created, updated=updated,
                statuses=statuses)
    return first


def _after_commit_refresh() -> None:
    """Derived data that new documents change (ADR 0020): the root resolutions of the cascade."""
    from giamsat.documents.roots import refresh_roots

    refresh_roots()
