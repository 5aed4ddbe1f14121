"""Demo activity on the seed plans since June 2025: progress updates, periodic reports, reminders.

Everything goes through the real services (tasks.services.progress_update_create, reporting.services,
reporting.reminders) with the dates it would have had, and is flagged is_demo. A fixed random seed makes
the demo the same on every machine for the same `today`.

What it shows:
- lead agencies report on their tasks every two or three months (some report "không phát sinh"), with
  difficulties and proposals now and then; a few one-off tasks are done, the dated one (Plan 2653 task 1,
  "Tháng 6/2025") is left overdue;
- monthly, six-monthly and annual reports under Plan 2653/KH-UBND's rules: mostly on time, some late, some
  missing, drafts in the current period;
- reminders before and after the due dates of the last periods, escalations, and task reminders.
"""

import datetime as dt
import random
from collections import defaultdict

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from giamsat.accounts.access import AGENCY_USERS
from giamsat.accounts.models import Role, User
from giamsat.audit.services import audit_event
from giamsat.documents.models import Document
from giamsat.organizations.models import Organization
from giamsat.reporting.models import Report, ReportingPeriod
from giamsat.reporting.period_services import periods_close_expired, periods_open
from giamsat.reporting.prefill import compose_report_text, period_updates
from giamsat.reporting.reminders import _plan_periods, _plan_tasks, reminders_send
from giamsat.reporting.reporters import _current_ids, _successor_map, period_reporter_ids
from giamsat.reporting.services import report_approve, report_get_or_create_draft, report_send
from giamsat.tasks.models import ProgressUpdate, Task
from giamsat.tasks.services import progress_update_create
from giamsat.tasks.summary import refresh_deferred

SEED = 57
START = dt.date(2025, 6, 1)
PLANS = ["2653/KH-UBND", "63-CTr/TU"]  # the seed plans whose lead agencies are named
REPORTING_PLAN = "2653/KH-UBND"  # seed 001: monthly before the 15th, 6-monthly, annual, to Sở VHTTDL
RECENT_DAYS = 35  # periods due since then go through the services one by one; older ones are bulk-written

RESULTS = [
    "Đăng tải {n} tin, bài tuyên truyền về Nghị quyết số 57-NQ/TW trên Trang thông tin điện tử của đơn vị.",
    "Tổ chức {n} hội nghị quán triệt, triển khai Nghị quyết số 57-NQ/TW cho {m} cán bộ, công chức, "
    "viên chức.",
    "Phát hành {n} bản tin, infographic về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.",
    "Phối hợp xây dựng chuyên mục “Chuyển đổi số” với {n} số phát sóng trong kỳ.",
    "Cử {m} lượt cán bộ tham gia bồi dưỡng kỹ năng số; {n} cán bộ hoàn thành khóa học trên nền tảng "
    "học tập mở.",
    "Tuyên truyền trên hệ thống loa truyền thanh cơ sở {n} lượt; vận động người dân cài đặt, sử dụng VNeID.",
    "Hưởng ứng cuộc thi “Công dân số thông minh” với {m} lượt người tham gia.",
    "Rà soát, cập nhật {n} thủ tục hành chính thực hiện trực tuyến toàn trình.",
    "Xây dựng dự thảo kế hoạch chi tiết của đơn vị; đã lấy ý kiến các phòng chuyên môn.",
]
DIFFICULTIES = [
    "Kinh phí cho hoạt động tuyên truyền chưa được bố trí riêng, phải lồng ghép từ nguồn chi thường xuyên.",
    "Đội ngũ làm công tác chuyển đổi số còn thiếu, chủ yếu kiêm nhiệm.",
    "Hạ tầng mạng tại một số xã vùng sâu, vùng xa chưa ổn định, ảnh hưởng việc tuyên truyền trên "
    "nền tảng số.",
    "Tài liệu tuyên truyền bằng tiếng dân tộc thiểu số còn ít.",
]
PROPOSALS = [
    "Đề nghị Sở Tài chính tham mưu bố trí kinh phí thực hiện nhiệm vụ trong dự toán năm 2026.",
    "Đề nghị Sở Khoa học và Công nghệ tổ chức tập huấn kỹ năng chuyển đổi số cho cán bộ đầu mối.",
    "Đề nghị Sở Văn hóa, Thể thao và Du lịch cung cấp đề cương, tài liệu tuyên truyền định kỳ hằng quý.",
]


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    out, day = [], first.replace(day=1)
    while day <= last:
        out.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime(day.year, day.month, day.day, rng.randint(8, 16), rng.randint(0, 59))
    )


