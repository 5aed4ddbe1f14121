"""Pages of the monitoring office in the reporting cycle: the submission board, reminders, the calendar of
periods (open now, close, reopen). Thin, like `reporting.views`; who may open them is the route table's."""

import datetime as dt
from collections import Counter, defaultdict

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from giamsat.accounts.access import can_manage_periods, is_agency_user, organizations_in_scope
from giamsat.core.kept import ANY, REPORTS, kept
from giamsat.organizations.models import Organization
from giamsat.reporting import conf
from giamsat.reporting.filters import ReminderFilterSet
from giamsat.reporting.forms import BoardForm, ReopenForm
from giamsat.reporting.models import Report
from giamsat.reporting.period_services import period_close, period_reopen, periods_open
from giamsat.reporting.periods import periods_between
from giamsat.reporting.reminders import remind
from giamsat.reporting.reporters import period_reporter_ids
from giamsat.reporting.selectors import period_get, period_is_open, period_list, reminder_list, rule_list
from giamsat.reporting.submissions import submission_board
from giamsat.reporting.views import run_service

PAGE_SIZE = 50


@require_GET
def board(request):
    today, can_manage = timezone.localdate(), can_manage_periods(request.user)
    params = {"query": sorted((k, v) for k, values in request.GET.lists() for v in values), "manage": can_manage}
    # The body (filters, counts, the board) kept while current for the user's scope (core.kept, #25).
    body = kept("reporting-board", request, today, params, lambda: _board_body(request, today, can_manage),
                scopes=[ANY, REPORTS])
    return render(request, "reporting/board.html", {"nav": "reports", "body": body})


def _board_body(request, today, can_manage: bool) -> str:
    # How many periods each rule has (for the default), counted by the database: not every period read.
    rules = list(rule_list(request.user).filter(is_active=True).annotate(n_periods=Count("periods")))
    form = BoardForm(request.GET or None, rules=rules)
    data = form.cleaned_data if form.is_valid() else {}
    rule = next((r for r in rules if r.pk == data.get("rule")), None)
    if rule is None and rules:  # default: the rule with the longest history
        rule = max(rules, key=lambda r: (r.n_periods, -r.pk))
    columns = data.get("n") or 6
    if not form.is_bound and rule is not None:  # show the choice that was made for the user
        form = BoardForm(initial={"rule": rule.pk, "n": columns}, rules=rules)
    result = submission_board(request.user, rule=rule, columns=columns, today=today)
    summary = Counter()
    for row in result.rows:
        summary.update(row.counts)
    return render_to_string("reporting/_board_body.html", {
        "form": form, "board": result, "summary": summary, "rules": rules, "can_manage": can_manage,
    })


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
    return run_service(
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
    return run_service(
        request,
        lambda: period_reopen(user=request.user, period=period, until=form.cleaned_data["until"]),
        success=f"Đã mở lại kỳ {period.label}.",
        back=_calendar_url(),
    )


def _calendar_url() -> str:
    from django.urls import reverse

    return reverse("reporting:calendar")




@require_POST
def urge_view(request):
    """POST /bao-cao/don-doc/truc-tiep/: urge one agency (co_quan) or a task's leads (nhiem_vu) with the
    office's text; back to the page it came from, with what was done or why not."""
    from giamsat.reporting.forms import UrgeForm
    from giamsat.reporting.urging import urge
    from giamsat.tasks.selectors import task_get

    form = UrgeForm(request.POST)
    back = _urging_page(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    data = form.cleaned_data
    task = task_get(request.user, data["nhiem_vu"]) if data.get("nhiem_vu") else None
    org = Organization.objects.filter(pk=data["co_quan"]).first() if data.get("co_quan") else None
    sent: list = []
    return run_service(request, lambda: sent.extend(urge(user=request.user, text=data["noi_dung"],
                                                        organization=org, task=task)),
                       success="Đã gửi đôn đốc (thông báo trong hệ thống và thư điện tử nếu có).", back=back)


def _urging_page(post) -> str:
    from django.urls import reverse

    if str(post.get("nhiem_vu", "")).isdigit():
        return reverse("web:task", args=[int(post["nhiem_vu"])]) + "#don-doc"
    if str(post.get("co_quan", "")).isdigit():
        return reverse("web:organization", args=[int(post["co_quan"])]) + "#don-doc"
    return reverse("reporting:reminders")
