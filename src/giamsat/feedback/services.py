"""Writes about feedback: submission (public or from inside), the office's triage, the agency's answer,
publication. Each write is audited (row history, plus an event for each step); each refusal an
ApplicationError."""

import datetime as dt
import os
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import File
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from giamsat.accounts.access import (
    AGENCY_USERS,
    OFFICE_USERS,
    can_answer_feedback,
    can_file_feedback_inside,
    can_triage_feedback,
    is_active_user,
)
from giamsat.accounts.models import User
from giamsat.audit.services import audit_event
from giamsat.core.dates import add_working_days
from giamsat.core.errors import ApplicationError, PermissionDeniedError
from giamsat.core.mail import mail_configured
from giamsat.core.text import clean_spaces, nfc
from giamsat.core.uploads import check_evidence, file_sha256, safe_filename
from giamsat.documents.models import Document
from giamsat.feedback import conf
from giamsat.feedback.models import Feedback, FeedbackFile
from giamsat.feedback.throttle import check_honeypot, check_rate
from giamsat.notify.dispatch import notify
from giamsat.organizations.models import Organization
from giamsat.tasks.models import Task

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the telephone
OPEN_STATES = {Feedback.State.RECEIVED, Feedback.State.ROUTED}


@dataclass
class AttachedFile:
    name: str
    content: File  # the upload as received; checked, hashed and stored in chunks


def new_tracking_code() -> str:
    while True:
        code = "PA" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if not Feedback.objects.filter(tracking_code=code).exists():
            return code


def _checked_files(files) -> list:
    most = conf.get("GIAMSAT_FEEDBACK_MAX_FILES")
    if len(files) > most:
        raise ApplicationError(f"Gửi kèm tối đa {most} tệp (đã chọn {len(files)}).", code="too_many_files")
    return [(f, *check_evidence(f.content, max_bytes=settings.GIAMSAT_MAX_EVIDENCE_BYTES)) for f in files]


def _store_files(feedback: Feedback, checked, *, is_answer: bool) -> None:
    for f, content_type, ext in checked:
        name = safe_filename(f.name)
        stem = os.path.splitext(name)[0]
        f.content.seek(0)
        sha = file_sha256(f.content)
        f.content.seek(0)
        FeedbackFile.objects.create(
            feedback=feedback, is_answer=is_answer, filename=stem + ext, content_type=content_type,
            size=f.content.size, sha256=sha, file=File(f.content, name=f"{secrets.token_hex(8)}{ext}"),
        )


def _text(value: str, label: str, *, required: bool, limit: int) -> str:
    value = nfc(value or "").strip()
    if required and not value:
        raise ApplicationError(f"Vui lòng nhập {label}.", code="required")
    if len(value) > limit:
        shown = f"{limit:,}".replace(",", ".")
        raise ApplicationError(f"Mục “{label}” quá dài: tối đa {shown} ký tự.", code="too_long")
    return value


def _linked(document_id, task_id) -> tuple[Document | None, Task | None]:
    """A public submission may point to a published document, or a task of one; nothing else is named."""
    document = task = None
    if document_id:
        document = Document.objects.filter(pk=document_id, is_published=True).first()
        if document is None:
            raise ApplicationError("Không tìm thấy văn bản đã công khai được nêu.", code="invalid_link")
    if task_id:
        task = Task.objects.filter(pk=task_id, document__is_published=True).select_related("document").first()
        if task is None:
            raise ApplicationError("Không tìm thấy nhiệm vụ đã công khai được nêu.", code="invalid_link")
        document = document or task.document
    return document, task


def feedback_submit(*, user, kind: str, subject: str, content: str, name: str = "", contact: str = "",
                    document_id: int | None = None, task_id: int | None = None, files=(), address: str = "",
                    honeypot: str = "", is_demo: bool = False) -> Feedback:
    """A submission: from the public form (anonymous, rate-limited per address) or from an agency's user
    (their organization is the sender). Everything is checked before anything is written."""
    inside = is_active_user(user)
    if inside and not can_file_feedback_inside(user):
        raise PermissionDeniedError("Cơ quan theo dõi tiếp nhận phản ánh; hãy dùng chức năng phân loại, xử lý.")
    check_honeypot(honeypot)
    if kind not in Feedback.Kind.values:
        raise ApplicationError("Vui lòng chọn loại: phản ánh, kiến nghị hoặc sáng kiến.", code="invalid_kind")
    subject = clean_spaces(_text(subject, "tiêu đề", required=True, limit=255))
    content = _text(content, "nội dung", required=True, limit=conf.get("GIAMSAT_FEEDBACK_MAX_CHARS"))
    name = clean_spaces(_text(name, "họ tên", required=False, limit=255))
    contact = clean_spaces(_text(contact, "thông tin liên hệ", required=False, limit=255))
    document, task = _linked(document_id, task_id)
    checked = _checked_files(list(files))
    if not inside and not is_demo:
        check_rate(address)  # last: a refused form does not use up the address's quota
    with transaction.atomic():
        item = Feedback.objects.create(
            tracking_code=new_tracking_code(), kind=kind, subject=subject, content=content,
            submitter_name=name, submitter_contact=contact, document=document, task=task, is_demo=is_demo,
            submitter_user=user if inside else None,
            submitter_organization_id=user.organization_id if inside else None,
        )
        _store_files(item, checked, is_answer=False)
        audit_event("feedback_received", item, kind=kind, inside=inside, files=len(checked))
    if _is_email(contact) and mail_configured() and not is_demo:
        transaction.on_commit(lambda: _mail_code(item, contact))
    return item


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except Exception:
        return False
    return True


