"""Writes about outreach activities: one activity (page, API), an XLSX sheet of them (all or nothing), a
deletion. The row history audits each; the import adds an event."""

import datetime as dt
import os
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from giamsat.accounts.access import acts_for, can_record_outreach
from giamsat.audit.services import audit_event
from giamsat.core.errors import ApplicationError, PermissionDeniedError
from giamsat.core.text import clean_spaces
from giamsat.core.uploads import check_evidence, file_sha256, safe_filename
from giamsat.outreach.models import DEFAULT_CHANNELS, OutreachActivity, OutreachChannel
from giamsat.tasks.models import Task

MAX_QUANTITY = 1_000_000
MAX_REACH = 1_000_000_000


@dataclass
class EvidenceUpload:
    name: str
    content: File


@dataclass
class ActivityInput:
    """One activity as given (a form, the API, a row of the sheet), before any check."""

    channel: str
    title: str
    date: dt.date | None
    quantity: int | None = 1
    reach: int | None = None
    link: str = ""
    task: int | None = None


def ensure_default_channels() -> None:
    """The plans' channels, when the list is empty: the migration seeds them, but a database emptied
    table by table (a restore into a fresh instance, tests that flush) has none until the first write."""
    if not OutreachChannel.objects.exists():
        OutreachChannel.objects.bulk_create([OutreachChannel(code=code, name=name, position=position)
                                             for position, (code, name) in enumerate(DEFAULT_CHANNELS, start=1)])


def channel_of(value) -> OutreachChannel:
    """A channel by its code or its name (as the sheet writes it), among the channels in use."""
    if isinstance(value, OutreachChannel):
        return value
    text = clean_spaces(str(value or ""))
    ensure_default_channels()
    found = (OutreachChannel.objects.filter(is_active=True, code=text).first()
             or OutreachChannel.objects.filter(is_active=True, name__iexact=text).first())
    if found is None:
        raise ApplicationError(f"Kênh “{text[:60]}” không có trong danh mục kênh tuyên truyền.", code="channel")
    return found


def _require_recorder(user):
    if not can_record_outreach(user):
        raise PermissionDeniedError("Chỉ cơ quan, đơn vị ghi nhận hoạt động tuyên truyền của mình.")


def checked(user, data: ActivityInput, *, today: dt.date | None = None) -> dict:
    """The model's fields for `data`, or ApplicationError with the first problem (Vietnamese)."""
    today = today or timezone.localdate()
    title = clean_spaces(data.title)
    if not title:
        raise ApplicationError("Thiếu tiêu đề, nội dung hoạt động.", code="required")
    if len(title) > 500:
        raise ApplicationError("Tiêu đề quá dài: tối đa 500 ký tự.", code="too_long")
    if data.date is None:
        raise ApplicationError("Thiếu ngày thực hiện (dd/mm/yyyy).", code="required")
    if data.date > today or data.date.year < 2000:
        raise ApplicationError("Ngày thực hiện phải từ năm 2000 đến hôm nay.", code="date")
    quantity = 1 if data.quantity is None else data.quantity
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ApplicationError("Số lượng phải là số nguyên từ 1 đến 1.000.000.", code="quantity")
    if data.reach is not None and not 0 <= data.reach <= MAX_REACH:
        raise ApplicationError("Số người, lượt tiếp cận phải là số nguyên không âm.", code="reach")
    link = (data.link or "").strip()
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError as exc:
            raise ApplicationError("Đường dẫn không hợp lệ (phải bắt đầu bằng http:// hoặc https://).",
                                   code="link") from exc
    task = None
    if data.task:
        task = Task.objects.visible_to(user).filter(pk=data.task).first()
        if task is None:
            raise ApplicationError(f"Không tìm thấy nhiệm vụ số {data.task} trong các nhiệm vụ của đơn vị.",
                                   code="task")
    return {"channel": channel_of(data.channel), "title": title, "date": data.date, "quantity": quantity,
            "reach": data.reach, "link": link, "task": task, "document_id": task.document_id if task else None}


@transaction.atomic
def outreach_create(*, user, data: ActivityInput, evidence: EvidenceUpload | None = None, organization=None,
                    is_demo: bool = False) -> OutreachActivity:
    _require_recorder(user)
    org_id = organization.pk if organization is not None else user.organization_id
    if not acts_for(user, org_id):
        raise PermissionDeniedError("Chỉ ghi nhận hoạt động của đơn vị mình.")
    fields = checked(user, data)
    evidence_fields = {}
    if evidence is not None:
        content_type, ext = check_evidence(evidence.content, max_bytes=settings.GIAMSAT_MAX_EVIDENCE_BYTES)
        evidence.content.seek(0)
        sha = file_sha256(evidence.content)
        evidence.content.seek(0)
        evidence_fields = {"evidence_sha256": sha,
            "evidence": File(evidence.content, name=f"{secrets.token_hex(8)}{ext}"),
            "evidence_name": os.path.splitext(safe_filename(evidence.name))[0] + ext, "evidence_type": content_type,
        }
    return OutreachActivity.objects.create(organization_id=org_id, created_by=user, is_demo=is_demo,
                                           **fields, **evidence_fields)


@transaction.atomic
def outreach_import(*, user, rows: list[tuple[int, ActivityInput]]) -> list[OutreachActivity]:
    """Every row checked first; one problem anywhere and nothing is written (messages name each row)."""
    _require_recorder(user)
    problems, good = [], []
    today = timezone.localdate()
    for line, data in rows:
        try:
            good.append(checked(user, data, today=today))
        except ApplicationError as exc:
            problems.append(f"Dòng {line}: {exc.message}")
    if problems:
        shown = problems[:20] + ([f"… và {len(problems) - 20} dòng khác."] if len(problems) > 20 else [])
        raise ApplicationError("Chưa nhập dòng nào. " + " ".join(shown), code="invalid_rows",
                               extra={"problems": problems})
    if not good:
        raise ApplicationError("Bảng tính không có dòng hoạt động nào.", code="empty")
    created = [OutreachActivity.objects.create(organization_id=user.organization_id, created_by=user, **fields)
               for fields in good]
    audit_event("outreach_imported", user.organization, rows=len(created))
    return created


@transaction.atomic
def outreach_delete(*, user, activity: OutreachActivity) -> None:
    _require_recorder(user)
    if not acts_for(user, activity.organization_id):
        raise PermissionDeniedError("Chỉ xóa được hoạt động của đơn vị mình.")
    activity.delete()
