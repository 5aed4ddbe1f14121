"""Urging as offices do it: one agency, or the leads of one task, in the office's own words, besides the
nightly batch (`giamsat remind`). Sent like the batch's (in-app notification, e-mail where configured),
recorded as Reminder rows of kind "manual" with who urged, audited; and the history of every urging of an
agency or a task, batch and targeted, for their pages."""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from giamsat.accounts.access import can_urge
from giamsat.core.errors import ApplicationError, PermissionDeniedError
from giamsat.organizations.models import Organization
from giamsat.reporting.models import Reminder
from giamsat.reporting.reminders import PlannedReminder, _recipients, reminders_send
from giamsat.tasks.models import Task, TaskAssignment

MAX_TEXT = 4000


def urge(*, user, text: str, organization: Organization | None = None, task: Task | None = None) -> list[Reminder]:
    """Send the office's `text` to `organization`, or to every lead of `task` (to `organization` alone when
    both are given: it must lead the task). Refusals raise; nothing is sent then."""
    if not can_urge(user):
        raise PermissionDeniedError("Chỉ cơ quan theo dõi đôn đốc các cơ quan, đơn vị.")
    text = (text or "").strip()
    if not text:
        raise ApplicationError("Nhập nội dung đôn đốc.", code="urging_empty")
    if len(text) > MAX_TEXT:
        raise ApplicationError(f"Nội dung đôn đốc dài quá {MAX_TEXT:,} ký tự.".replace(",", "."),
                               code="urging_too_long")
    if organization is None and task is None:
        raise ApplicationError("Chọn cơ quan, đơn vị hoặc nhiệm vụ cần đôn đốc.", code="urging_no_target")
    if task is not None:
        leads = set(TaskAssignment.objects.filter(task=task, role=TaskAssignment.Role.LEAD)
                    .values_list("organization_id", flat=True))
        if organization is not None and organization.pk not in leads:
            raise ApplicationError("Cơ quan, đơn vị này không chủ trì nhiệm vụ.", code="urging_not_lead")
        orgs = [organization] if organization is not None else list(
            Organization.objects.filter(pk__in=leads).order_by("name"))
        if not orgs:
            raise ApplicationError("Nhiệm vụ chưa có cơ quan chủ trì để đôn đốc.", code="urging_no_lead")
        subject = f"Đôn đốc nhiệm vụ: {task.name[:150]}"
        url = reverse("web:task", args=[task.pk])
    else:
        orgs, subject, url = [organization], "Đôn đốc của cơ quan theo dõi", reverse("reporting:mine")
    sender = user.organization.display_name if user.organization_id else user.get_username()
    users = _recipients([o.pk for o in orgs])
    plan = [
        PlannedReminder(Reminder.Kind.MANUAL, org, subject, f"{text}\n\n— {sender}", url,
                        tasks=[task] if task is not None else [], users=users.get(org.pk, []),
                        emails=[org.email] if org.email else [])
        for org in orgs
    ]
    return reminders_send(plan, sent_by=user)


@dataclass
class Urging:
    """One urging as people see it: its rows (one per recipient and channel) taken together."""

    sent_at: dt.datetime
    kind: str
    kind_label: str
    organization: Organization
    message: str
    sent_by: str
    recipients: int
    errors: int


def urging_history(user, *, organization: Organization | None = None, task: Task | None = None,
                   limit: int = 20) -> list[Urging]:
    """The latest urgings of an agency or of a task, newest first, as the user may see them. Two queries."""
    rows = Reminder.objects.visible_to(user).select_related("organization", "sent_by")
    if organization is not None:
        rows = rows.filter(organization=organization)
    if task is not None:
        rows = rows.filter(task=task)
    grouped: dict[tuple, Urging] = {}
    for r in rows.order_by("-sent_at", "-id")[: limit * 10]:
        key = (r.sent_at, r.organization_id, r.kind, r.period_id)
        if key not in grouped:
            if len(grouped) == limit:
                break
            by = (r.sent_by.get_full_name() or r.sent_by.get_username()) if r.sent_by else "Hệ thống (tự động)"
            grouped[key] = Urging(r.sent_at, r.kind, r.get_kind_display(), r.organization, r.message, by, 0, 0)
        grouped[key].recipients += 1 if r.recipient_id or r.address else 0
        grouped[key].errors += 1 if r.error else 0
    return list(grouped.values())
