"""Pages of the reporting cycle. Thin: parse input, call a selector or service, render.

Who may open each page is the route table's (accounts/routes.py). Refusals: an object the user may not see
→ 404, an action the user may not take → 403 (core.middleware's pages); any other refusal of a service →
the message on the page, nothing changed.
"""

import datetime as dt
from collections import Counter, defaultdict

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giamsat.accounts.access import (
    acts_for,
    can_approve_reports,
    can_manage_periods,
    is_agency_user,
    organizations_in_scope,
)
from giamsat.core.errors import REFUSALS, ApplicationError, PermissionDeniedError
from giamsat.organizations.models import Organization
from giamsat.reporting import conf
from giamsat.reporting.filters import ReminderFilterSet
from giamsat.reporting.forms import BoardForm, LockForm, ReopenForm, ReportForm
from giamsat.reporting.models import Notification, Report
from giamsat.reporting.periods import periods_between
from giamsat.reporting.reminders import remind
from giamsat.reporting.selectors import (
    my_reporting,
    period_get,
    period_is_open,
    period_list,
    period_reporter_ids,
    reminder_list,
    report_get,
    report_is_editable_by,
    report_versions,
    rule_list,
    submission_board,
    submission_status,
)
from giamsat.reporting.services import (
    ReportConflictError,
    notifications_mark_read,
    period_close,
    period_reopen,
    periods_open,
    report_approve,
    report_correct,
    report_get_or_create_draft,
    report_send,
    report_update,
)

PAGE_SIZE = 50


def _run(request, action, *, success: str, back: str):
    """Call a service: 404/403 as such, any other refusal as a message on the page it came from."""
    try:
        action()
    except REFUSALS:
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(back)


# ------------------------------------------------------------------------------------------------ agency


@require_GET
def mine(request):
    """An agency's reporting: due this period, drafts, history. The read-all roles go to the board."""
    if not is_agency_user(request.user):
        return redirect("reporting:board")
    return render(
        request,
        "reporting/mine.html",
        {"nav": "reports", **my_reporting(request.user), "today": timezone.localdate()},
    )


@require_POST
def report_draft(request, period_pk: int):
    period = period_get(request.user, period_pk)
    try:
        report = report_get_or_create_draft(user=request.user, period=period)
    except REFUSALS:
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("reporting:mine")
    return redirect("reporting:report", pk=report.pk)


def _form_initial(report: Report) -> dict:
    return {
        name: getattr(report, name)
        for name in (
            "results",
            "shortcomings",
            "next_tasks",
            "proposals",
            "nothing_to_report",
            "lock_version",
        )
    }


@require_http_methods(["GET", "POST"])
def report_detail(request, pk: int):
    report = report_get(request.user, pk)
    editable = report_is_editable_by(request.user, report)
    conflict = None
    form = ReportForm(initial=_form_initial(report)) if editable else None
    if request.method == "POST":
        if not editable:
            raise PermissionDeniedError(
                "Bạn không sửa được báo cáo này (không phải của đơn vị bạn, đã gửi, hoặc kỳ đã khóa sổ)."
            )
        form = ReportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report_update(user=request.user, report=report, **data)
            except ReportConflictError as exc:
                # Keep what the user typed; the hidden version now points at the current row, so saving
                # again is a deliberate choice made after seeing the other person's changes.
                conflict = exc
                posted = request.POST.copy()
                posted["lock_version"] = exc.current.lock_version
                form = ReportForm(posted)
                form.is_valid()
                form.add_error(None, exc.message)
                report = report_get(request.user, pk)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    "Đã lưu báo cáo."
                    if report.state == Report.State.DRAFT
                    else "Đã lưu. Báo cáo trở lại dự thảo, cần lãnh đạo duyệt lại.",
                )
                return redirect("reporting:report", pk=pk)
    versions = report_versions(report)
    is_latest = versions[-1].pk == report.pk
    own = acts_for(request.user, report.organization_id)
    open_ = period_is_open(report.period)
    head = can_approve_reports(request.user) and own and is_latest and open_
    return render(
        request,
        "reporting/report.html",
        {
            "nav": "reports",
            "report": report,
            "form": form,
            "conflict": conflict,
            "versions": versions,
            "submission": submission_status(report.period, versions, today=timezone.localdate()),
            "period_open": open_,
            "can_approve": head and report.state == Report.State.DRAFT,
            "can_send": head and report.state == Report.State.APPROVED,
            "can_correct": own
            and is_agency_user(request.user)
            and is_latest
            and open_
            and report.state == Report.State.SENT,
        },
    )


