"""Writes about tasks: creation and assignment, progress updates, the office's decisions."""

import datetime as dt
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import URLValidator
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from giamsat.accounts.access import acts_for, can_report_progress, require_manager
from giamsat.audit.services import audit_event, audit_record
from giamsat.core.actors import is_system, require_actor
from giamsat.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from giamsat.core.text import check_lengths, clean_spaces
from giamsat.core.uploads import check_evidence, file_sha256, safe_filename
from giamsat.tasks.deadlines import checked as checked_deadline
from giamsat.tasks.deadlines import deadline_fields  # noqa: F401 (read from here by synth)
from giamsat.tasks.given_dates import check_reported_on, check_task_date
from giamsat.tasks.models import Evidence, ProgressUpdate, SolutionGroup, Task, TaskAssignment, TaskDecision
from giamsat.tasks.selectors import TASK_NOT_FOUND, LeadUpdateRow, assignment_rows, locked_status_facts
from giamsat.tasks.summary import refresh_statuses, store_status

# Sent after `task_edit` (which writes by UPDATE, so no post_save): derived copies such as the search
# index follow it (search.signals).
task_edited = Signal()


@transaction.atomic
def task_create(*, actor, document, name: str, number: str = "", deadline_text: str = "", leads=(),
                coordinators=(), lead_text: str = "", coordinator_text: str = "", expected_product: str = "",
                section: str = "", solution_group: int | None = None, position: int = 0, parent=None,
                upstream=None, source: str = "", source_text: str = "", is_demo: bool = False,
                default_year: int | None = None, no_deadline: bool = False, refresh: bool = True) -> Task:
    """A new task. Its deadline is checked (tasks.deadlines): unreadable or before the plan's date is refused;
    an empty one is the explicit "no deadline" (what a plan gives, seen at the import's review). `refresh=False`:
    the caller refreshes the stored statuses of all it creates at once, in the same transaction (an import)."""
    if not is_system(require_actor(actor)):
        require_manager(actor)
    name = clean_spaces(name)
    if not name:
        raise ApplicationError("Tên nhiệm vụ không được để trống.")
    task = Task.objects.create(
        document=document, name=name, number=clean_spaces(number)[:20], position=position, section=section[:255],
        solution_group=solution_group, lead_text=lead_text, coordinator_text=coordinator_text,
        expected_product=expected_product, parent=parent, upstream=upstream, source=source,
        source_text=source_text, is_demo=is_demo,
        **checked_deadline(deadline_text, plan_date=document.date, no_deadline=no_deadline, empty_means_none=True,
                           default_year=default_year,
                           what=f"Nhiệm vụ {clean_spaces(number)}: " if clean_spaces(number) else ""),
    )
    task_assign(task=task, organizations=leads, role=TaskAssignment.Role.LEAD)
    task_assign(task=task, organizations=coordinators, role=TaskAssignment.Role.COORDINATOR)
    if refresh:
        refresh_statuses([task.pk])  # its first stored status, with the write (readers never write: ADR 0020)
    return task


def task_assign(*, task: Task, organizations, role: str, via_group=None) -> None:
    existing = set(task.assignments.filter(role=role).values_list("organization_id", flat=True))
    for org in organizations:
        if org.pk not in existing:
            TaskAssignment.objects.create(task=task, organization=org, role=role, via_group=via_group)
            existing.add(org.pk)


def _acting_org(user, facts: Task) -> tuple[int, bool]:
    """The organization a user reports for on this task, and whether it leads the task. `facts`: the task
    with its lead assignments (`locked_status_facts`); coordination, the rarer case, is asked of the
    database (a task given to whole groups has a hundred coordinating units)."""
    if any(acts_for(user, a.organization_id) for a in assignment_rows(facts) if a.role == TaskAssignment.Role.LEAD):
        return user.organization_id, True
    if not Task.objects.filter(pk=facts.pk).visible_to(user).exists():
        raise NotFoundError(TASK_NOT_FOUND)
    return user.organization_id, False


DONE_NEEDS_PRODUCT = ("Báo hoàn thành cần ít nhất một minh chứng (tệp hoặc đường dẫn), hoặc ghi rõ lý do không có "
                      "sản phẩm.")
EMPTY_UPDATE = ("Cập nhật trống, chưa được ghi nhận: hãy đổi tình trạng hoặc tỷ lệ hoàn thành, ghi kết quả, khó "
                "khăn, đề xuất, hoặc gửi minh chứng.")