def _mail_code(item: Feedback, address: str) -> None:
    lookup = f"{getattr(settings, 'GIAMSAT_BASE_URL', '').rstrip('/')}{reverse('feedback:public_lookup')}"
    body = (
        f"Hệ thống đã tiếp nhận {item.get_kind_display().lower()} “{item.subject}” ngày "
        f"{timezone.localdate(item.created_at):%d/%m/%Y}.\n\n"
        f"Mã tra cứu: {item.tracking_code}\n\nTra cứu tình trạng xử lý tại: {lookup}?ma={item.tracking_code}\n\n"
        "Thư này do hệ thống giamsat gửi tự động."
    )
    try:
        send_mail(f"[giamsat] Mã tra cứu phản ánh {item.tracking_code}", body, settings.DEFAULT_FROM_EMAIL,
                  [address], fail_silently=False)
    except Exception:  # noqa: BLE001 — the code is shown on the page too; a mail failure loses nothing
        pass


def default_answer_due(kind: str, start: dt.date | None = None) -> dt.date:
    return add_working_days(start or timezone.localdate(), conf.answer_days(kind), conf.holidays())


def _require_triage(user) -> None:
    if not can_triage_feedback(user):
        raise PermissionDeniedError("Chỉ cơ quan theo dõi phân loại, chuyển xử lý phản ánh.")


@transaction.atomic
def feedback_route(*, user, feedback: Feedback, agencies, kind: str | None = None,
                   answer_due: dt.date | None = None) -> list[Feedback]:
    """Classify and route to one agency, or split to several (each further agency answers its own part).
    Routing again (a reassignment) replaces the agency and resets the urging."""
    _require_triage(user)
    agencies = list(dict.fromkeys(agencies))
    if not agencies:
        raise ApplicationError("Chọn ít nhất một cơ quan xử lý.", code="required")
    if feedback.state not in OPEN_STATES:
        raise ApplicationError("Phản ánh đã trả lời, đã gộp hoặc không tiếp nhận: không chuyển được nữa.")
    if kind is not None and kind not in Feedback.Kind.values:
        raise ApplicationError("Loại phản ánh không hợp lệ.")
    kind = kind or feedback.kind
    today = timezone.localdate()
    due = answer_due or default_answer_due(kind, today)
    if due < today:
        raise ApplicationError("Hạn trả lời không được trước hôm nay.")
    reassigned = feedback.routed_to_id is not None and feedback.routed_to_id != agencies[0].pk
    parts = [feedback]
    for item, agency in [(feedback, agencies[0])]:
        item.kind, item.routed_to, item.answer_due = kind, agency, due
        item.state, item.routed_at = Feedback.State.ROUTED, timezone.now()
        item.reassign_reason, item.reassign_requested_at = "", None
        item.reminder_level, item.reminded_at = 0, None
        item.save()
    existing = list(feedback.parts.values_list("routed_to_id", "tracking_code"))
    known = {org_id for org_id, _ in existing}
    n = max([int(code.rsplit("-", 1)[1]) for _, code in existing] + [1])  # parts are -2, -3 …
    for agency in agencies[1:]:
        if agency.pk in known:
            continue
        n += 1
        parts.append(Feedback.objects.create(
            tracking_code=f"{feedback.tracking_code}-{n}", parent=feedback, kind=kind,
            subject=feedback.subject, content=feedback.content, document=feedback.document, task=feedback.task,
            submitter_user=feedback.submitter_user, submitter_organization=feedback.submitter_organization,
            routed_to=agency, answer_due=due, state=Feedback.State.ROUTED, routed_at=timezone.now(),
            is_demo=feedback.is_demo,
        ))
    audit_event("feedback_reassigned" if reassigned else "feedback_routed", feedback,
                agencies=[a.pk for a in agencies], answer_due=due.isoformat())
    for part in parts:
        _notify_agency(part, f"Phản ánh {part.tracking_code} chuyển đơn vị trả lời, hạn {due:%d/%m/%Y}")
    return parts


