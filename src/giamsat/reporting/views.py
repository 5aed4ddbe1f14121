"""Pages of the reporting cycle. Thin: parse input, call a selector or service, render.

Who may open each page is the route table's (accounts/routes.py). Refusals: an object the user may not see
→ 404, an action the user may not take → 403 (core.middleware's pages); any other refusal of a service →
the message on the page, nothing changed.
"""


from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giamsat.accounts.access import acts_for, can_approve_reports, is_agency_user
from giamsat.core.errors import REFUSALS, ApplicationError, PermissionDeniedError
from giamsat.core.kept import ANY, CSRF_PLACEHOLDER, REPORTS, kept, with_csrf
from giamsat.reporting.forms import LockForm, ReportForm
from giamsat.reporting.marks import attach_marks, report_marks
from giamsat.reporting.models import Notification, Report
from giamsat.reporting.selectors import period_get, period_is_open, report_get, report_is_editable_by, report_versions
from giamsat.reporting.services import (
    ReportConflictError,
    notifications_mark_read,
    report_approve,
    report_correct,
    report_get_or_create_draft,
    report_send,
    report_update,
)
from giamsat.reporting.submissions import my_reporting, submission_status


def run_service(request, action, *, success: str, back: str):
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
    today = timezone.localdate()

    def body() -> str:
        context = _with_marks(my_reporting(request.user, today=today))
        return render_to_string("reporting/_mine_body.html", {**context, "today": today,
                                                               "csrf_token": CSRF_PLACEHOLDER})

    # Kept while current for the agency's scope (core.kept): until a report, a period or a rule is written.
    markup = kept("reporting-mine", request, today, {}, body, scopes=[ANY, REPORTS])
    return render(request, "reporting/mine.html", {"nav": "reports", "body": with_csrf(markup, request)})


def _with_marks(context: dict) -> dict:
    """The sent reports with the marks other systems left on them (reporting.marks: «Đã gửi Hệ thống 57»)."""
    context["history"] = attach_marks(context.get("history", []))
    return context


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
    if request.method == "GET":
        # Kept while current per report and the user's scope and role, which decide every button (#25: 4–5
        # queries a view before); a report the user may not see raises in `compute`: nothing is kept.
        title, body = kept("report-page", request, timezone.localdate(), {"report": pk, "role": request.user.role},
                           lambda: _report_page(request, report_get(request.user, pk), placeholder=True),
                           scopes=[ANY, REPORTS])
        return render(request, "reporting/report.html", {"nav": "reports", "title": title,
                                                         "body": with_csrf(body, request)})
    report = report_get(request.user, pk)
    if not report_is_editable_by(request.user, report):
        raise PermissionDeniedError(
            "Bạn không sửa được báo cáo này (không phải của đơn vị bạn, đã gửi, hoặc kỳ đã khóa sổ)."
        )
    conflict = None
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
    title, body = _report_page(request, report, form=form, conflict=conflict)
    return render(request, "reporting/report.html", {"nav": "reports", "title": title, "body": body})


def _report_page(request, report, *, form=None, conflict=None, placeholder: bool = False) -> tuple[str, str]:
    """The report page's title and body; `form`: the posted one (else the report's own when editable)."""
    editable = report_is_editable_by(request.user, report)
    if form is None and editable:
        form = ReportForm(initial=_form_initial(report))
    versions = report_versions(report)
    is_latest = versions[-1].pk == report.pk
    own = acts_for(request.user, report.organization_id)
    open_ = period_is_open(report.period)
    head = can_approve_reports(request.user) and own and is_latest and open_
    context = {
        "report": report,
        "form": form,
        "conflict": conflict,
        "versions": versions,
        "submission": submission_status(report.period, versions, today=timezone.localdate()),
        "external_marks": report_marks([report]).get(report.pk, []),
        "period_open": open_,
        "can_approve": head and report.state == Report.State.DRAFT,
        "can_return": head and report.state in (Report.State.DRAFT, Report.State.APPROVED),
        "can_refill": editable and is_latest,
        "can_send": head and report.state == Report.State.APPROVED,
        "can_correct": own and is_agency_user(request.user) and is_latest and open_
        and report.state == Report.State.SENT,
    }
    if placeholder:
        context["csrf_token"] = CSRF_PLACEHOLDER
    title = f"Báo cáo {report.period.label} — {report.organization.display_name}"
    return title, render_to_string("reporting/_report_body.html", context, request=None if placeholder else request)


def _lock_version(request) -> int | None:
    form = LockForm(request.POST)
    return form.cleaned_data.get("lock_version") if form.is_valid() else None


@require_POST
def report_approve_view(request, pk: int):
    report = report_get(request.user, pk)
    return run_service(
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

    return run_service(
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

    response = run_service(
        request, correct, success="Đã lập bản đính chính (phiên bản mới, đang dự thảo).", back=_report_url(pk)
    )
    if "new" in holder:
        return redirect("reporting:report", pk=holder["new"].pk)
    return response


def _report_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("reporting:report", args=[pk])


@require_http_methods(["GET", "POST"])
def notifications(request):
    if request.method == "POST":
        n = notifications_mark_read(user=request.user)
        messages.success(request, f"Đã đánh dấu {n} thông báo là đã đọc.")
        return redirect("reporting:notifications")
    items = Notification.objects.filter(user=request.user).order_by("-created_at", "-id")[:200]
    return render(request, "reporting/notifications.html", {"nav": "reports", "items": items})
