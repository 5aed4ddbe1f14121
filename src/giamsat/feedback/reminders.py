"""Urging of overdue answers, run by the reminder job (`giamsat remind`, through core.urging: ADR 0029).

An answer past its deadline is urged in three steps, one message each, in one digest per agency and step:
1. the day after the deadline: the agency's users ("overdue");
2. GIAMSAT_FEEDBACK_ESCALATE_DAYS later: the agency's head ("escalation");
3. as many days later again: the monitoring office ("escalation"), which may route it elsewhere.
Each item remembers the step it reached (`reminder_level`); routing it again starts over.
"""

import datetime as dt
from collections import defaultdict

from django.urls import reverse

from giamsat.accounts.access import AGENCY_USERS, OFFICE_USERS, is_agency_head
from giamsat.accounts.models import User
from giamsat.core.urging import Urging, UrgingKind
from giamsat.feedback import conf
from giamsat.feedback.models import Feedback
from giamsat.organizations.models import Organization

LEVELS = {1: UrgingKind.OVERDUE, 2: UrgingKind.ESCALATION, 3: UrgingKind.ESCALATION}


def level_due(item: Feedback, today: dt.date) -> int:
    """The urging step an item has reached on `today` (0: not overdue)."""
    late = (today - item.answer_due).days
    step = conf.get("GIAMSAT_FEEDBACK_ESCALATE_DAYS")
    if late <= 0:
        return 0
    return 1 if late < step else (2 if late < 2 * step else 3)


def _message(level: int, org: Organization, items: list[Feedback], today: dt.date) -> tuple[str, str]:
    lines = [f"- {i.tracking_code}: {i.subject[:160]} (hạn {i.answer_due:%d/%m/%Y}, quá hạn "
             f"{(today - i.answer_due).days} ngày)" for i in items]
    if level == 1:
        subject = f"Đôn đốc trả lời {len(items)} phản ánh, kiến nghị quá hạn"
        lead = f"Kính gửi {org.name},\n\nCác phản ánh, kiến nghị sau đã quá hạn trả lời"
    elif level == 2:
        subject = f"Báo cáo lãnh đạo đơn vị: {len(items)} phản ánh, kiến nghị quá hạn trả lời"
        lead = f"Kính gửi lãnh đạo {org.name},\n\nCác phản ánh, kiến nghị sau đã quá hạn trả lời; đề nghị chỉ đạo"
    else:
        subject = f"{org.display_name}: {len(items)} phản ánh, kiến nghị quá hạn trả lời kéo dài"
        lead = (f"Kính gửi cơ quan theo dõi,\n\n{org.name} chưa trả lời các phản ánh, kiến nghị sau dù đã đôn "
                "đốc đơn vị và lãnh đạo đơn vị; đề nghị xem xét chuyển xử lý hoặc chỉ đạo")
    return subject, f"{lead}:\n" + "\n".join(lines) + "\n\nThư này do hệ thống giamsat gửi tự động."


def plan(today: dt.date) -> list[Urging]:
    """What to send on `today` (reads only); each Urging marks its items' step once sent."""
    items = list(Feedback.objects.filter(state=Feedback.State.ROUTED, answer_due__lt=today,
                                         routed_to__isnull=False).order_by("answer_due", "id"))
    groups: dict[tuple[int, int], list[Feedback]] = defaultdict(list)
    for item in items:
        if level_due(item, today) > item.reminder_level:  # one step at a time: agency, head, office
            groups[(item.routed_to_id, item.reminder_level + 1)].append(item)
    if not groups:
        return []
    orgs = Organization.objects.in_bulk({org_id for org_id, _ in groups})
    users = defaultdict(list)
    for user in User.objects.filter(AGENCY_USERS, organization_id__in=orgs).order_by("username"):
        users[user.organization_id].append(user)
    office = list(User.objects.filter(OFFICE_USERS).order_by("username"))
    out = []
    for (org_id, level), group in sorted(groups.items(), key=lambda g: (orgs[g[0][0]].name, g[0][1])):
        org = orgs[org_id]
        subject, body = _message(level, org, group, today)
        if level == 1:
            who, emails = users[org_id], [org.email] if org.email else []
        elif level == 2:
            who, emails = [u for u in users[org_id] if is_agency_head(u)], [org.email] if org.email else []
        else:
            who, emails = office, []
        out.append(Urging(LEVELS[level], org, subject, body, reverse("feedback:list") + "?overdue=on",
                          about=f"{len(group)} phản ánh, kiến nghị", users=who, emails=emails,
                          sent=_marker(group, level)))
    return out


def _marker(items: list[Feedback], level: int):
    def sent(at: dt.datetime) -> None:
        for item in items:
            item.reminder_level, item.reminded_at = level, at
            item.save(update_fields=["reminder_level", "reminded_at", "updated_at"])
    return sent
