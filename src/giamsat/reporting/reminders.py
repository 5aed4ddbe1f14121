"""Urging (đôn đốc): reminders before a due date, after it, and escalation to the agency head.

`reminders_plan(today)` only reads and says what should be sent now; `reminders_send(plan)` sends each
message by e-mail (Django's mail settings) and as an in-app notification, and records every one of them
as a Reminder row. `remind(today, dry_run=...)` is what `giamsat remind` runs.

When a reminder is due (numbers from reporting.conf, i.e. the settings):
- before: a report or a task is due within GIAMSAT_REMIND_BEFORE_DAYS days, nothing sent/done yet; once.
- overdue: the due date has passed; repeated at most every GIAMSAT_REMIND_REPEAT_DAYS days.
- escalation: overdue by more than GIAMSAT_REMIND_ESCALATE_DAYS days; to the agency's heads, same repeat.
Tasks are urged in one digest per organization and kind; each task still gets its own Reminder rows.
"""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from giamsat.accounts.access import AGENCY_USERS, is_agency_head
from giamsat.accounts.models import User
from giamsat.audit.services import audit_event
from giamsat.core import urging
from giamsat.core.mail import mail_configured
from giamsat.documents.models import with_document
from giamsat.notify.dispatch import deliver_due, notify
from giamsat.organizations.models import Organization
from giamsat.organizations.reorganize import reorganizations_apply_due
from giamsat.reporting import conf
from giamsat.reporting.models import Reminder, Report, ReportingPeriod
from giamsat.reporting.period_services import periods_open
from giamsat.reporting.reporters import current_lead_ids, period_reporter_ids
from giamsat.reporting.selectors import last_reminders
from giamsat.tasks.alert_notices import alerts_notify
from giamsat.tasks.models import Task
from giamsat.tasks.status import StatusCode

Kind = Reminder.Kind


@dataclass
class PlannedReminder:
    kind: str
    organization: Organization
    subject: str
    body: str
    url: str
    period: ReportingPeriod | None = None
    tasks: list[Task] = field(default_factory=list)
    users: list[User] = field(default_factory=list)  # in-app notification, and e-mail when they have one
    emails: list[str] = field(default_factory=list)  # addresses without a user account (the agency's mailbox)

    @property
    def about(self) -> str:
        if self.period is not None:
            return f"Báo cáo {self.period.label} — {self.period.rule.document.label}"
        return f"{len(self.tasks)} nhiệm vụ"

    def describe(self) -> str:
        mails = sorted({u.email for u in self.users if u.email} | set(self.emails))
        who = ", ".join(u.get_username() for u in self.users) or "không có tài khoản"
        return (
            f"[{Kind(self.kind).label}] {self.organization.display_name}: {self.about} → thông báo: {who}; "
            f"thư: {', '.join(mails) or 'không có địa chỉ'}"
        )


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _base_url() -> str:
    return getattr(settings, "GIAMSAT_BASE_URL", "").rstrip("/")


def _recipients(org_ids) -> dict[int, list[User]]:
    users: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(AGENCY_USERS, organization_id__in=org_ids).order_by("username"):
        users[user.organization_id].append(user)
    return users


def _due_again(last: dt.datetime | None, today: dt.date, kind: str) -> bool:
    if last is None:
        return True
    if kind == Kind.BEFORE:
        return False  # one reminder before the due date is enough
    return (today - timezone.localdate(last)).days >= conf.get("GIAMSAT_REMIND_REPEAT_DAYS")


def _kinds_for(days_left: int) -> list[str]:
    if days_left < 0:
        kinds = [Kind.OVERDUE]
        if -days_left > conf.get("GIAMSAT_REMIND_ESCALATE_DAYS"):
            kinds.append(Kind.ESCALATION)
        return kinds
    if days_left <= conf.get("GIAMSAT_REMIND_BEFORE_DAYS"):
        return [Kind.BEFORE]
    return []


