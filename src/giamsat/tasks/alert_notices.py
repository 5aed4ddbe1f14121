"""Notices of the three alert levels (tasks.alerts), sent by the daily reminder job (`giamsat remind`)
through core.urging, as the feedback app's urging is (ADR 0029):

1. yellow (vàng) — the lead agency: its users and its mailbox ("before");
2. red (đỏ) — the lead agency's head ("overdue": the agency itself is urged by the job's own task reminders);
3. special red (đỏ đặc biệt) — the monitoring office, the level that must decide ("escalation").

One digest per agency and level. Each task's notice of a level goes out once for its due date
(`AlertNotice`, unique): running the job again sends nothing more; a new due date (an adjusted deadline, a
recurring task's next cycle) is a new alert. A task that skipped a level (already overdue when first seen)
gets the notice of the level it is at, not the ones before. Dissolved leads are not notified (their open
work was transferred to their successors by the reorganization).
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from giamsat.accounts.access import AGENCY_USERS, OFFICE_USERS, is_agency_head
from giamsat.accounts.models import User
from giamsat.core.urging import Urging
from giamsat.organizations.models import Organization
from giamsat.tasks.alerts import LEVELS, alert_case, current_rule
from giamsat.tasks.models import AlertNotice, Task, TaskAssignment
from giamsat.tasks.selectors import evidenced_q, with_current_status

KINDS = {"yellow": "before", "red": "overdue", "special_red": "escalation"}  # the reminder job's three kinds
ORDER = ("yellow", "red", "special_red")


def alerted(today: dt.date) -> list[tuple[Task, str]]:
    """(task, level) of every task at an alert level on `today` whose notice of that level for its current
    due date has not gone out. One query (plus the in-memory statuses of rows not refreshed for `today`)."""
    rule = current_rule()
    tasks = (
        with_current_status(Task.objects.order_by(), today=today)
        .annotate(alert=alert_case(today=today, rule=rule, evidenced=evidenced_q()))
        .exclude(alert="none")
        .select_related("document")
        .order_by("cur_due", "pk")
    )
    sent = set(AlertNotice.objects.filter(task__in=tasks.values("pk")).values_list("task_id", "level", "due_date"))
    return [(t, t.alert) for t in tasks if (t.pk, t.alert, t.cur_due) not in sent]


def _leads(task_ids, today: dt.date) -> dict[int, list[int]]:
    """task id → its lead organizations still in existence on `today`."""
    out: dict[int, list[int]] = defaultdict(list)
    for task_id, org_id in (
        TaskAssignment.objects.filter(role=TaskAssignment.Role.LEAD, task_id__in=task_ids)
        .filter(Q(organization__valid_to__isnull=True) | Q(organization__valid_to__gte=today))
        .order_by("organization_id").values_list("task_id", "organization_id")
    ):
        out[task_id].append(org_id)
    return out


def _message(level: str, org: Organization, tasks: list[Task], today: dt.date) -> tuple[str, str]:
    lines = []
    for task in tasks:
        gap = (today - task.cur_due).days
        when = f"quá hạn {gap} ngày" if gap > 0 else ("đến hạn hôm nay" if gap == 0 else f"còn {-gap} ngày")
        lines.append(f"- {task.document.label}, nhiệm vụ {task.number or task.pk}: {task.name[:160]} "
                     f"(hạn {task.cur_due:%d/%m/%Y}, {when})")
    n = len(tasks)
    if level == "yellow":
        subject = f"Cảnh báo vàng: {n} nhiệm vụ sắp đến hạn chưa có sản phẩm"
        lead = (f"Kính gửi {org.name},\n\nCác nhiệm vụ sau do đơn vị chủ trì sắp đến hạn mà chưa báo cáo sản "
                "phẩm (minh chứng); đề nghị hoàn thành và cập nhật sản phẩm")
    elif level == "red":
        subject = f"Cảnh báo đỏ: {n} nhiệm vụ của {org.display_name} đã đến hạn chưa hoàn thành"
        lead = (f"Kính gửi lãnh đạo {org.name},\n\nCác nhiệm vụ sau do đơn vị chủ trì đã đến hạn mà chưa hoàn "
                "thành; đề nghị lãnh đạo đơn vị chỉ đạo")
    else:
        subject = f"Cảnh báo đỏ đặc biệt: {org.display_name} có {n} nhiệm vụ quá hạn kéo dài"
        lead = (f"Kính gửi cơ quan theo dõi,\n\nCác nhiệm vụ sau do {org.name} chủ trì đã quá hạn kéo dài; đề "
                "nghị cấp giao nhiệm vụ xem xét, quyết định")
    body = (f"{lead}:\n" + "\n".join(lines) + "\n\nXem bảng nhiệm vụ cần xử lý: "
            + reverse("web:task_exceptions") + "\n\nThư này do hệ thống giamsat gửi tự động.")
    return subject, body


def plan(today: dt.date) -> list[Urging]:
    """The notices to send on `today` (reads only); each one records its tasks' notices once sent."""
    pending = alerted(today)
    if not pending:
        return []
    leads = _leads([t.pk for t, _ in pending], today)
    groups: dict[tuple[int, str], list[Task]] = defaultdict(list)
    for task, level in pending:
        for org_id in leads.get(task.pk, ()):
            groups[(org_id, level)].append(task)
    orgs = Organization.objects.in_bulk({org_id for org_id, _ in groups})
    users: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(AGENCY_USERS, organization_id__in=orgs).order_by("username"):
        users[user.organization_id].append(user)
    office = list(User.objects.filter(OFFICE_USERS).order_by("username"))
    out = []
    for (org_id, level), tasks in sorted(groups.items(), key=lambda g: (orgs[g[0][0]].name, ORDER.index(g[0][1]))):
        org = orgs[org_id]
        subject, body = _message(level, org, tasks, today)
        if level == "yellow":
            who, emails = users[org_id], [org.email] if org.email else []
        elif level == "red":
            who, emails = [u for u in users[org_id] if is_agency_head(u)], []
        else:
            who, emails = office, []
        url = reverse("web:task_exceptions") + f"?muc={level}"
        out.append(Urging(KINDS[level], org, subject, body, url, about=f"{LEVELS[level]}: {len(tasks)} nhiệm vụ",
                          users=who, emails=emails, sent=_marker(tasks, level)))
    return out


def _marker(tasks: list[Task], level: str):
    def sent(at: dt.datetime) -> None:
        AlertNotice.objects.bulk_create(
            [AlertNotice(task=t, level=level, due_date=t.cur_due, sent_at=at or timezone.now()) for t in tasks],
            ignore_conflicts=True,  # a task led by two agencies is in two digests: one row
        )
    return sent
