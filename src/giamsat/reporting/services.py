"""Writes of the reporting cycle: agencies' reports (draft → approved → sent). Opening and closing periods:
`reporting.period_services`.

State machine of a report (docs/dev/reporting.md):

    draft --approve (head)--> approved --send (head)--> sent (locked)
      ^                          |                         |
      +---- edit (back to draft)-+                         +--correct--> new version (draft, previous=sent)

Every write checks the user's rights through accounts.access, refuses a closed period, and is recorded in
the audit log (row history by the audit signals; domain events by `audit_event`).
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from giamsat.accounts.access import OFFICE_USERS, acts_for, can_approve_reports, can_edit_reports, sees_all
from giamsat.audit.models import AuditEntry
from giamsat.audit.services import audit_event
from giamsat.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from giamsat.core.text import check_lengths
from giamsat.reporting.models import Notification, Report, ReportingPeriod
from giamsat.reporting.prefill import report_prefill
from giamsat.reporting.reporters import period_reporter_ids
from giamsat.reporting.selectors import period_is_open

TEXT_FIELDS = {
    "results": "Kết quả đạt được",
    "shortcomings": "Tồn tại, hạn chế, nguyên nhân",
    "next_tasks": "Nhiệm vụ kỳ tới",
    "proposals": "Đề xuất, kiến nghị",
    "nothing_to_report": "Không phát sinh",
}


class ReportConflictError(ApplicationError):
    """Someone saved the report after the user opened it: nothing is overwritten (optimistic locking)."""

    status = 409

    def __init__(self, message: str, *, current: Report, changes: list[dict]):
        super().__init__(
            message,
            code="conflict",
            extra={
                "lock_version": current.lock_version,
                "changes": changes,
            },
        )
        self.current = current
        self.changes = changes


# ------------------------------------------------------------------------------------------------ reports


def _require_open(period: ReportingPeriod, today: dt.date | None = None) -> None:
    if not period_is_open(period, today):
        raise ApplicationError(
            f"Kỳ báo cáo {period.label} đã khóa sổ: không thể lập, sửa hay gửi báo cáo của kỳ này. "
            "Liên hệ cơ quan theo dõi nếu cần mở lại kỳ.",
            code="period_closed",
        )


def _require_own(user, report: Report) -> None:
    if not acts_for(user, report.organization_id):
        # Read-all roles see the report but never write it; others do not even learn that it exists.
        if sees_all(user):
            raise PermissionDeniedError("Chỉ cơ quan, đơn vị báo cáo mới sửa, duyệt, gửi báo cáo của mình.")
        raise NotFoundError("Không tìm thấy báo cáo hoặc bạn không có quyền xem.")


def _require_latest(report: Report) -> None:
    if Report.objects.filter(
        period_id=report.period_id, organization_id=report.organization_id, version__gt=report.version
    ).exists():
        raise ApplicationError("Đây không phải phiên bản mới nhất của báo cáo; hãy mở phiên bản mới nhất.")


@transaction.atomic
def report_get_or_create_draft(
    *, user, period: ReportingPeriod, at: dt.datetime | None = None, is_demo: bool | None = None
) -> Report:
    """The user's organization's report for the period: the latest version, or a new draft pre-filled
    from its progress updates in the period."""
    if not can_edit_reports(user):
        raise PermissionDeniedError("Chỉ cán bộ đầu mối hoặc lãnh đạo cơ quan, đơn vị lập báo cáo.")
    org = user.organization
    if org.pk not in period_reporter_ids([period]).get(period.pk, set()):
        raise PermissionDeniedError(
            f"{org.display_name} không thuộc diện gửi báo cáo {period.label} theo chế độ này."
        )
    existing = Report.objects.filter(period=period, organization=org).order_by("-version").first()
    if existing is not None:
        return existing
    today = timezone.localdate(at) if at else None
    _require_open(period, today)
    content = report_prefill(period, org)
    try:
        with transaction.atomic():
            report = Report(
                period=period,
                organization=org,
                updated_by=user,
                is_demo=org.is_demo if is_demo is None else is_demo,
                **content,
            )
            report.save()
    except IntegrityError:  # a colleague created it at the same moment: use theirs
        return Report.objects.filter(period=period, organization=org).order_by("-version").first()
    return report  # its creation is in the audit log as a row; approve and send are the domain events


def _changes_since(report: Report, lock_version: int) -> list[dict]:
    """What others changed after `lock_version`, from the audit log: field, label, who, when, value now."""
    entries = AuditEntry.objects.filter(
        object_type="reporting.report", object_id=str(report.pk), action=AuditEntry.Action.UPDATE
    ).order_by("id")
    changed: dict[str, dict] = {}
    for entry in entries:
        after = entry.after or {}
        if after.get("lock_version", 0) <= lock_version:
            continue
        for name in after:
            if name in TEXT_FIELDS or name == "state":
                changed[name] = {"by": entry.actor_label, "at": entry.at}
    out = []
    for name, info in changed.items():
        value = getattr(report, name)
        label = TEXT_FIELDS.get(name, "Trạng thái")
        if name == "state":
            value = report.get_state_display()
        out.append(
            {"field": name, "label": label, "by": info["by"], "at": info["at"].isoformat(), "value": value}
        )
    return out


def _check_lock(report: Report, lock_version: int | None) -> Report:
    """Re-read the row under lock and refuse when it moved since the user read `lock_version`."""
    current = Report.objects.select_for_update().select_related("period", "organization").get(pk=report.pk)
    if lock_version is not None and current.lock_version != lock_version:
        changes = _changes_since(current, lock_version)
        names = ", ".join(c["label"] for c in changes) or "nội dung"
        who = ", ".join(dict.fromkeys(c["by"] for c in changes)) or "người khác"
        raise ReportConflictError(
            f"Báo cáo vừa được {who} thay đổi sau khi bạn mở (mục: {names}). "
            "Nội dung của bạn CHƯA được lưu và "
            "không ghi đè lên bản của họ; hãy xem bản hiện tại dưới đây rồi sửa lại.",
            current=current,
            changes=changes,
        )
    return current


@transaction.atomic
def report_update(
    *,
    user,
    report: Report,
    lock_version: int,
    results: str | None = None,
    shortcomings: str | None = None,
    next_tasks: str | None = None,
    proposals: str | None = None,
    nothing_to_report: bool | None = None,
) -> Report:
    """The focal point edits a draft. Editing an approved report sends it back to draft (approve again)."""
    if not can_edit_reports(user):
        raise PermissionDeniedError("Chỉ cán bộ đầu mối hoặc lãnh đạo cơ quan, đơn vị sửa báo cáo.")
    _require_own(user, report)
    values = {
        "results": results,
        "shortcomings": shortcomings,
        "next_tasks": next_tasks,
        "proposals": proposals,
    }
    check_lengths({TEXT_FIELDS[name]: value for name, value in values.items()})
    current = _check_lock(report, lock_version)
    if current.state == Report.State.SENT:
        raise ApplicationError(
            "Báo cáo đã gửi nên đã khóa; muốn sửa, hãy lập bản đính chính (phiên bản mới)."
        )
    _require_latest(current)
    _require_open(current.period)
    for name, value in values.items():
        if value is not None:
            setattr(current, name, value.strip())
    if nothing_to_report is not None:
        current.nothing_to_report = nothing_to_report
    if current.nothing_to_report and not current.results:
        current.results = "Không phát sinh."
    if current.state == Report.State.APPROVED:
        current.state = Report.State.DRAFT
        current.approved_by = None
        current.approved_at = None
    current.lock_version += 1
    current.updated_by = user
    current.save()
    return current


def _has_content(report: Report) -> bool:
    return report.nothing_to_report or any(
        getattr(report, name).strip() for name in ("results", "shortcomings", "next_tasks", "proposals")
    )


@transaction.atomic
def report_approve(
    *, user, report: Report, lock_version: int | None = None, at: dt.datetime | None = None
) -> Report:
    """The agency head approves the draft as it stands (when `lock_version` is given: as he read it)."""
    if not can_approve_reports(user):
        raise PermissionDeniedError("Chỉ lãnh đạo cơ quan, đơn vị duyệt báo cáo.")
    _require_own(user, report)
    current = _check_lock(report, lock_version)
    if current.state != Report.State.DRAFT:
        raise ApplicationError(
            f"Chỉ duyệt được báo cáo đang dự thảo (báo cáo này: {current.get_state_display()})."
        )
    _require_latest(current)
    _require_open(current.period, timezone.localdate(at) if at else None)
    if not _has_content(current):
        raise ApplicationError(
            "Báo cáo chưa có nội dung. Nếu kỳ này không có gì để báo cáo, hãy đánh dấu “Không phát sinh”."
        )
    current.state = Report.State.APPROVED
    current.returned_comment = ""  # a head's «trả lại» is settled by approving (reporting.drafting)
    current.approved_by = user
    current.approved_at = at or timezone.now()
    current.lock_version += 1
    current.updated_by = user
    current.save()
    audit_event("report_approved", current, version=current.version)
    return current


@transaction.atomic
def report_send(
    *, user, report: Report, lock_version: int | None = None, at: dt.datetime | None = None
) -> Report:
    """The head sends the approved report: it is locked, and late when sent after the due date."""
    if not can_approve_reports(user):
        raise PermissionDeniedError("Chỉ lãnh đạo cơ quan, đơn vị gửi báo cáo.")
    _require_own(user, report)
    current = _check_lock(report, lock_version)
    if current.state == Report.State.SENT:
        raise ApplicationError("Báo cáo này đã được gửi.")
    if current.state != Report.State.APPROVED:
        raise ApplicationError("Báo cáo cần được lãnh đạo duyệt trước khi gửi.")
    _require_latest(current)
    sent_at = at or timezone.now()
    _require_open(current.period, timezone.localdate(sent_at))
    current.state = Report.State.SENT
    current.sent_at = sent_at
    current.sent_by = user
    current.is_late = timezone.localdate(sent_at) > current.period.due_date
    current.lock_version += 1
    current.updated_by = user
    current.save()
    audit_event(
        "report_sent",
        current,
        version=current.version,
        late=current.is_late,
        due_date=current.period.due_date,
    )
    _notify_recipient(current, at=sent_at)
    return current


def _notify_recipient(report: Report, *, at: dt.datetime) -> None:
    """The receiving organization's users, and the monitoring office, learn that a report has arrived (#21:
    the office's users are no agency users, so a rule sending to the office told nobody), on the channels
    each chose (giamsat.notify, ADR 0041: in-app at once; e-mail, Zalo, Telegram or the daily digest queued
    for `giamsat notify-send`)."""
    from django.db.models import Q
    from django.urls import reverse

    from giamsat.accounts.models import User
    from giamsat.notify.dispatch import notify
    from giamsat.notify.models import Kind

    rule = report.period.rule
    receivers = OFFICE_USERS
    if rule.recipient_id:
        receivers |= Q(is_active=True, organization_id=rule.recipient_id)
    late = " (gửi muộn)" if report.is_late else ""
    message = f"{report.organization.display_name} đã gửi báo cáo {report.period.label}{late}."
    url = reverse("reporting:report", args=[report.pk])
    users = list(User.objects.filter(receivers).exclude(organization_id=report.organization_id).distinct())
    if users:
        notify(users, Kind.NOTICE, message, url, key=f"report-sent:{report.pk}", at=at)


@transaction.atomic
def report_correct(*, user, report: Report) -> Report:
    """A correction after sending is a new version (draft) that starts from the sent text."""
    if not can_edit_reports(user):
        raise PermissionDeniedError("Chỉ cán bộ đầu mối hoặc lãnh đạo cơ quan, đơn vị đính chính báo cáo.")
    _require_own(user, report)
    current = Report.objects.select_for_update().select_related("period", "organization").get(pk=report.pk)
    if current.state != Report.State.SENT:
        raise ApplicationError("Chỉ lập bản đính chính cho báo cáo đã gửi; bản này vẫn đang sửa được.")
    _require_latest(current)
    _require_open(current.period)
    correction = Report.objects.create(
        period=current.period,
        organization=current.organization,
        version=current.version + 1,
        previous=current,
        nothing_to_report=current.nothing_to_report,
        results=current.results,
        shortcomings=current.shortcomings,
        next_tasks=current.next_tasks,
        proposals=current.proposals,
        updated_by=user,
        is_demo=current.is_demo,
    )
    audit_event("report_correction_started", correction, previous=current.pk, version=correction.version)
    return correction


@transaction.atomic
def notifications_mark_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