def _lock_version(request) -> int | None:
    form = LockForm(request.POST)
    return form.cleaned_data.get("lock_version") if form.is_valid() else None


@require_POST
def report_approve_view(request, pk: int):
    report = report_get(request.user, pk)
    return _run(
        request,
        lambda: report_approve(user=request.user, report=report, lock_version=_lock_version(request)),
        success="Đã duyệt báo cáo.",
        back=_report_url(pk),
    )


@require_POST
def report_send_view(request, pk: int):
    report = report_get(request.user, pk)

    def send():
        sent = report_send(user=request.user, report=report, lock_version=_lock_version(request))
        if sent.is_late:
            messages.warning(
                request, f"Báo cáo gửi sau hạn {sent.period.due_date:%d/%m/%Y}: được ghi nhận là gửi muộn."
            )

    return _run(
        request,
        send,
        success="Đã gửi báo cáo. Báo cáo đã khóa; muốn sửa, hãy lập bản đính chính.",
        back=_report_url(pk),
    )


@require_POST
def report_correct_view(request, pk: int):
    report = report_get(request.user, pk)
    holder = {}

    def correct():
        holder["new"] = report_correct(user=request.user, report=report)

    response = _run(
        request, correct, success="Đã lập bản đính chính (phiên bản mới, đang dự thảo).", back=_report_url(pk)
    )
    if "new" in holder:
        return redirect("reporting:report", pk=holder["new"].pk)
    return response


def _report_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("reporting:report", args=[pk])


# ------------------------------------------------------------------------------------- monitoring office


@require_GET
def board(request):
    rules = list(rule_list(request.user).filter(is_active=True).prefetch_related("periods"))
    form = BoardForm(request.GET or None, rules=rules)
    data = form.cleaned_data if form.is_valid() else {}
    rule = next((r for r in rules if r.pk == data.get("rule")), None)
    if rule is None and rules:  # default: the rule with the longest history
        rule = max(rules, key=lambda r: (len(r.periods.all()), -r.pk))
    columns = data.get("n") or 6
    if not form.is_bound and rule is not None:  # show the choice that was made for the user
        form = BoardForm(initial={"rule": rule.pk, "n": columns}, rules=rules)
    result = submission_board(request.user, rule=rule, columns=columns)
    summary = Counter()
    for row in result.rows:
        summary.update(row.counts)
    return render(
        request,
        "reporting/board.html",
        {
            "nav": "reports",
            "form": form,
            "board": result,
            "summary": summary,
            "rules": rules,
            "can_manage": can_manage_periods(request.user),
        },
    )


@require_GET
def reminders(request):
    """The record of every reminder; an agency sees those it received."""
    orgs = organizations_in_scope(
        Organization.objects.filter(reminders__isnull=False).distinct().order_by("name"), request.user
    )
    filters = ReminderFilterSet(request.GET, queryset=reminder_list(request.user))
    filters.offer("organization", [(o.pk, o.display_name) for o in orgs], "Tất cả cơ quan")
    page = Paginator(filters.rows(), PAGE_SIZE).get_page(request.GET.get("page"))
    preview = None
    if can_manage_periods(request.user) and request.GET.get("xem_truoc"):
        preview = remind(timezone.localdate(), dry_run=True).plan
    return render(
        request,
        "reporting/reminders.html",
        {
            "nav": "reports",
            "form": filters.form,
            "page": page,
            "preview": preview,
            "can_manage": can_manage_periods(request.user),
            "settings": {
                "before": conf.get("GIAMSAT_REMIND_BEFORE_DAYS"),
                "repeat": conf.get("GIAMSAT_REMIND_REPEAT_DAYS"),
                "escalate": conf.get("GIAMSAT_REMIND_ESCALATE_DAYS"),
            },
        },
        status=200 if filters.is_valid() else 400,
    )


