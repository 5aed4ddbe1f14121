"""Pages of indicators, mounted at /chi-tieu/. Thin: parse input, call a selector or service, render. The list and
an indicator's page, kept per scope, are in pages.py (ADR 0053); their forms' writes are here."""


from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giamsat.core.errors import REFUSALS, ApplicationError
from giamsat.core.periods import period_label
from giamsat.indicators import xlsx
from giamsat.indicators.filters import IndicatorFilterSet
from giamsat.indicators.forms import AnswerForm, ExplanationForm, IndicatorForm, ReviewForm, UploadForm, ValueForm
from giamsat.indicators.models import Indicator, IndicatorValue
from giamsat.indicators.pages import render_detail
from giamsat.indicators.selectors import (
    enterable_indicators,
    explanation_get,
    indicator_get,
    indicator_list,
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
from giamsat.indicators.values import (
    explanation_answer,
    explanation_request_create,
    indicator_value_review,
    indicator_value_submit,
)
from giamsat.organizations.chooser import MEDIA as CHOOSER_MEDIA

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
    return render_detail(request, indicator, value_form=form, status=400)


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
    return render_detail(request, indicator, explanation_form=form, status=400)


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
        "responsible": d.get("responsible"),
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
        {"nav": "indicators", "form": form, "ind": None, "media": CHOOSER_MEDIA},
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
        {"nav": "indicators", "form": form, "ind": indicator, "media": CHOOSER_MEDIA},
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