DECISION_KINDS_TEXT = "xác nhận hoàn thành, trả lại, tạm dừng, tiếp tục, điều chỉnh thời hạn hoặc hủy bỏ"


@dataclass
class EvidenceFile:
    name: str
    # The upload as received (a Django File: in memory when small, else a temporary file on disk); it is
    # checked, hashed and stored in chunks, never read whole.
    content: File


@transaction.atomic
def progress_update_create(*, user, task: Task, state: str, percent: int | None = None, narrative: str = "",
                           difficulties: str = "", proposals: str = "", reported_on: dt.date | None = None,
                           corrects: ProgressUpdate | None = None, links: list[str] | tuple = (),
                           files: list[EvidenceFile] | tuple = (), is_demo: bool = False,
                           at: dt.datetime | None = None, no_product_reason: str = "") -> ProgressUpdate:
    """Record an update by the user's organization, with its evidence (files and links), all or nothing.

    Only lead organizations' updates move the status; coordinators' updates are contributions. `at`: when
    it is recorded (now; the demo, which replays months of history, gives its own clock). Its date bounds
    `reported_on` (tasks.given_dates).

    Refused (issue #16): a lead's "done" with no evidence file or link and no `no_product_reason`; an empty
    update (the organization's state unchanged, no text, no evidence, no new percentage).
    """
    checked_files, links = _checked_evidence(files, links)
    no_product_reason = (no_product_reason or "").strip()
    check_lengths({"Kết quả thực hiện": narrative, "Khó khăn, vướng mắc": difficulties,
                   "Đề xuất, kiến nghị": proposals, "Lý do không có sản phẩm": no_product_reason})
    if not can_report_progress(user):  # before any lock
        raise PermissionDeniedError("Chỉ cơ quan chủ trì hoặc phối hợp mới cập nhật tiến độ nhiệm vụ.")
    if state not in ProgressUpdate.State.values:
        raise ApplicationError("Tình trạng không hợp lệ.")
    if percent is not None and not 0 <= percent <= 100:
        raise ApplicationError("Tỷ lệ hoàn thành phải từ 0 đến 100.")
    if state == ProgressUpdate.State.DONE and percent is None:
        percent = 100
    at = at or timezone.now()
    today = timezone.localdate(at)
    reported_on = reported_on or today
    facts = locked_status_facts(task.pk)
    if facts is None:
        raise NotFoundError(TASK_NOT_FOUND)
    org_id, is_lead = _acting_org(user, facts)
    check_reported_on(reported_on, task_id=task.pk, today=today)
    if corrects is not None and (corrects.task_id != task.pk or corrects.organization_id != org_id):
        raise ApplicationError("Chỉ đính chính được cập nhật của chính đơn vị mình trên nhiệm vụ này.")
    has_evidence = bool(checked_files or links)
    if is_lead and state == ProgressUpdate.State.DONE and not has_evidence and not no_product_reason:
        raise ApplicationError(DONE_NEEDS_PRODUCT, code="evidence_required")
    texts = any(t.strip() for t in (narrative, difficulties, proposals, no_product_reason))
    if not (texts or has_evidence or corrects is not None):
        previous = (ProgressUpdate.objects.filter(task_id=task.pk, organization_id=org_id)
                    .order_by("-reported_on", "-id").values_list("state", "percent").first())
        before_state, before_percent = previous or (ProgressUpdate.State.NOT_STARTED, None)
        if state == before_state and (percent is None or percent == before_percent):
            raise ApplicationError(EMPTY_UPDATE, code="empty_update")
    update = ProgressUpdate.objects.create(
        task=task, organization_id=org_id, author=user, reported_on=reported_on, state=state, percent=percent,
        narrative=narrative.strip(), difficulties=difficulties.strip(), proposals=proposals.strip(),
        is_lead=is_lead, corrects=corrects, is_demo=is_demo, created_at=at, no_product_reason=no_product_reason,
    )
    update.evidence_items = []  # what the caller shows of it, without asking the database again
    for upload, content_type, ext in checked_files:
        name = safe_filename(upload.name)
        if not name.lower().endswith(ext):
            name = os.path.splitext(name)[0] + ext  # the stored name tells the truth about the content
        evidence = Evidence(update=update, filename=name, content_type=content_type, size=upload.content.size,
                            sha256=file_sha256(upload.content))
        evidence.file.save(name, upload.content, save=False)
        evidence.save()
        update.evidence_items.append(evidence)
    for link in links:
        update.evidence_items.append(Evidence.objects.create(update=update, link=link))
    if is_lead:  # the status reads lead updates only: a coordinator's contribution cannot change it
        facts.lead_updates.append(LeadUpdateRow(update.pk, org_id, reported_on, state))
        store_status(facts)
    return update


