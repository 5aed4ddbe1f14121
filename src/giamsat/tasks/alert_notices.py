"""The three alert levels (tasks.alerts) sent to the people who must act, through the one dispatcher
(giamsat.notify, ADR 0041); run each morning by `giamsat remind`.

- yellow: the lead organization's users ("Cơ quan chủ trì");
- red: the lead organization's heads ("Lãnh đạo cơ quan chủ trì");
- special red: the users of the organization that issued the task's document ("Cấp giao nhiệm vụ"), or the
  monitoring office when that organization has no account.
One message per organization and level, naming only the tasks not announced at that level and due date yet
(a new due date announces again); a second run the same day sends nothing.
"""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from giamsat.accounts.access import AGENCY_USERS, OFFICE_USERS, is_agency_head
from giamsat.accounts.models import User
from giamsat.documents.models import with_document
from giamsat.notify.dispatch import mark, notify, unmarked
from giamsat.organizations.models import Organization
from giamsat.tasks.alerts import LEVELS, alert_case, current_rule
from giamsat.tasks.models import Task, TaskAssignment
from giamsat.tasks.selectors import evidenced_q, with_current_status

LEADS = ("yellow", "red")


def _key(level: str, task_id: int, due: dt.date, org_id: int) -> str:
    return f"alert:{level}:task:{task_id}:due:{due.isoformat()}:org:{org_id}"


def _lines(tasks, today: dt.date) -> str:
    def when(due):
        gap = (today - due).days
        return f"quá hạn {gap} ngày" if gap > 0 else ("đến hạn hôm nay" if gap == 0 else f"còn {-gap} ngày")

    return "\n".join(f"- {t.document.label}, nhiệm vụ {t.number or t.pk}: {t.name[:160]} (hạn "
                     f"{t.cur_due:%d/%m/%Y}, {when(t.cur_due)})" for t in tasks)


def _message(level: str, org: Organization, tasks, today: dt.date) -> tuple[str, str]:
    n = len(tasks)
    if level == "yellow":
        subject = f"{LEVELS[level]}: {n} nhiệm vụ sắp đến hạn chưa có sản phẩm"
        lead = f"Kính gửi {org.name},\n\nCác nhiệm vụ sau do đơn vị chủ trì sắp đến hạn mà chưa báo cáo sản phẩm"
    elif level == "red":
        subject = f"{LEVELS[level]}: {n} nhiệm vụ đến hạn chưa hoàn thành"
        lead = (f"Kính gửi lãnh đạo {org.name},\n\nCác nhiệm vụ sau do đơn vị chủ trì đã đến hạn mà chưa hoàn "
                "thành; đề nghị lãnh đạo đơn vị chỉ đạo")
    else:
        subject = f"{LEVELS[level]}: {n} nhiệm vụ quá hạn kéo dài"
        lead = (f"Kính gửi {org.name},\n\nCác nhiệm vụ sau do {org.name} giao đã quá hạn kéo dài; đề nghị xem xét, "
                "chỉ đạo")
    return subject, f"{lead}:\n{_lines(tasks, today)}\n\nThông báo này do hệ thống giamsat gửi tự động."


def alerts_notify(today: dt.date, *, now: bool = True) -> int:
    """Send the day's new alerts; returns how many notices (organization × level) went out."""
    rule = current_rule()
    tasks = list(with_current_status(with_document(Task.objects.all()), today=today)
                 .annotate(alert=alert_case(today=today, rule=rule, evidenced=evidenced_q()))
                 .exclude(alert="none").order_by("document_id", "position", "id"))
    if not tasks:
        return 0
    leads = defaultdict(set)
    # A lead dissolved by a reorganization is not alerted: its open work went to its successors.
    for task_id, org_id in TaskAssignment.objects.filter(task__in=tasks, role=TaskAssignment.Role.LEAD) \
            .filter(Q(organization__valid_to__isnull=True) | Q(organization__valid_to__gte=today)) \
            .values_list("task_id", "organization_id"):
        leads[task_id].add(org_id)
    groups: dict[tuple[int, str], list] = defaultdict(list)
    for task in tasks:
        targets = leads[task.pk] if task.alert in LEADS else {task.document.issuer_id} - {None}
        for org_id in targets:
            groups[(org_id, task.alert)].append(task)
    sent = 0
    orgs = Organization.objects.in_bulk({org_id for org_id, _ in groups})
    for (org_id, level), group in sorted(groups.items(), key=lambda g: (orgs[g[0][0]].name, g[0][1])):
        keys = {t.pk: _key(level, t.pk, t.cur_due, org_id) for t in group}
        fresh = unmarked(keys.values())
        group = [t for t in group if keys[t.pk] in fresh]
        if not group:
            continue
        org = orgs[org_id]
        if level == "yellow":
            who = list(User.objects.filter(AGENCY_USERS, organization_id=org_id))
        elif level == "red":
            who = [u for u in User.objects.filter(AGENCY_USERS, organization_id=org_id) if is_agency_head(u)]
        else:
            who = list(User.objects.filter(is_active=True, organization_id=org_id)) or \
                list(User.objects.filter(OFFICE_USERS))
        subject, body = _message(level, org, group, today)
        with transaction.atomic():
            notify(who, "alert", body, reverse("web:task_exceptions"), subject=subject,
                   emails=[org.email] if org.email and level != "special_red" else [], now=now)
            mark([keys[t.pk] for t in group])
        sent += 1
    return sent