def _period_message(kind: str, period: ReportingPeriod, org: Organization, days_left: int) -> tuple[str, str]:
    rule = period.rule
    to = rule.recipient.name if rule.recipient_id else (rule.recipient_text or "cơ quan theo dõi")
    if kind == Kind.BEFORE:
        subject = f"Nhắc gửi báo cáo {period.label} — hạn {_fmt(period.due_date)}"
        lead = f"còn {days_left} ngày đến hạn gửi báo cáo" if days_left else "hôm nay là hạn gửi báo cáo"
    elif kind == Kind.OVERDUE:
        subject = f"Đôn đốc: báo cáo {period.label} đã quá hạn {-days_left} ngày"
        lead = f"báo cáo đã quá hạn {-days_left} ngày mà đơn vị chưa gửi"
    else:
        subject = f"Báo cáo lãnh đạo đơn vị: báo cáo {period.label} quá hạn {-days_left} ngày"
        lead = (
            f"báo cáo đã quá hạn {-days_left} ngày mà đơn vị chưa gửi; hệ thống báo cáo để lãnh đạo "
            "đơn vị chỉ đạo"
        )
    body = (
        f"Kính gửi {org.name},\n\n"
        f"Theo chế độ báo cáo của {rule.document.label}, đơn vị gửi báo cáo {period.label} (số liệu từ "
        f"{_fmt(period.start)} đến {_fmt(period.end)}) về {to} chậm nhất ngày {_fmt(period.due_date)}: "
        f"{lead}.\n\n"
        f"Lập, duyệt và gửi báo cáo tại: {_base_url()}{reverse('reporting:mine')}\n\n"
        "Thư này do hệ thống giamsat gửi tự động."
    )
    return subject, body


def _task_message(kind: str, org: Organization, tasks: list[Task], today: dt.date) -> tuple[str, str]:
    lines = []
    for task in tasks:
        due = task.status.due
        gap = (today - due).days
        when = f"quá hạn {gap} ngày" if gap > 0 else ("đến hạn hôm nay" if gap == 0 else f"còn {-gap} ngày")
        lines.append(
            f"- {task.document.label}, nhiệm vụ {task.number or task.pk}: {task.name[:160]} "
            f"(hạn {_fmt(due)}, {when})"
        )
    if kind == Kind.BEFORE:
        subject = f"Nhắc {len(tasks)} nhiệm vụ sắp đến hạn"
        lead = "Các nhiệm vụ sau do đơn vị chủ trì sắp đến hạn mà chưa hoàn thành"
    elif kind == Kind.OVERDUE:
        subject = f"Đôn đốc {len(tasks)} nhiệm vụ quá hạn"
        lead = "Các nhiệm vụ sau do đơn vị chủ trì đã quá hạn mà chưa hoàn thành"
    else:
        subject = f"Báo cáo lãnh đạo đơn vị: {len(tasks)} nhiệm vụ quá hạn kéo dài"
        lead = "Các nhiệm vụ sau do đơn vị chủ trì quá hạn đã lâu; đề nghị lãnh đạo đơn vị chỉ đạo"
    body = (
        f"Kính gửi {org.name},\n\n{lead}:\n"
        + "\n".join(lines)
        + f"\n\nCập nhật tiến độ tại: {_base_url()}{reverse('web:tasks')}\n\n"
        + "Thư này do hệ thống giamsat gửi tự động."
    )
    return subject, body


def _audience(kind: str, org: Organization, users: list[User]) -> tuple[list[User], list[str]]:
    if kind == Kind.ESCALATION:
        heads = [u for u in users if is_agency_head(u)]
        return heads, [org.email] if org.email else []
    return users, [org.email] if org.email else []


def _plan_periods(today: dt.date) -> list[PlannedReminder]:
    periods = list(
        with_document(ReportingPeriod.objects.filter(is_closed=False, rule__is_active=True, start__lte=today)
                      .select_related("rule", "rule__recipient"), "rule__document")
        .order_by("due_date", "id")
    )
    periods = [p for p in periods if not (p.closes_on and today >= p.closes_on)]
    reporters = period_reporter_ids(periods)
    sent = set(
        Report.objects.filter(period__in=periods, state=Report.State.SENT).values_list(
            "period_id", "organization_id"
        )
    )
    last = last_reminders(periods=periods)
    org_ids = set().union(*reporters.values()) if reporters else set()
    orgs = Organization.objects.in_bulk(org_ids)
    users = _recipients(org_ids)
    plan = []
    for period in periods:
        days_left = (period.due_date - today).days
        kinds = _kinds_for(days_left)
        if not kinds:
            continue
        for org_id in sorted(reporters.get(period.pk, ()), key=lambda i: orgs[i].name):
            if (period.pk, org_id) in sent:
                continue
            for kind in kinds:
                if not _due_again(last.get(("period", period.pk, org_id, kind)), today, kind):
                    continue
                org = orgs[org_id]
                subject, body = _period_message(kind, period, org, days_left)
                who, emails = _audience(kind, org, users.get(org_id, []))
                plan.append(
                    PlannedReminder(
                        kind,
                        org,
                        subject,
                        body,
                        reverse("reporting:mine"),
                        period=period,
                        users=who,
                        emails=emails,
                    )
                )
    return plan


