"""Pages of indicators, mounted at /chi-tieu/. Thin: parse input, call a selector or service, render."""

from types import SimpleNamespace

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giamsat.accounts.access import (
    can_enter_values,
    can_manage_indicators,
    can_request_explanation,
    is_agency_user,
    organizations_in_scope,
    own_organization_ids,
)
from giamsat.core.errors import REFUSALS, ApplicationError
from giamsat.core.periods import period_label
from giamsat.indicators import xlsx
from giamsat.indicators.filters import IndicatorFilterSet
from giamsat.indicators.forms import AnswerForm, ExplanationForm, IndicatorForm, ReviewForm, UploadForm, ValueForm
from giamsat.indicators.models import Indicator, IndicatorValue
from giamsat.indicators.selectors import (
    enterable_indicators,
    explanation_get,
    explanation_list,
    indicator_chart,
    indicator_get,
    indicator_list,
    indicator_ref,
    indicator_statuses,
    indicators_by_id,
    review_queue,
    value_get,
    value_list,
)
from giamsat.indicators.services import (
    indicator_create,
    indicator_update,
    indicator_values_import_xlsx,
    indicators_import_xlsx,
)
from giamsat.indicators.status import STATUS_CODES, STATUS_LABELS
from giamsat.indicators.templatetags.indicator_tags import indicator_rows
from giamsat.indicators.values import (
    explanation_answer,
    explanation_request_create,
    indicator_value_review,
    indicator_value_submit,
)
from giamsat.organizations.models import Organization

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _back(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


PAGE_SIZE = 50  # rows a page: a country's 1 360 indicators were one page of 0,7 s (issue #25)
CHOICES_LISTED = 300  # as the task list's drop-downs: a longer one helps nobody and weighs the page
TOO_MANY_ORGANIZATIONS = ("Quá nhiều đơn vị để liệt kê: mở trang của cơ quan (mục Cơ quan) để xem các chỉ tiêu "
                          "cơ quan chịu trách nhiệm.")


# Set at start-up by giamsat.dashboard (a layer above): `keep(kind, user, today, params, compute)` keeps what
# `compute()` returns for the user's scope while no indicator, value or organization has been written since
# (dashboard.snapshots, ADR 0053). Unset: computed on every request.
keep = None


def _kept(kind: str, user, today, params: dict, compute):
    return compute() if keep is None else keep(kind, user, today, params, compute)


def _responsible_choices(user) -> list[tuple[int, str]] | None:
    """The organizations responsible for some indicator that the user may choose among, read from the
    organizations table (a semi-join on the indicators' column, no DISTINCT); None past CHOICES_LISTED."""
    orgs = organizations_in_scope(
        Organization.objects.filter(pk__in=Indicator.objects.values("responsible_id"))
        .only("id", "name", "short_name").order_by("name", "id"), user)
    orgs = list(orgs[:CHOICES_LISTED + 1])
    return None if len(orgs) > CHOICES_LISTED else [(o.pk, o.display_name) for o in orgs]


def _offer_responsible(filters: IndicatorFilterSet, choices: list | None) -> None:
    """The drop-down: every choice, or (too many to list) only the one a link chose, with a hint."""
    if choices is not None:
        filters.offer("responsible", choices, "Tất cả đơn vị")
        return
    chosen = filters.form.cleaned_data.get("responsible") if filters.is_valid() else None
    found = chosen and Organization.objects.only("id", "name", "short_name").filter(pk=chosen).first()
    filters.offer("responsible", [(found.pk, found.display_name)] if found else [], "Tất cả đơn vị",
                  TOO_MANY_ORGANIZATIONS)


@require_GET
def indicator_list_view(request):
    """The indicators a page at a time (PAGE_SIZE, «Trang n/N» without script), with the counts by status of
    every one the filters keep: statuses from the kept assessments, rows only for the page; the whole is kept
    per scope and query string while current (ADR 0053)."""
    user, today = request.user, timezone.localdate()
    filters = IndicatorFilterSet(request.GET, queryset=Indicator.objects.visible_to(user))
    valid, manager, agency = filters.is_valid(), can_manage_indicators(user), is_agency_user(user)

    def compute() -> dict:
        statuses = indicator_statuses(user, filters.rows(), today=today)
        counts = dict.fromkeys(STATUS_CODES, 0)
        for _, code in statuses:
            counts[code] += 1
        wanted = filters.wanted_status()
        page = Paginator([pk for pk, code in statuses if not wanted or code == wanted], PAGE_SIZE).get_page(
            request.GET.get("page"))
        return {"choices": _responsible_choices(user), "counts": counts, "count": page.paginator.count,
                "number": page.number, "rows": str(indicator_rows(indicators_by_id(user, list(page.object_list),
                                                                                  today=today))),
                "pending": review_queue(user).count() if manager else 0,
                "can_enter": agency and enterable_indicators(user).exists()}

    params = {"query": sorted((k, v) for k, values in request.GET.lists() for v in values), "manage": manager,
              "agency": agency}
    kept = _kept("indicator-list", user, today, params, compute) if valid else compute()
    _offer_responsible(filters, kept["choices"])
    # The pager's page, from the kept count and number (no query; the rows are in the fragment).
    page = Paginator(range(kept["count"]), PAGE_SIZE).get_page(kept["number"])
    return render(
        request,
        "indicators/list.html",
        {
            "nav": "indicators",
            "form": filters.form,
            "rows": mark_safe(kept["rows"]),
            "page": page,
            "total": kept["count"],
            "counts": kept["counts"],
            "labels": STATUS_LABELS,
            "can_manage": manager,
            "can_enter": kept["can_enter"],
            "pending": kept["pending"],
            "upload_form": UploadForm(),
        },
        status=200 if valid else 400,
    )


VALUES_SHOWN = 100


# The review forms' CSRF token in the kept values table: each request puts its own in (the table is kept per
# scope, shared by the office's users).
CSRF_SLOT = "csrf-token-of-this-request"


def _render_detail(request, indicator: Indicator, *, value_form=None, explanation_form=None, status=200):
    """The indicator page: its head (status, targets, chart), values table and explanation requests kept per
    scope while current (ADR 0053); the forms made per request."""
    user, today = request.user, timezone.localdate()
    can_manage = can_manage_indicators(user)

    def compute() -> dict:
        shown = indicator_get(user, indicator.pk, today=today)
        # The newest values only: a commune indicator has 100 communes × every month (2 400 rows at province
        # scale, 5 s to render; issue #25). Pending ones are all on the review queue's page.
        values, values_total = [], 0
        if not shown.verified_only:
            # One indicator's values: no join of the indicator (its wide row repeated 2,400 times) nor of who
            # entered and reviewed them, which the table does not show.
            rows = (value_list(user, indicator=shown).select_related(None).select_related("organization")
                    .order_by("-period_end", "organization__name", "id"))
            values = list(rows[:VALUES_SHOWN])
            values_total = rows.count() if len(values) == VALUES_SHOWN else len(values)
        context = {"ind": shown, "a": shown.assessment, "chart": [indicator_chart(shown, shown.assessment)],
                   "values": values, "values_total": values_total, "can_manage": can_manage,
                   "csrf_token": CSRF_SLOT, "request": SimpleNamespace(path=request.path)}
        # Explanation requests: the answer form is the agency's (its scope is the kept value's).
        context.update(explanations=list(explanation_list(user, indicator=shown)), answer_form=AnswerForm(),
                       agency_ids=own_organization_ids(user))
        return {part: render_to_string(f"indicators/_detail_{part}.html", context)
                for part in ("head", "values", "explanations")}

    kept = _kept("indicator-page", user, today, {"indicator": indicator.pk, "manage": can_manage}, compute)
    token, can_enter = get_token(request), can_enter_values(user, indicator)
    return render(
        request,
        "indicators/detail.html",
        {
            "nav": "indicators",
            "ind": indicator,
            "head": mark_safe(kept["head"]),
            "values_section": mark_safe(kept["values"].replace(CSRF_SLOT, token)),
            "explanations_section": mark_safe(kept["explanations"].replace(CSRF_SLOT, token)),
            "can_enter": can_enter,
            "can_manage": can_manage,
            "can_request": can_request_explanation(user),
            "value_form": value_form or (ValueForm(initial={"period": str(today.year - 1)},
                                                   frequency=indicator.frequency) if can_enter else None),
            "explanation_form": explanation_form or ExplanationForm(),
        },
        status=status,
    )


@require_GET
def indicator_detail(request, pk: int):
    return _render_detail(request, indicator_ref(request.user, pk))


@require_POST
def value_add(request, pk: int):
    indicator = indicator_get(request.user, pk)
    form = ValueForm(request.POST, frequency=indicator.frequency)
    if form.is_valid():
        try:
            row = indicator_value_submit(
                user=request.user,
                indicator=indicator,
                period=form.cleaned_data["period"],
                value=form.cleaned_data["value"],
                is_estimate=form.cleaned_data["is_estimate"],
                source=form.cleaned_data["source"],
            )
        except REFUSALS:
            raise
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"Đã ghi số liệu kỳ {period_label(row.period)}; số liệu chờ cơ quan theo dõi duyệt.")
            return redirect("indicators:detail", pk=indicator.pk)
    return _render_detail(request, indicator, value_form=form, status=400)