def _checked_evidence(files, links) -> tuple[list, list[str]]:
    """The files with their (content type, extension), and the links, after every check on them; caps first,
    so a request with thousands of links is refused before any is validated (ADR 0016)."""
    links = [link.strip() for link in links if link and link.strip()]
    most_links, most_files = settings.GIAMSAT_MAX_LINKS_PER_UPDATE, settings.GIAMSAT_MAX_FILES_PER_UPDATE
    if len(links) > most_links:
        raise ApplicationError(f"Một lần cập nhật có tối đa {most_links} đường dẫn minh chứng "
                               f"(đã gửi {len(links)}).", code="too_many_links")
    if len(files) > most_files:
        raise ApplicationError(f"Một lần cập nhật có tối đa {most_files} tệp minh chứng "
                               f"(đã gửi {len(files)}).", code="too_many_files")
    checked = [(f, *check_evidence(f.content, max_bytes=settings.GIAMSAT_MAX_EVIDENCE_BYTES)) for f in files]
    for link in links:
        _check_link(link)
    return checked, links


def _check_link(link: str) -> None:
    validator = URLValidator(schemes=["http", "https"])
    try:
        validator(link)
    except ValidationError as exc:
        raise ApplicationError(f"Đường dẫn minh chứng không hợp lệ: {link[:100]}") from exc


def lock_task(task: Task) -> None:
    """Lock the task's row until the transaction ends, before the first audited write.

    Every writer of a task takes its row lock first and the audit chain's lock (at its first audited write)
    second: the edit does (select_for_update), updates and decisions do through this. In the other order an
    update (chain lock, then the status row) and an edit of the same task (row, then chain) could deadlock.
    It also makes the status refreshed at the end read the other writers' committed updates."""
    list(Task.objects.select_for_update().filter(pk=task.pk).order_by().values_list("pk", flat=True))


@transaction.atomic
def task_decide(*, user, task: Task, kind: str, note: str = "", new_due_date: dt.date | None = None,
                decision_document=None, decided_on: dt.date | None = None,
                without_evidence: bool = False) -> TaskDecision:
    """An office decision. Each needs a reason (`note`); confirming "done" when no lead update carries
    evidence needs `without_evidence` ticked, and is recorded as such (issue #16)."""
    require_manager(user)
    if not kind:
        raise ApplicationError(f"Chưa chọn quyết định: {DECISION_KINDS_TEXT}.", code="empty_decision")
    if kind not in TaskDecision.Kind.values:
        raise ApplicationError("Quyết định không hợp lệ.")
    check_lengths({"Lý do": note})
    if kind == TaskDecision.Kind.ADJUSTED and new_due_date is None:
        raise ApplicationError("Điều chỉnh thời hạn cần có thời hạn mới.")
    if not note.strip():
        raise ApplicationError("Cần nêu lý do của quyết định (và số, ngày văn bản nếu có).", code="reason_required")
    decided_on = decided_on or timezone.localdate()
    check_task_date(decided_on, task_id=task.pk, today=timezone.localdate(), what="Ngày quyết định")
    lock_task(task)
    if kind == TaskDecision.Kind.DONE:
        evidenced = Evidence.objects.filter(update__task_id=task.pk, update__is_lead=True).exists()
        if not evidenced and not without_evidence:
            raise ApplicationError(
                "Nhiệm vụ chưa có minh chứng nào của cơ quan chủ trì: muốn xác nhận hoàn thành, đánh dấu "
                "«Xác nhận hoàn thành không có minh chứng» và nêu lý do.", code="evidence_required")
        without_evidence = not evidenced
    else:
        without_evidence = False
    decision = TaskDecision.objects.create(
        task=task, kind=kind, note=note.strip(), new_due_date=new_due_date, decision_document=decision_document,
        decided_on=decided_on, decided_by=user, without_evidence=without_evidence,
    )
    audit_event(f"task_{kind}", task, note=note, new_due_date=new_due_date, without_evidence=without_evidence)
    refresh_statuses([task.pk])
    return decision