def _recorded(day: dt.date) -> dt.datetime:
    """When the demo's update of `day` is recorded: that afternoon (the rules bound the date by it)."""
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 16, 30))


def _ensure_users(orgs: list[Organization], password: str) -> dict[int, dict[str, User]]:
    """A focal point and a head for every acting organization (existing demo users are kept)."""
    hashed = make_password(password)  # hash once: Argon2 is slow by design and these are demo accounts
    users: dict[int, dict[str, User]] = defaultdict(dict)
    for user in User.objects.filter(AGENCY_USERS, organization__in=orgs):
        users[user.organization_id].setdefault(user.role, user)
    for org in orgs:
        for role, suffix, title in ((Role.FOCAL, "", "Cán bộ đầu mối"), (Role.HEAD, "-ld", "Lãnh đạo")):
            if role in users[org.pk]:
                continue
            user = User(
                username=f"dm-{org.code}{suffix}"[:150],
                first_name=f"{title} {org.display_name} (mẫu)",
                role=role,
                organization=org,
                is_demo=True,
                password=hashed,
            )
            user.save()
            users[org.pk][role] = user
    return users


def _updates(rng: random.Random, today: dt.date, users) -> int:
    tasks = list(
        Task.objects.filter(document__number__in=PLANS)
        .select_related("document")
        .prefetch_related("assignments")
        .order_by("document_id", "position", "id")
    )
    edges = _successor_map()
    validity = {
        pk: (vf, vt) for pk, vf, vt in Organization.objects.values_list("pk", "valid_from", "valid_to")
    }
    months = _month_starts(START, today)
    count = 0
    for task in tasks:
        leads = [a.organization_id for a in task.assignments.all() if a.role == "lead"]
        overdue_on_purpose = task.due_date is not None and not task.recurring  # keep the dated task overdue
        finish = not task.recurring and task.due_date is None and rng.random() < 0.35
        for lead in leads:
            if rng.random() < 0.55:
                continue  # this agency has not reported on this task (yet)
            step, offset = rng.choice([2, 3, 3]), rng.randint(0, 2)
            percent = rng.randint(5, 25)
            plan = [m for i, m in enumerate(months) if (i + offset) % step == 0]
            done_at = len(plan) - 1 - rng.randint(0, 2) if finish else None
            for i, month in enumerate(plan):
                # Not before the plan was issued (tasks.given_dates refuses it).
                day = max(month + dt.timedelta(days=rng.randint(2, 12)), task.document.date or START)
                if day >= today:
                    continue
                acting = _current_ids({lead}, on=day, edges=edges, validity=validity)
                acting = [o for o in acting if o in users]
                if not acting:
                    continue  # a district before its successor existed, or a unit without an account
                user = users[acting[0]][Role.FOCAL]
                if rng.random() < 0.12:
                    progress_update_create(
                        user=user,
                        task=task,
                        state=ProgressUpdate.State.NOTHING,
                        reported_on=day,
                        narrative="Không phát sinh trong kỳ.",
                        is_demo=True,
                        at=_recorded(day),
                    )
                    count += 1
                    continue
                percent = min(95, percent + rng.randint(5, 20))
                done = done_at is not None and i >= done_at and not overdue_on_purpose
                narrative = rng.choice(RESULTS).format(n=rng.randint(2, 30), m=rng.randint(20, 400))
                link = f"https://congthongtin.laichau.example/tin-tuc/{rng.randint(1000, 9999)}"
                progress_update_create(
                    links=[link] if rng.random() < 0.3 or done else [],  # a "done" needs evidence (#16)
                    user=user,
                    task=task,
                    state="done" if done else "in_progress",
                    percent=100 if done else percent,
                    narrative=narrative,
                    reported_on=day,
                    is_demo=True,
                    at=_recorded(day),
                    difficulties=rng.choice(DIFFICULTIES) if rng.random() < 0.25 else "",
                    proposals=rng.choice(PROPOSALS) if rng.random() < 0.2 else "",
                )
                count += 1
                if done:
                    break
    return count