def _notify_agency(item: Feedback, message: str) -> None:
    users = User.objects.filter(AGENCY_USERS, organization_id=item.routed_to_id)
    notify(users, "feedback", message, reverse("feedback:detail", args=[item.pk]))  # the chosen channels


@transaction.atomic
def feedback_merge(*, user, feedback: Feedback, into: Feedback) -> Feedback:
    """A duplicate is closed into the item that is answered; its code then shows that item's progress."""
    _require_triage(user)
    if into.pk == feedback.pk or into.state == Feedback.State.MERGED:
        raise ApplicationError("Chọn một phản ánh khác, chưa bị gộp, để gộp vào.")
    if feedback.state not in OPEN_STATES:
        raise ApplicationError("Chỉ gộp được phản ánh đang chờ xử lý.")
    feedback.state, feedback.duplicate_of = Feedback.State.MERGED, into
    feedback.save()
    audit_event("feedback_merged", feedback, into=into.tracking_code)
    return feedback


@transaction.atomic
def feedback_reject(*, user, feedback: Feedback, reason: str) -> Feedback:
    _require_triage(user)
    reason = _text(reason, "lý do không tiếp nhận", required=True, limit=2000)
    if feedback.state not in OPEN_STATES:
        raise ApplicationError("Chỉ từ chối được phản ánh đang chờ xử lý.")
    feedback.state, feedback.reject_reason = Feedback.State.REJECTED, reason
    feedback.save()
    audit_event("feedback_rejected", feedback, reason=reason)
    return feedback


@transaction.atomic
def feedback_answer(*, user, feedback: Feedback, answer: str, files=()) -> Feedback:
    if not can_answer_feedback(user, feedback):
        raise PermissionDeniedError("Chỉ cơ quan được giao xử lý mới trả lời phản ánh này.")
    answer = _text(answer, "nội dung trả lời", required=True, limit=settings.GIAMSAT_MAX_TEXT_CHARS)
    if feedback.state not in {Feedback.State.ROUTED, Feedback.State.ANSWERED} or feedback.is_public:
        raise ApplicationError("Phản ánh không ở trạng thái chờ trả lời (hoặc câu trả lời đã công khai).")
    checked = _checked_files(list(files))
    first = feedback.answered_at is None
    feedback.answer, feedback.state, feedback.answered_by = answer, Feedback.State.ANSWERED, user
    if first:
        feedback.answered_at = timezone.now()
    feedback.save()
    _store_files(feedback, checked, is_answer=True)
    audit_event("feedback_answered", feedback, files=len(checked), corrected=not first)
    return feedback


@transaction.atomic
def feedback_request_reassign(*, user, feedback: Feedback, reason: str) -> Feedback:
    """The agency says the item is not its own; the office is notified and routes it again."""
    if not can_answer_feedback(user, feedback):
        raise PermissionDeniedError("Chỉ cơ quan được giao xử lý mới đề nghị chuyển phản ánh này.")
    if feedback.state != Feedback.State.ROUTED:
        raise ApplicationError("Chỉ đề nghị chuyển được phản ánh đang chờ trả lời.")
    feedback.reassign_reason = _text(reason, "lý do đề nghị chuyển", required=True, limit=2000)
    feedback.reassign_requested_at = timezone.now()
    feedback.save()
    audit_event("feedback_reassign_requested", feedback, reason=feedback.reassign_reason)
    notify(User.objects.filter(OFFICE_USERS), "feedback",
           f"{feedback.routed_to} đề nghị chuyển phản ánh {feedback.tracking_code} cho cơ quan khác",
           reverse("feedback:detail", args=[feedback.pk]))
    return feedback


@transaction.atomic
def feedback_publish(*, user, feedback: Feedback, public: bool = True) -> Feedback:
    """The office decides which answers the public page shows (the question with it, no personal data)."""
    _require_triage(user)
    if public and feedback.state not in {Feedback.State.ANSWERED, Feedback.State.CLOSED}:
        raise ApplicationError("Chỉ công khai được phản ánh đã có câu trả lời.")
    feedback.is_public = public
    feedback.published_at = timezone.now() if public else None
    if public:
        feedback.state = Feedback.State.CLOSED
    feedback.save()
    audit_event("feedback_published" if public else "feedback_unpublished", feedback)
    return feedback


def agencies_named(ids) -> list[Organization]:
    """The organizations of `ids`, in the order given (the first answers the item itself)."""
    found = Organization.objects.in_bulk([int(i) for i in ids])
    missing = [i for i in ids if int(i) not in found]
    if missing:
        raise ApplicationError("Không tìm thấy cơ quan xử lý đã chọn.")
    return [found[int(i)] for i in ids]