def _plan_tasks(today: dt.date) -> list[PlannedReminder]:
    from giamsat.tasks.selectors import iter_with_status_facts, task_status

    # Computed for `today` (which may be a dry run's or a back-filled day): reads only.
    tasks = []
    for task in iter_with_status_facts(with_document(Task.objects.all())):
        task.status = task_status(task, today=today)
        urgeable = task.status.code in {StatusCode.OVERDUE, StatusCode.NOT_STARTED, StatusCode.IN_PROGRESS}
        if urgeable and task.status.due is not None:
            tasks.append(task)
    leads = current_lead_ids(tasks, on=today)
    last = last_reminders(tasks=tasks)
    by_org: dict[tuple[int, str], list[Task]] = defaultdict(list)
    for task in tasks:
        kinds = _kinds_for((task.status.due - today).days)
        for org_id in leads.get(task.pk, ()):
            for kind in kinds:
                if _due_again(last.get(("task", task.pk, org_id, kind)), today, kind):
                    by_org[(org_id, kind)].append(task)
    orgs = Organization.objects.in_bulk({org_id for org_id, _ in by_org})
    users = _recipients(orgs.keys())
    plan = []
    for (org_id, kind), org_tasks in sorted(
        by_org.items(), key=lambda item: (orgs[item[0][0]].name, item[0][1])
    ):
        org = orgs[org_id]
        subject, body = _task_message(kind, org, org_tasks, today)
        who, emails = _audience(kind, org, users.get(org_id, []))
        plan.append(
            PlannedReminder(
                kind, org, subject, body, reverse("web:tasks"), tasks=org_tasks, users=who, emails=emails
            )
        )
    return plan


def reminders_plan(today: dt.date | None = None) -> list[PlannedReminder]:
    """What should be sent on `today`; reads only."""
    today = today or timezone.localdate()
    return _plan_periods(today) + _plan_tasks(today) + urging.planned(today)  # + other apps' (feedback)


KINDS = {Kind.BEFORE: "reminder", Kind.OVERDUE: "urging", Kind.ESCALATION: "urging"}  # notify.models.Kind


def reminders_send(
    plan: list[PlannedReminder],
    *,
    at: dt.datetime | None = None,
    is_demo: bool = False,
    send_mail: bool | None = None,
    day: dt.date | None = None,
    sent_by: User | None = None,
) -> list[Reminder]:
    """Send and record every planned reminder: one Reminder row per subject, recipient and channel.

    Each goes through the one dispatcher (giamsat.notify, ADR 0041): in-app, and the channels each user
    chose (e-mail by default, Zalo, Telegram, or the daily digest), tried at once; a failure is retried by
    `giamsat notify-send`. E-mail goes out only when a real mail backend is configured; otherwise no e-mail
    row is recorded, so the log never claims a message that reached nobody (the in-app notification still
    does). The chat channels and the digest are logged in the delivery log, not here.
    Each row has a unique key per `day` (default: the day of `at`), kind, agency, period or task, channel and
    recipient, written before anything is sent, in the same transaction: a second sender of the same item (two
    nodes' jobs at once, a rerun) fails on the key and sends nothing for it (ADR 0037).
    """
    at = at or timezone.now()
    day = day or timezone.localdate(at)
    if send_mail is None:
        send_mail = mail_configured()
    rows: list[Reminder] = []
    for item in plan:
        subjects = [(item.period, None)] if item.period is not None else [(None, t) for t in item.tasks]
        subjects = subjects or [(None, None)]  # another app's urging (core.urging): about neither
        addresses = {u.email: u for u in item.users if u.email}
        for address in item.emails:
            addresses.setdefault(address, None)
        planned: list[tuple[User | None, str, str, str]] = [  # user, channel, address, error
            (user, Reminder.Channel.IN_APP, "", "") for user in item.users
        ] + [(user, Reminder.Channel.EMAIL, address, "") for address, user in addresses.items() if send_mail]
        if not planned:
            planned.append((None, Reminder.Channel.IN_APP, "",
                            "Đơn vị chưa có tài khoản hoặc địa chỉ thư điện tử để nhận đôn đốc."))
        try:
            with transaction.atomic():
                # The keys first: another sender's committed (or committing) rows stop this item here.
                made = [
                    Reminder.objects.create(
                        period=period, task=task, organization=item.organization, recipient=user,
                        kind=item.kind, channel=channel, message=f"{item.subject}\n\n{item.body}",
                        address=address, error=error, sent_at=at, is_demo=is_demo, sent_by=sent_by,
                        # A person urging in their own words may urge again; only the batch job is once a day.
                        key="" if sent_by else _key(day, item, period, task, channel, user, address),
                    )
                    for period, task in subjects
                    for user, channel, address, error in planned
                ]
                sent = notify(item.users, KINDS.get(item.kind, "urging"), item.body, item.url,
                              subject=item.subject, emails=item.emails if send_mail else (), now=True, at=at)
                made = _as_delivered(made, sent)
                if getattr(item, "sent", None) is not None:
                    item.sent(at)
                audit_event("reminder_sent", item.organization, kind=item.kind, about=item.about,
                            recipients=len(planned))
        except IntegrityError:
            continue
        rows.extend(made)
    return rows


