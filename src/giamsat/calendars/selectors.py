"""What a user's calendar holds: the deadlines of the open tasks their organization leads or coordinates
(those they can see) and the due dates of the reports their organization sends; a monitoring user, every
report due date they can see. All-day events (ADR 0041)."""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from giamsat.accounts.access import sees_all
from giamsat.accounts.models import User
from giamsat.calendars.models import CalendarFeed
from giamsat.calendars.services import secret_hash
from giamsat.core.errors import NotFoundError
from giamsat.documents.models import with_document
from giamsat.reporting.models import Report, ReportingPeriod
from giamsat.reporting.reporters import period_reporter_ids
from giamsat.tasks.models import Task, TaskAssignment
from giamsat.tasks.selectors import tasks_with_status
from giamsat.tasks.status import LABELS, StatusCode

OPEN_CODES = {StatusCode.NOT_STARTED, StatusCode.IN_PROGRESS, StatusCode.OVERDUE, StatusCode.NOT_REPORTED}
PAST_DAYS, AHEAD_DAYS = 92, 400  # the window of report due dates (a feed of every period ever would grow)


@dataclass
class Event:
    uid: str
    day: dt.date
    summary: str
    description: str
    link: str


def feed_user(secret: str) -> User:
    """The active owner of a secret address; anything else is not found (404)."""
    if not secret or len(secret) > 100:
        raise NotFoundError()
    feed = CalendarFeed.objects.select_related("user").filter(key_hash=secret_hash(secret)).first()
    if feed is None or not feed.user.is_active:
        raise NotFoundError()
    return feed.user


def _task_events(user, today: dt.date) -> list[Event]:
    if not user.organization_id:
        return []
    roles = dict(TaskAssignment.objects.filter(organization_id=user.organization_id)
                 .values_list("task_id", "role"))
    tasks = tasks_with_status(with_document(Task.objects.visible_to(user).filter(pk__in=roles)),
                              today=today)
    events = []
    for task in tasks:
        if task.status.code not in OPEN_CODES or task.status.due is None:
            continue
        role = "chủ trì" if roles[task.pk] == TaskAssignment.Role.LEAD else "phối hợp"
        name = task.name if len(task.name) <= 150 else task.name[:149].rstrip() + "…"
        events.append(Event(
            f"task-{task.pk}", task.status.due, f"Hạn nhiệm vụ {task.number or task.pk} ({role}): {name}",
            f"{task.document.label}\nVai trò của đơn vị: {role}\nTình trạng: {LABELS[task.status.code]}",
            reverse("web:task", args=[task.pk])))
    return events


def _period_events(user, today: dt.date) -> list[Event]:
    periods = list(with_document(ReportingPeriod.objects.visible_to(user), "rule__document")
                   .filter(due_date__gte=today - dt.timedelta(days=PAST_DAYS),
                           due_date__lte=today + dt.timedelta(days=AHEAD_DAYS)).order_by("due_date", "id"))
    if not sees_all(user):
        if not user.organization_id:
            return []
        mine = period_reporter_ids(periods, among={user.organization_id})
        periods = [p for p in periods if user.organization_id in mine.get(p.pk, ())]
        sent = set(Report.objects.filter(period__in=periods, organization_id=user.organization_id,
                                         state=Report.State.SENT).values_list("period_id", flat=True))
    else:
        sent = set()
    return [Event(f"period-{p.pk}", p.due_date,
                  f"Hạn gửi báo cáo {p.label}" + (" (đã gửi)" if p.pk in sent else ""),
                  f"{p.rule.document.label}\nSố liệu từ {p.start:%d/%m/%Y} đến {p.end:%d/%m/%Y}",
                  reverse("reporting:mine")) for p in periods]


def feed_events(user, *, today: dt.date) -> list[Event]:
    return sorted(_task_events(user, today) + _period_events(user, today), key=lambda e: (e.day, e.uid))
