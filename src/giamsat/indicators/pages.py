"""The indicator list and an indicator's page (/chi-tieu/, /chi-tieu/<id>/), kept per scope while current
(ADR 0053): the reads and markup that change only with the data, apart from the forms and writes of views.py."""

from types import SimpleNamespace

from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from giamsat.accounts.access import (
    can_enter_values,
    can_manage_indicators,
    can_request_explanation,
    is_agency_user,
    organizations_in_scope,
    own_organization_ids,
)
from giamsat.core.kept import ANY, CSRF_PLACEHOLDER, kept, with_csrf
from giamsat.indicators.filters import IndicatorFilterSet
from giamsat.indicators.forms import AnswerForm, ExplanationForm, UploadForm, ValueForm
from giamsat.indicators.models import Indicator
from giamsat.indicators.selectors import (
    enterable_indicators,
    explanation_list,
    indicator_chart,
    indicator_get,
    indicator_ref,
    indicator_statuses,
    indicators_by_id,
    review_queue,
    value_list,
)
from giamsat.indicators.status import STATUS_CODES, STATUS_LABELS
from giamsat.indicators.templatetags.indicator_tags import indicator_rows
from giamsat.organizations.models import Organization

PAGE_SIZE = 50  # rows a page: a country's 1 360 indicators were one page of 0,7 s (issue #25)
CHOICES_LISTED = 300  # as the task list's drop-downs: a longer one helps nobody and weighs the page
TOO_MANY_ORGANIZATIONS = ("Quá nhiều đơn vị để liệt kê: mở trang của cơ quan (mục Cơ quan) để xem các chỉ tiêu "
                          "cơ quan chịu trách nhiệm.")


def _kept(kind: str, request, today, params: dict, compute):
    """`compute()` for the user's scope, kept while no indicator, value or organization has been written since
    (`any`; progress and reports leave it: ADR 0053)."""
    return kept(kind, request, today, params, compute, scopes=[ANY])


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
    body = _kept("indicator-list", request, today, params, compute) if valid else compute()
    _offer_responsible(filters, body["choices"])
    # The pager's page, from the kept count and number (no query; the rows are in the fragment).
    page = Paginator(range(body["count"]), PAGE_SIZE).get_page(body["number"])
    return render(
        request,
        "indicators/list.html",
        {
            "nav": "indicators",
            "form": filters.form,
            "rows": mark_safe(body["rows"]),
            "page": page,
            "total": body["count"],
            "counts": body["counts"],
            "labels": STATUS_LABELS,
            "can_manage": manager,
            "can_enter": body["can_enter"],
            "pending": body["pending"],
            "upload_form": UploadForm(),
        },
        status=200 if valid else 400,
    )


VALUES_SHOWN = 100


def render_detail(request, indicator: Indicator, *, value_form=None, explanation_form=None, status=200):
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
                   "csrf_token": CSRF_PLACEHOLDER,  # each request puts its own token in (`with_csrf`)
                   "request": SimpleNamespace(path=request.path)}
        # Explanation requests: the answer form is the agency's (its scope is the kept value's).
        context.update(explanations=list(explanation_list(user, indicator=shown)), answer_form=AnswerForm(),
                       agency_ids=own_organization_ids(user))
        return {part: render_to_string(f"indicators/_detail_{part}.html", context)
                for part in ("head", "values", "explanations")}

    body = _kept("indicator-page", request, today, {"indicator": indicator.pk, "manage": can_manage}, compute)
    can_enter = can_enter_values(user, indicator)
    return render(
        request,
        "indicators/detail.html",
        {
            "nav": "indicators",
            "ind": indicator,
            "head": mark_safe(body["head"]),
            "values_section": with_csrf(mark_safe(body["values"]), request),
            "explanations_section": with_csrf(mark_safe(body["explanations"]), request),
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
    return render_detail(request, indicator_ref(request.user, pk))