def _outcome(
    rng: random.Random, period: ReportingPeriod, today: dt.date, weak: bool
) -> tuple[str, dt.date | None]:
    """(on_time | late | missing | draft | approved | none, day sent) for one agency and period."""
    roll = rng.random() + (0.25 if weak else 0)
    due = period.due_date
    if due >= today:  # the current period: work in progress (the monthly report is the one being written)
        if period.rule.frequency != "monthly":
            return "none", None
        return ("approved" if roll < 0.2 else "draft" if roll < 0.5 else "none"), None
    if roll >= 0.88:
        return ("draft" if roll < 0.95 else "missing"), None
    if roll >= 0.74:
        sent = due + dt.timedelta(days=rng.randint(4, 12))
    else:
        sent = due - dt.timedelta(days=rng.randint(0, 3))
    if sent >= today:
        return "missing", None
    return ("late" if sent > due else "on_time"), sent


def _reports(rng: random.Random, today: dt.date, users, weak: set[int], plan: Document) -> tuple[dict, list]:
    """Reports under Plan 2653's rules. The recent periods go through the services (draft → approve → send,
    audited); older history is written in bulk with the same fields, so that `giamsat demo` stays fast."""
    periods = list(
        ReportingPeriod.objects.filter(rule__document=plan, start__lte=today)
        .select_related("rule", "rule__document")
        .order_by("end", "rule_id")
    )
    reporters = period_reporter_ids(periods)
    recent_from = today - dt.timedelta(days=RECENT_DAYS)
    history = [u for u in period_updates(document_id=plan.pk, organization_ids=None, start=START, end=today)]
    by_org = defaultdict(list)
    for u in history:
        by_org[u.organization_id].append(u)
    outcome: dict[str, int] = defaultdict(int)
    late_sends, bulk = [], []
    for period in periods:
        for org_id in sorted(reporters.get(period.pk, ())):
            if org_id not in users:
                outcome["missing"] += 1  # no account (a district abolished on 01/07/2025)
                continue
            focal, head = users[org_id][Role.FOCAL], users[org_id][Role.HEAD]
            result, sent = _outcome(rng, period, today, org_id in weak)
            outcome["missing" if result == "draft" and period.due_date < today else result] += 1
            if result in {"none", "missing"}:
                continue
            if period.due_date < recent_from:
                text = compose_report_text(
                    [u for u in by_org[org_id] if period.start <= u.reported_on <= period.end]
                )
                report = Report(period=period, organization_id=org_id, updated_by=focal, is_demo=True, **text)
                if sent is not None:
                    at = _at(sent, rng)
                    report.state, report.lock_version = Report.State.SENT, 2
                    report.approved_by = report.sent_by = head
                    report.approved_at = report.sent_at = at
                    report.is_late = sent > period.due_date
                bulk.append(report)
                continue
            day = min(sent or period.end, period.end + dt.timedelta(days=1))
            report = report_get_or_create_draft(user=focal, period=period, at=_at(day, rng), is_demo=True)
            if result == "draft":
                continue
            report = report_approve(
                user=head, report=report, at=_at(sent or today - dt.timedelta(days=1), rng)
            )
            if result == "late":
                late_sends.append((period, head, report, sent))
            elif result == "on_time":
                report_send(user=head, report=report, at=_at(sent, rng))
    Report.objects.bulk_create(bulk)
    audit_event(
        "demo_report_history",
        plan,
        reports=len(bulk),
        note="Lịch sử báo cáo mẫu trước các kỳ gần đây, ghi hàng loạt",
    )
    return outcome, late_sends