@require_POST
def remind_run(request):
    result = remind(timezone.localdate())
    messages.success(
        request,
        f"Đã mở {len(result.opened)} kỳ báo cáo, gửi {len(result.plan)} lượt đôn đốc "
        f"({len(result.sent)} bản ghi thư và thông báo).",
    )
    return redirect("reporting:reminders")


@require_GET
def calendar(request):
    """What is due when: the opened periods around today and the next ones of every rule."""
    today = timezone.localdate()
    periods = list(
        period_list(request.user)
        .filter(due_date__gte=today - dt.timedelta(days=62))
        .order_by("due_date", "rule_id")
    )
    reporters = period_reporter_ids(periods)
    sent = defaultdict(set)
    for period_id, org_id in Report.objects.filter(period__in=periods, state=Report.State.SENT).values_list(
        "period_id", "organization_id"
    ):
        sent[period_id].add(org_id)
    agency_org = request.user.organization_id if is_agency_user(request.user) else None
    rows = []
    for p in periods:
        expected = reporters.get(p.pk, set())
        if agency_org is not None and agency_org not in expected and p.rule.recipient_id != agency_org:
            continue
        rows.append(
            {
                "period": p,
                "rule": p.rule,
                "expected": len(expected),
                "sent": len(sent[p.pk] & expected),
                "is_open": period_is_open(p, today),
                "mine": agency_org in expected if agency_org else None,
                "mine_sent": agency_org in sent[p.pk] if agency_org else None,
            }
        )
    opened_keys = {
        (p.rule_id, p.key) for p in period_list(request.user).filter(start__gt=today - dt.timedelta(days=400))
    }
    upcoming = []
    grace = conf.get("GIAMSAT_REPORT_DUE_DAYS")
    rules = rule_list(request.user).filter(is_active=True)
    for rule in rules:
        for spec in periods_between(
            rule.frequency,
            today,
            today + dt.timedelta(days=200),
            due_day=rule.due_day,
            due_month=rule.due_month,
            grace_days=grace,
        ):
            if (rule.pk, spec.key) not in opened_keys and spec.start > today:
                upcoming.append({"spec": spec, "rule": rule})
    upcoming.sort(key=lambda r: (r["spec"].due_date, r["rule"].pk))
    return render(
        request,
        "reporting/calendar.html",
        {
            "nav": "reports",
            "rows": rows,
            "upcoming": upcoming[:60],
            "today": today,
            "can_manage": can_manage_periods(request.user),
            "reopen_form": ReopenForm(),
        },
    )


@require_POST
def period_open_now(request):
    result = periods_open(timezone.localdate())
    messages.success(
        request, f"Đã mở {len(result.opened)} kỳ báo cáo mới, khóa {len(result.closed)} kỳ quá hạn."
    )
    return redirect("reporting:calendar")


@require_POST
def period_close_view(request, pk: int):
    period = period_get(request.user, pk)
    return _run(
        request,
        lambda: period_close(user=request.user, period=period),
        success=f"Đã khóa sổ kỳ {period.label}.",
        back=_calendar_url(),
    )


@require_POST
def period_reopen_view(request, pk: int):
    period = period_get(request.user, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ngày không hợp lệ: dùng dạng dd/mm/yyyy.")
        return redirect("reporting:calendar")
    return _run(
        request,
        lambda: period_reopen(user=request.user, period=period, until=form.cleaned_data["until"]),
        success=f"Đã mở lại kỳ {period.label}.",
        back=_calendar_url(),
    )


def _calendar_url() -> str:
    from django.urls import reverse

    return reverse("reporting:calendar")


@require_http_methods(["GET", "POST"])
def notifications(request):
    if request.method == "POST":
        n = notifications_mark_read(user=request.user)
        messages.success(request, f"Đã đánh dấu {n} thông báo là đã đọc.")
        return redirect("reporting:notifications")
    items = Notification.objects.filter(user=request.user).order_by("-created_at", "-id")[:200]
    return render(request, "reporting/notifications.html", {"nav": "reports", "items": items})