EDITABLE_FIELDS = {
    "number": "Số thứ tự", "name": "Tên nhiệm vụ", "deadline_text": "Thời hạn", "expected_product": "Sản phẩm",
    "solution_group": "Nhóm giải pháp", "section": "Nhóm, mục", "no_deadline": "Không có thời hạn",
}


class ConflictError(ApplicationError):
    """Someone saved the same task meanwhile; `changes` says what they changed (field → (theirs, yours))."""

    status = 409

    def __init__(self, changes: dict):
        listing = "; ".join(f"{EDITABLE_FIELDS.get(k, k)}: “{v[0]}”" for k, v in changes.items())
        super().__init__(
            "Nhiệm vụ vừa được người khác sửa trong lúc bạn chỉnh sửa; thay đổi của bạn CHƯA được lưu. "
            f"Nội dung hiện tại: {listing or 'không đổi các trường bạn sửa'}. Hãy xem lại rồi lưu lần nữa.",
            code="conflict", extra={"changes": changes})
        self.changes = changes


@transaction.atomic
def task_edit(*, user, task: Task, lock_version: int, **changes) -> Task:
    """Edit a task's text fields, only if nobody saved it since `lock_version` was read."""
    require_manager(user)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    if "name" in changes and not clean_spaces(changes["name"] or ""):
        raise ApplicationError("Tên nhiệm vụ không được để trống.")
    # An empty text field is "" (the columns hold no NULL): an API client may send null for "clear it".
    changes = {k: ("" if v is None and k not in {"solution_group", "no_deadline"} else v)
               for k, v in changes.items()}
    if changes.get("no_deadline") is None:
        changes.pop("no_deadline", None)
    check_lengths({EDITABLE_FIELDS[k]: v for k, v in changes.items() if isinstance(v, str)})
    if changes.get("solution_group") is not None and changes["solution_group"] not in SolutionGroup.values:
        raise ApplicationError("Nhóm giải pháp không hợp lệ.")
    current = Task.objects.select_for_update().get(pk=task.pk)
    if current.lock_version != lock_version:
        # What the fields the user edits hold now, where that differs from what the user typed.
        theirs = {k: (getattr(current, k), v) for k, v in changes.items() if getattr(current, k) != v}
        raise ConflictError(theirs)
    values = dict(changes)
    if "deadline_text" in values or "no_deadline" in values:
        # Unreadable, before the plan's date, or empty without the explicit choice: refused (tasks.deadlines).
        values.update(checked_deadline(values.get("deadline_text", current.deadline_text) or "",
                                       plan_date=current.document.date,
                                       no_deadline=values.get("no_deadline", False)))
    # The compare-and-set in the WHERE clause is what protects against a concurrent writer.
    updated = Task.objects.filter(pk=current.pk, lock_version=lock_version).update(
        lock_version=lock_version + 1, **values)
    if not updated:  # pragma: no cover - select_for_update makes this unreachable on PostgreSQL
        raise ConflictError({})
    refresh_statuses([current.pk])
    fresh = Task.objects.get(pk=current.pk)
    audit_record(action="update", object_type="tasks.task", object_id=fresh.pk, object_repr=str(fresh),
                 before={k: getattr(current, k) for k in values}, after={k: getattr(fresh, k) for k in values})
    task_edited.send(sender=Task, instance=fresh)  # saved by UPDATE: no post_save for the copies to follow
    return fresh


@transaction.atomic
def alert_rule_set(*, user, yellow_days: int, special_red_days: int):
    """The office edits the alert levels' rule (one row; audited by the audit app's signals)."""
    from giamsat.tasks.alerts import current_rule

    require_manager(user)
    if not 0 <= yellow_days <= 90 or not 1 <= special_red_days <= 365:
        raise ApplicationError("Số ngày không hợp lệ: vàng từ 0 đến 90 ngày, đỏ đặc biệt từ 1 đến 365 ngày.")
    rule = current_rule()
    rule.yellow_days, rule.special_red_days = yellow_days, special_red_days
    rule.save()  # nothing stored depends on it: lists and figures read the rule when shown
    return rule