def _reminders(rng: random.Random, today: dt.date, late_sends, plan: Document) -> int:
    """Reminders of the last monthly periods, sent on the days they would have been sent; late reports
    arrive between them. Then the task reminders of ten days ago."""
    monthly = list(
        ReportingPeriod.objects.filter(
            rule__document=plan, rule__frequency="monthly", due_date__lt=today
        ).order_by("-due_date")[:2]
    )[::-1]
    pending = defaultdict(list)
    for period, head, report, day in late_sends:
        pending[period.pk].append((day, head, report))
    rows = 0
    for period in monthly:
        for offset in (-3, 3, 6):
            day = period.due_date + dt.timedelta(days=offset)
            if day >= today:
                break
            keep = []
            for sent, head, report in sorted(pending.pop(period.pk, []), key=lambda x: x[0]):
                if sent <= day:
                    report_send(user=head, report=report, at=_at(sent, rng))
                else:
                    keep.append((sent, head, report))
            pending[period.pk] = keep
            items = [p for p in _plan_periods(day) if p.period is not None and p.period.pk == period.pk]
            rows += len(reminders_send(items, at=_at(day, rng).replace(hour=7, minute=30), is_demo=True))
    for items in pending.values():
        for sent, head, report in items:
            report_send(user=head, report=report, at=_at(sent, rng))
    day = today - dt.timedelta(days=10)
    rows += len(reminders_send(_plan_tasks(day), at=_at(day, rng).replace(hour=7, minute=30), is_demo=True))
    return rows


def build_activity(today: dt.date, *, password: str, seed: int = SEED) -> list[str]:
    """Add the demo activity up to `today` (exclusive); returns summary lines for `giamsat demo`."""
    rng = random.Random(seed)
    plan = Document.objects.filter(number=REPORTING_PLAN).first()
    if plan is None:
        return ["Không có Kế hoạch 2653/KH-UBND: bỏ qua hoạt động mẫu."]
    with transaction.atomic():
        lead_ids = set(
            Task.objects.filter(document__number__in=PLANS, assignments__role="lead").values_list(
                "assignments__organization_id", flat=True
            )
        )
        current = _current_ids(
            lead_ids,
            on=today,
            edges=_successor_map(),
            validity={
                pk: (vf, vt)
                for pk, vf, vt in Organization.objects.values_list("pk", "valid_from", "valid_to")
            },
        )
        orgs = list(Organization.objects.filter(pk__in=current).order_by("code"))
        users = _ensure_users(orgs, password)
        with refresh_deferred():  # statuses once at the end, not after each of hundreds of updates
            updates = _updates(rng, today, users)
        periods_open(today, close_expired=False)
        weak = {o.pk for o in rng.sample(orgs, k=min(3, len(orgs)))}
        outcome, late_sends = _reports(rng, today, users, weak, plan)
        reminders = _reminders(rng, today, late_sends, plan)
        periods_close_expired(today)
    return [
        f"{updates} cập nhật tiến độ mẫu của {len(orgs)} cơ quan chủ trì "
        "(tài khoản dm-<mã đơn vị>, dm-<mã>-ld)",
        f"báo cáo định kỳ Kế hoạch 2653/KH-UBND: {outcome['on_time']} đúng hạn, {outcome['late']} muộn, "
        f"{outcome['missing']} chưa gửi; "
        f"kỳ hiện tại: {outcome['draft'] + outcome['approved']} đang soạn, duyệt",
        f"{reminders} bản ghi đôn đốc",
    ]
