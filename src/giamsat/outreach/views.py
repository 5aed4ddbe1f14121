"""Outreach pages: the list (with export), recording an activity, importing a sheet, the summaries."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from giamsat.accounts.access import can_record_outreach
from giamsat.core.errors import REFUSALS, ApplicationError, NotFoundError
from giamsat.core.kept import ANY, kept
from giamsat.core.links import address_of
from giamsat.core.storage import file_response
from giamsat.core.templatetags.bars import thousands
from giamsat.outreach.filters import OutreachFilterSet
from giamsat.outreach.forms import ActivityForm, ImportForm, SummaryForm
from giamsat.outreach.periods import parse_period
from giamsat.outreach.selectors import outreach_get, outreach_list, outreach_summary
from giamsat.outreach.services import ActivityInput, EvidenceUpload, outreach_create, outreach_delete, outreach_import
from giamsat.outreach.xlsx import XLSX_TYPE, export_xlsx, read_sheet, template_xlsx
from giamsat.tasks.models import Task

PAGE_SIZE = 50
EXPORT_LIMIT = 20000


def _tasks(user):
    return [(t.pk, f"{t.number or t.pk}. {t.name[:120]}") for t in
            Task.objects.visible_to(user).order_by("document_id", "position", "id").only("id", "number", "name")[:300]]


def activities(request):
    filters = OutreachFilterSet(request.GET, queryset=outreach_list(request.user))
    filters.offer_choices(request.user)
    page = Paginator(filters.rows().order_by("-date", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    can_record = can_record_outreach(request.user)
    return render(request, "outreach/list.html", {
        "nav": "outreach", "form": filters.form, "page": page, "total": page.paginator.count,
        "rows": _list_rows(request, page.object_list, can_record), "can_record": can_record,
        "query": request.GET.urlencode(),
    }, status=200 if filters.is_valid() else 400)


_ROW = ('<tr>\n<td data-label="Ngày">{}</td><td data-label="Kênh">{}</td>\n'
        '<td data-label="Tiêu đề, nội dung">{}{}</td>\n'
        '<td class="num" data-label="Số lượng">{}</td><td class="num" data-label="Người, lượt tiếp cận">{}</td>\n'
        '<td data-label="Cơ quan">{}</td>\n<td data-label="Minh chứng">{}{}</td>\n{}</tr>\n')


def _list_rows(request, activities, can_record: bool) -> str:
    """The list's rows written in Python (issue #25: ≈1 ms a row through the template), the same markup."""
    task, evidence, delete = address_of("web:task"), address_of("outreach:evidence"), address_of("outreach:delete")
    token, own = csrf_input(request), request.user.organization_id
    rows = []
    for a in activities:
        remove = ""
        if can_record:
            remove = format_html('<td>{}</td>', format_html(
                '<form method="post" action="{}">{}<button class="btn secondary small" type="submit">Xóa</button>'
                '</form>', delete(a.pk), token) if a.organization_id == own else "")
        rows.append(format_html(
            _ROW, f"{a.date:%d/%m/%Y}", a.channel.name, a.title,
            format_html('<br><small><a href="{}">Nhiệm vụ {}</a></small>', task(a.task_id),
                        a.task.number or a.task_id) if a.task_id else "",
            thousands(a.quantity), thousands(a.reach), a.organization.display_name,
            format_html('<a href="{}" rel="noopener noreferrer">đường dẫn</a>', a.link) if a.link else "",
            format_html(' <a href="{}">tệp</a>', evidence(a.pk)) if a.evidence else "", remove))
    return mark_safe("".join(rows))


@require_http_methods(["GET", "POST"])
def activity_new(request):
    form = ActivityForm(request.POST or None, request.FILES or None, tasks=_tasks(request.user),
                        initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.pop("evidence")
        try:
            outreach_create(user=request.user, data=ActivityInput(**data),
                            evidence=EvidenceUpload(upload.name, upload) if upload else None)
        except REFUSALS:
            raise
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã ghi nhận hoạt động tuyên truyền.")
            return redirect("outreach:list")
    return render(request, "outreach/new.html", {"nav": "outreach", "form": form},
                  status=400 if request.method == "POST" else 200)


@require_POST
def activity_delete(request, pk: int):
    try:
        outreach_delete(user=request.user, activity=outreach_get(request.user, pk))
    except REFUSALS:
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã xóa hoạt động.")
    return redirect("outreach:list")


@require_http_methods(["GET", "POST"])
def activity_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = outreach_import(user=request.user, rows=read_sheet(upload.read(upload.size + 1)))
        except REFUSALS:
            raise
        except ApplicationError as exc:
            problems = exc.extra.get("problems") or [exc.message]
        else:
            messages.success(request, f"Đã nhập {len(created)} hoạt động tuyên truyền.")
            return redirect("outreach:list")
    return render(request, "outreach/import.html", {"nav": "outreach", "form": form, "problems": problems},
                  status=400 if request.method == "POST" else 200)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def activity_template(request):
    return _xlsx(template_xlsx(), "mau-hoat-dong-tuyen-truyen.xlsx")


def activity_export(request):
    """The list's rows as filtered (the same FilterSet), without anyone's personal data."""
    qs = OutreachFilterSet.narrow(outreach_list(request.user), request.GET).order_by("-date", "-id")
    return _xlsx(export_xlsx(qs[:EXPORT_LIMIT]), "hoat-dong-tuyen-truyen.xlsx")


def summary(request):
    form = SummaryForm(request.GET or None)
    today = timezone.localdate()
    key = str(today.year)
    error = ""
    if form.is_valid() and form.cleaned_data["period"]:
        key = form.cleaned_data["period"]
    elif form.errors.get("period"):
        error = " ".join(form.errors["period"])
    try:
        period = parse_period(key)
    except ApplicationError as exc:
        error, period = exc.message, parse_period(str(today.year))
    org = form.cleaned_data.get("organization") if form.is_valid() else None

    def compute() -> str:
        data = outreach_summary(request.user, period.start, period.end, organization_id=org)
        return render_to_string("outreach/_summary_body.html", {
            "form": form, "error": error, "data": data, "channel_rows": _summary_rows(data["channels"]),
            "agency_rows": _summary_rows(data["agencies"]),
            "channel_bars": [(r.label, r.quantity) for r in data["channels"]],
            "month_bars": [(r.label, r.quantity) for r in data["months"]]})

    # The filters, figures and rows kept while current per scope and query string (core.kept, #25: three
    # grouped counts and ≈120 periods written a view before); writes of activities renew `any`.
    params = {"query": sorted((k, v) for k, values in request.GET.lists() for v in values)}
    body = kept("outreach-summary", request, today, params, compute, scopes=[ANY])
    return render(request, "outreach/summary.html", {
        "nav": "outreach", "period": period, "body": mark_safe(body),
        "can_record": can_record_outreach(request.user),
    }, status=400 if error else 200)


_SUMMARY_ROW = ('<tr><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>\n')


def _summary_rows(rows) -> str:
    """A summary table's rows written in Python (issue #25: one row an agency, ≈1 ms each through the
    template; a country has thousands), the same markup and figures."""
    return mark_safe("".join(format_html(_SUMMARY_ROW, r.label, thousands(r.activities), thousands(r.quantity),
                                         thousands(r.reach)) for r in rows))


def evidence(request, pk: int):
    activity = outreach_get(request.user, pk)
    if not activity.evidence:
        raise NotFoundError("Hoạt động này không có tệp minh chứng.")
    return file_response(activity, activity.evidence, activity.evidence_sha256, filename=activity.evidence_name,
                         content_type=activity.evidence_type)