@require_POST
def value_review(request, pk: int):
    value = value_get(request.user, pk)
    form = ReviewForm(request.POST)
    back = _back(request, reverse("indicators:detail", args=[value.indicator_id]))
    if not form.is_valid():
        messages.error(request, "Quyết định duyệt không hợp lệ.")
        return redirect(back)
    try:
        indicator_value_review(
            user=request.user,
            value=value,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        verb = "Đã duyệt" if form.cleaned_data["decision"] == IndicatorValue.Review.VERIFIED else "Đã từ chối"
        messages.success(request, f"{verb} số liệu {value.indicator.code} kỳ {value.period}.")
    return redirect(back)


@require_POST
def explanation_request_view(request, pk: int):
    indicator = indicator_get(request.user, pk)
    form = ExplanationForm(request.POST)
    if form.is_valid():
        try:
            explanation_request_create(
                user=request.user,
                indicator=indicator,
                message=form.cleaned_data["message"],
                due_date=form.cleaned_data["due_date"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã gửi yêu cầu giải trình tới đơn vị chịu trách nhiệm.")
            return redirect("indicators:detail", pk=indicator.pk)
    return _render_detail(request, indicator, explanation_form=form, status=400)


@require_POST
def explanation_answer_view(request, pk: int):
    item = explanation_get(request.user, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nội dung giải trình không được để trống.")
    else:
        try:
            explanation_answer(user=request.user, request=item, answer=form.cleaned_data["answer"])
        except REFUSALS:
            raise
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã gửi nội dung giải trình.")
    return redirect("indicators:detail", pk=item.indicator_id)


def _indicator_form(request, data=None, initial=None, exclude: int | None = None):
    indicators = Indicator.objects.order_by("code")
    if exclude:
        indicators = indicators.exclude(pk=exclude)
    return IndicatorForm(
        data,
        initial=initial,
        organizations=Organization.objects.filter(valid_to__isnull=True).order_by("name"),
        indicators=indicators,
    )


def _definition(form: IndicatorForm) -> dict:
    d = form.cleaned_data
    lookup = Indicator.objects.in_bulk([x for x in (d.get("numerator"), d.get("denominator")) if x])
    return {
        "code": d["code"],
        "name": d["name"],
        "unit": d["unit"],
        "direction": d["direction"],
        "comparator": d["comparator"],
        "baseline_value": d["baseline_value"],
        "baseline_year": d["baseline_year"],
        "min_value": d["min_value"],
        "max_value": d["max_value"],
        "responsible": Organization.objects.filter(pk=d["responsible"]).first()
        if d.get("responsible")
        else None,
        "frequency": d["frequency"],
        "aggregation": d["aggregation"],
        "numerator": lookup.get(d.get("numerator")),
        "denominator": lookup.get(d.get("denominator")),
        "is_published": d["is_published"],
    }


@require_http_methods(["GET", "POST"])
def indicator_create_view(request):
    form = _indicator_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fields = _definition(form)
            indicator = indicator_create(user=request.user, targets=form.targets(), **fields)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã tạo chỉ tiêu {indicator.code}.")
            return redirect("indicators:detail", pk=indicator.pk)
    return render(
        request,
        "indicators/form.html",
        {"nav": "indicators", "form": form, "ind": None},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def indicator_edit_view(request, pk: int):
    indicator = indicator_get(request.user, pk)
    form = _indicator_form(
        request, request.POST or None, initial=IndicatorForm.initial_for(indicator), exclude=pk
    )
    if request.method == "POST" and form.is_valid():
        try:
            indicator_update(
                user=request.user, indicator=indicator, targets=form.targets(), **_definition(form)
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã lưu chỉ tiêu {indicator.code}.")
            return redirect("indicators:detail", pk=indicator.pk)
    return render(
        request,
        "indicators/form.html",
        {"nav": "indicators", "form": form, "ind": indicator},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def review_queue_view(request):
    return render(
        request,
        "indicators/review_queue.html",
        {
            "nav": "indicators",
            "values": list(review_queue(request.user)[:500]),
            "review_form": ReviewForm(),
        },
    )


@require_GET
def export_xlsx(request):
    """The indicator list as XLSX, narrowed by the same filters as the page it is linked from."""
    filters = IndicatorFilterSet(request.GET, queryset=Indicator.objects.visible_to(request.user))
    if not filters.is_valid():
        messages.error(request, filters.error_text())
        return redirect(f"{reverse('indicators:list')}?{request.GET.urlencode()}")
    items = filters.keep(indicator_list(request.user, filters.qs))
    values = value_list(request.user).filter(indicator__in=[i.pk for i in items if not i.verified_only])
    data = xlsx.indicators_workbook(items, values)
    return _xlsx_response(data, f"chi-tieu-{timezone.localdate():%Y%m%d}.xlsx")


@require_http_methods(["GET", "POST"])
def import_xlsx(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _upload_error(form))
        else:
            try:
                result = indicators_import_xlsx(user=request.user, data=form.cleaned_data["file"].read())
            except ApplicationError as exc:
                messages.error(request, f"Không nhập được, chưa có gì thay đổi. {exc.message}")
            else:
                messages.success(
                    request,
                    f"Đã nhập {len(result.created)} chỉ tiêu mới, cập nhật {len(result.updated)} chỉ tiêu.",
                )
                return redirect("indicators:list")
    return render(request, "indicators/import.html", {"nav": "indicators", "form": form})


def _upload_error(form) -> str:
    """What was wrong with the file (empty, none chosen), in the form's own Vietnamese words."""
    return " ".join(form.errors.get("file", [])) or "Chưa chọn tệp XLSX để nhập."


@require_POST
def values_upload(request):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _upload_error(form))
        return redirect("indicators:list")
    try:
        result = indicator_values_import_xlsx(user=request.user, data=form.cleaned_data["file"].read())
    except ApplicationError as exc:
        messages.error(request, f"Không nhập được, chưa có số liệu nào được ghi. {exc.message}")
    else:
        messages.success(
            request,
            f"Đã ghi {result.total} số liệu ({len(result.created)} mới, "
            f"{len(result.updated)} sửa lại); số liệu chờ duyệt.",
        )
    return redirect("indicators:list")


@require_GET
def values_template(request):
    items = list(enterable_indicators(request.user))
    data = xlsx.values_template(items, timezone.localdate().year - 1)
    return _xlsx_response(data, "mau-so-lieu-chi-tieu.xlsx")