def _as_delivered(made: list[Reminder], sent) -> list[Reminder]:
    """The e-mail rows as the dispatcher delivered them: a user who turned e-mail off or takes the daily digest
    got none (the row goes), a failed one keeps its error (the dispatcher retries it)."""
    mailed = {d.address: d for d in sent if d.channel == Reminder.Channel.EMAIL and d.state != d.State.HELD}
    kept, dropped = [], []
    for r in made:
        if r.channel != Reminder.Channel.EMAIL:
            kept.append(r)
        elif r.address not in mailed:
            dropped.append(r.pk)
        else:
            d = mailed[r.address]
            r.error = "" if d.state == d.State.SENT else (d.last_error or "")[:255]
            if r.error:
                Reminder.objects.filter(pk=r.pk).update(error=r.error)
            kept.append(r)
    Reminder.objects.filter(pk__in=dropped).delete()
    return kept


def _key(day: dt.date, item, period, task, channel: str, user, address: str) -> str:
    """One reminder of one kind about one subject to one recipient per day (Reminder.key)."""
    about = (f"p{period.pk}" if period is not None else f"t{task.pk}" if task is not None
             else "u" + hashlib.sha1(f"{item.about}|{item.subject}".encode()).hexdigest()[:16])
    who = f"u{user.pk}" if user is not None else address or "-"
    return f"{day:%Y%m%d}:{item.kind}:{item.organization.pk}:{about}:{channel}:{who}"[:200]


@dataclass
class RemindResult:
    opened: list[ReportingPeriod]
    closed: list[ReportingPeriod]
    plan: list[PlannedReminder]
    sent: list[Reminder]
    dry_run: bool
    alerts: int = 0  # notices of the three alert levels sent (tasks.alert_notices)


class _DryRun(Exception):
    pass


def remind(today: dt.date | None = None, *, dry_run: bool = False) -> RemindResult:
    """Open due periods, then urge. A dry run computes the same thing inside a transaction it rolls back."""
    today = today or timezone.localdate()
    if dry_run:
        holder = {}
        try:
            with transaction.atomic():
                reorganizations_apply_due(today)
                opened = periods_open(today)
                holder["result"] = RemindResult(opened.opened, opened.closed, reminders_plan(today), [], True)
                raise _DryRun
        except _DryRun:
            pass
        return holder["result"]
    reorganizations_apply_due(today)  # decisions taking effect today: their open work is urged under successors
    opened = periods_open(today)
    plan = reminders_plan(today)
    result = RemindResult(opened.opened, opened.closed, plan, reminders_send(plan, day=today), False)
    result.alerts = alerts_notify(today)
    deliver_due()  # and the earlier failures whose retry is due (giamsat notify-send does it between runs)
    return result
