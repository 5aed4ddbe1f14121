"""Two more steps of a report's draft (#21): the focal point refills it from progress updates posted after it
was created, keeping what was written; the agency head returns it to the focal points with a comment
(«trả lại»), as well as approving it (`reporting.services`).

    draft/approved --return (head, comment)--> draft (the comment shown until approved; focal points notified)
    draft/approved --refill (agency)--> draft (new lines of the updates added under what was written)
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from giamsat.accounts.access import AGENCY_USERS, can_approve_reports, can_edit_reports
from giamsat.audit.services import audit_event
from giamsat.core.errors import ApplicationError, PermissionDeniedError
from giamsat.core.text import check_lengths
from giamsat.reporting.models import Report
from giamsat.reporting.prefill import NOTHING, report_prefill
from giamsat.reporting.services import _check_lock, _require_latest, _require_open, _require_own

REFILLED = ("results", "shortcomings", "next_tasks", "proposals")


def merge_text(written: str, fresh: str) -> tuple[str, int]:
    """`written` with the lines of `fresh` it does not have yet added below it; (text, lines added)."""
    written = (written or "").rstrip()
    have = {line.strip() for line in written.splitlines() if line.strip()}
    new = [line for line in (fresh or "").splitlines()
           if line.strip() and line.strip() not in have and line.strip() != NOTHING]
    if not new:
        return written, 0
    if not written or written == NOTHING:
        return "\n".join(new), len(new)
    return f"{written}\n" + "\n".join(new), len(new)


def _editable(current: Report) -> None:
    if current.state == Report.State.SENT:
        raise ApplicationError("Báo cáo đã gửi nên đã khóa; muốn sửa, hãy lập bản đính chính (phiên bản mới).")
    _require_latest(current)
    _require_open(current.period)


@transaction.atomic
def report_refill(*, user, report: Report, lock_version: int | None = None) -> tuple[Report, int]:
    """Add to the draft what the organization's progress updates in the period say and it does not yet;
    nothing written is removed or changed. An approved report goes back to draft (approve again)."""
    if not can_edit_reports(user):
        raise PermissionDeniedError("Chỉ cán bộ đầu mối hoặc lãnh đạo cơ quan, đơn vị sửa báo cáo.")
    _require_own(user, report)
    current = _check_lock(report, lock_version)
    _editable(current)
    fresh = report_prefill(current.period, current.organization)
    added = 0
    for name in REFILLED:
        text, n = merge_text(getattr(current, name), fresh.get(name, ""))
        setattr(current, name, text)
        added += n
    if not added:
        return current, 0
    if current.nothing_to_report:
        current.nothing_to_report = False
    if current.state == Report.State.APPROVED:
        current.state, current.approved_by, current.approved_at = Report.State.DRAFT, None, None
    current.lock_version += 1
    current.updated_by = user
    current.save()
    audit_event("report_refilled", current, lines=added)
    return current, added


@transaction.atomic
def report_return(*, user, report: Report, comment: str, lock_version: int | None = None,
                  at: dt.datetime | None = None) -> Report:
    """The head sends the draft back to the focal points with what to change; they are notified."""
    if not can_approve_reports(user):
        raise PermissionDeniedError("Chỉ lãnh đạo cơ quan, đơn vị trả lại báo cáo.")
    _require_own(user, report)
    comment = (comment or "").strip()
    if not comment:
        raise ApplicationError("Hãy ghi ý kiến khi trả lại báo cáo: cần sửa, bổ sung gì.", code="comment_required")
    check_lengths({"Ý kiến trả lại": comment})
    current = _check_lock(report, lock_version)
    _editable(current)
    now = at or timezone.now()
    current.state, current.approved_by, current.approved_at = Report.State.DRAFT, None, None
    current.returned_comment, current.returned_by, current.returned_at = comment, user, now
    current.lock_version += 1
    current.updated_by = user
    current.save()
    audit_event("report_returned", current, comment=comment)
    from django.urls import reverse

    from giamsat.accounts.models import User

    message = f"{user} đã trả lại báo cáo {current.period.label} để sửa: {comment[:200]}"
    url = reverse("reporting:report", args=[current.pk])
    from giamsat.notify.dispatch import notify  # on the channels each user chose (ADR 0041)
    from giamsat.notify.models import Kind

    users = list(User.objects.filter(AGENCY_USERS, organization_id=current.organization_id).exclude(pk=user.pk))
    if users:
        notify(users, Kind.NOTICE, message, url, at=now)
    return current
