"""Dashboard pages: the leaders' dashboard, early warnings, exports, the public page and what it shows."""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from giamsat.accounts.access import is_agency_user, manages
from giamsat.core.errors import ApplicationError, NotFoundError
from giamsat.dashboard import exports
from giamsat.dashboard.punctuality import punctuality
from giamsat.dashboard.selectors import indicator_summary, task_summary
from giamsat.dashboard.services import mail_configured, publication_set
from giamsat.dashboard.snapshots import ANY, REPORTS, TASKS, current_only, everyone_sees, kept_part, snapshot
from giamsat.dashboard.warning_pages import warning_list_page
from giamsat.dashboard.warnings import Warnings, lagging_indicators, missing_reports, open_explanations, warning_tasks
from giamsat.documents.models import Document
from giamsat.documents.roots import documents_of_resolution, resolution_choices
from giamsat.indicators.models import Indicator
from giamsat.indicators.selectors import indicator_chart, public_indicators, status_counts
from giamsat.indicators.status import STATUS_LABELS as INDICATOR_LABELS
from giamsat.indicators.status import IndicatorStatus
from giamsat.metrics.selectors import parse_resolution, task_figures
from giamsat.metrics.selectors import rows as metric_rows
from giamsat.tasks.display import ROW_FIELDS
from giamsat.tasks.models import Task
from giamsat.tasks.selectors import with_current_status
from giamsat.tasks.status import LABELS as TASK_LABELS

MONTH_CHOICES = (6, 12, 24)
TOP_ORGS_IN_CHART = 15


def _months(request) -> int:
    try:
        months = int(request.GET.get("thang", 6))
    except ValueError:
        return 6
    return months if months in MONTH_CHOICES else 6


def _breakdown_chart(rows, codes) -> dict:
    return {
        "labels": [r.label for r in rows],
        "codes": codes,
        "series": {c: [r.cells[c].n for r in rows] for c in codes},
        "urls": {c: [r.cells[c].url for r in rows] for c in codes},
    }


INDICATORS_SHOWN = 100
ATTENTION = {
    IndicatorStatus.OFF_TRACK: 0,
    IndicatorStatus.AT_RISK: 1,
    IndicatorStatus.NO_DATA: 2,
    IndicatorStatus.ON_TRACK: 3,
    IndicatorStatus.ACHIEVED: 4,
}


def _indicators_shown(items: list) -> list:
    """All indicators of a province; of a country's thousand, the hundred that need attention most (the
    indicator list and the export have all)."""
    if len(items) <= INDICATORS_SHOWN:
        return items
    return sorted(items, key=lambda i: (ATTENTION.get(i.assessment.status, 5), i.code))[:INDICATORS_SHOWN]


def _resolution(request) -> str:
    """The root resolution chosen on the page ('57', '71'…; "" for all): checked as the metrics API checks it."""
    return parse_resolution(request.GET.get("resolution"))


def _leaders_body(user, *, today, months: int, resolution: str = "", recompute: bool = False,
                  defer: bool = False) -> str | tuple[str, bool]:
    """The dashboard's content as HTML: everything on the page that depends on the data, not the request.
    `resolution`: only the cascade of that root resolution (ADR 0040, the page's «Nghị quyết» drop-down).

    Written from three parts (ADR 0052): the task figures and the reporting punctuality are each kept while the
    data of their kind is unchanged (`kept_part`), so that the first view after a report does not add up the
    tasks again, nor after a progress update the reports; the indicators are kept while no indicator or
    reference data is written. `recompute` (the «Tính lại» link) computes every part now.

    `defer` (a person's view, ADR 0059): the reports and indicators parts that are not kept are not computed
    here but loaded by the page after it (`part_view`), as (html, complete) — the task figures come first."""
    context = _page_context(user, today=today, months=months, resolution=resolution)
    params = _part_params(months, resolution)
    # Both parts per months shown too: the sections' download links carry it.
    tasks = kept_part(TASKS, "leaders-tasks", user, lambda: _tasks_part(user, context), today=today,
                      params=params, recompute=recompute)
    later = {name: _kept_part(name, user, context, recompute=recompute, peek=defer) for name in PARTS}
    for name, part in later.items():
        if part is None:
            later[name] = _deferred(name, months=months, resolution=resolution, recompute=recompute)
    charts = {"taskLabels": TASK_LABELS, "indicatorLabels": INDICATOR_LABELS, **tasks["charts"]}
    html = render_to_string("dashboard/_leaders_body.html", {
        **context, "tasks": tasks, "reports": later["bao-cao"], "indicators": later["chi-tieu"], "charts": charts})
    if not defer:
        return html
    return html, not any(part.get("deferred") for part in later.values())


def _part_params(months: int, resolution: str) -> dict:
    return {"months": months, **({"resolution": resolution} if resolution else {})}


def _page_context(user, *, today, months: int, resolution: str) -> dict:
    """What every part of the dashboard's body shows besides its figures (the request does not enter)."""
    is_agency = is_agency_user(user)
    return {
        "months": months,
        "month_choices": MONTH_CHOICES,
        "today": today,
        "is_agency": is_agency,
        "organization_name": user.organization.name if is_agency else "",
        "organization_id": user.organization_id if is_agency else None,
        "tables": exports.TABLES,
        "resolution": resolution,
        "resolutions": resolution_choices(),
        "rq": f"&resolution={quote(resolution, safe='')}" if resolution else "",
    }


def _tasks_part(user, context: dict) -> dict:
    """The task figures of the dashboard: its headline boxes, sections and charts (kept under `tasks:` scopes)."""
    summary = task_summary(user, today=context["today"], resolution=context["resolution"])
    part = {**context, "s": summary}
    return {
        "stats": mark_safe(render_to_string("dashboard/_leaders_tasks_stats.html", part)),
        "sections": mark_safe(render_to_string("dashboard/_leaders_tasks.html", part)),
        "charts": {
            "status": {
                "codes": [r[0] for r in summary.status_rows],
                "labels": [r[1] for r in summary.status_rows],
                "values": [r[2] for r in summary.status_rows],
                "urls": [r[4] for r in summary.status_rows],
            },
            "groups": _breakdown_chart(summary.by_group, summary.codes),
            "orgs": _breakdown_chart(summary.by_org[:TOP_ORGS_IN_CHART], summary.codes),
            "trend": {
                "labels": [p.month for p in summary.trend],
                "due": [p.due for p in summary.trend],
                "done": [p.done for p in summary.trend],
                "ratio": [p.ratio for p in summary.trend],
            },
        },
    }


def _reports_part(user, context: dict) -> dict:
    """The reporting punctuality (heat map and its headline box; kept under `reports:` scopes): a country's
    5,000 organizations' reports are not read again after a progress update."""
    heat = punctuality(user, today=context["today"], months=context["months"], resolution=context["resolution"])
    part = {**context, "heat": heat}
    return {"stat": mark_safe(render_to_string("dashboard/_leaders_reports_stat.html", part)),
            "section": mark_safe(render_to_string("dashboard/_leaders_reports.html", part))}


def _indicators_part(user, context: dict) -> dict:
    """The indicators' headline box and section, with their charts' data (kept under `any`, which every write of
    indicators, their targets and values, and of the reference data renews; their assessments per day)."""
    indicators = indicator_summary(user, today=context["today"], resolution=context["resolution"])
    shown = _indicators_shown(indicators.items)
    part = {**context, "ind": indicators, "ind_shown": shown,
            "ind_charts": [indicator_chart(i, i.assessment) for i in shown]}
    return {"stat": mark_safe(render_to_string("dashboard/_leaders_indicators_stat.html", part)),
            "section": mark_safe(render_to_string("dashboard/_leaders_indicators.html", part))}


# The dashboard's parts a first view loads after the page when they are not kept (ADR 0059): their id on the
# page (the section's anchor), their heading, how they are computed, the versions they are kept under (None:
# `any`) and the route that gives them.
PARTS = {
    "bao-cao": ("Chấp hành chế độ báo cáo", _reports_part, REPORTS, "dashboard:part_reports"),
    "chi-tieu": ("Chỉ tiêu", _indicators_part, None, "dashboard:part_indicators"),
}


def _kept_part(name: str, user, context: dict, *, recompute: bool = False, peek: bool = False) -> dict | None:
    """One of `PARTS`, kept while current; `peek`: None when it is not kept (it is then loaded after the page)."""
    _, compute, kind, _ = PARTS[name]
    params = _part_params(context["months"], context["resolution"])
    if kind is not None:
        return kept_part(kind, f"leaders-{name}", user, lambda: compute(user, context), today=context["today"],
                         params=params, recompute=recompute, peek=peek)
    return current_only(f"leaders-{name}", user, lambda: compute(user, context), today=context["today"],
                        params=params, scopes=[ANY], recompute=recompute, local=False, peek=peek)


def _deferred(name: str, *, months: int, resolution: str, recompute: bool) -> dict:
    """A part's place on the page until it is loaded: its headline box and section, with the address that
    gives it (the page's script loads it; without scripts the link opens it as a page of its own)."""
    url = _part_url(PARTS[name][3], months=months, resolution=resolution, recompute=recompute)
    part = {"name": name, "title": PARTS[name][0], "url": url}
    return {"deferred": True, "stat": mark_safe(render_to_string("dashboard/_deferred_stat.html", part)),
            "section": mark_safe(render_to_string("dashboard/_deferred_section.html", part))}


def _part_url(route: str, *, months: int = 6, resolution: str = "", recompute: bool = False) -> str:
    """The address of a part loaded after its page, with the page's choices that are not the defaults."""
    chosen = {"thang": months if months != 6 else None, "resolution": resolution, "tinh-lai": 1 if recompute else None}
    query = urlencode({key: value for key, value in chosen.items() if value})
    return reverse(route) + (f"?{query}" if query else "")


def _part_view(request, name: str):
    """One part of the dashboard (`PARTS`), computed when not kept: the HTML the page's script puts in place of
    its placeholder (header `X-Phan: 1`), or, opened by its link, a page of its own."""
    months, resolution = _months(request), _resolution(request)
    context = _page_context(request.user, today=timezone.localdate(), months=months, resolution=resolution)
    part = _kept_part(name, request.user, context, recompute=request.GET.get("tinh-lai") == "1")
    return _part_response(request, part["stat"] + part["section"], part, title=f"{PARTS[name][0]} — Bảng điều khiển",
                          back="dashboard:leaders", back_label="Bảng điều khiển", nav="dashboard")


def _part_response(request, fragment: str, part: dict, *, title: str, back: str, back_label: str, nav: str):
    """A part loaded after its page: the HTML its script puts in place (header `X-Phan: 1`), or, opened by the
    placeholder's link (without scripts), a page of its own with the part's headline boxes and sections."""
    if request.headers.get("X-Phan") == "1":
        response = HttpResponse(fragment)
    else:
        response = render(request, "dashboard/part.html", {
            "nav": nav, "title": title, "back": reverse(back), "back_label": back_label,
            "part": part})
    patch_vary_headers(response, ["X-Phan"])
    return response


@require_GET
def part_reports(request):
    return _part_view(request, "bao-cao")


@require_GET
def part_indicators(request):
    return _part_view(request, "chi-tieu")


def leaders_snapshot(user, *, today, months: int = 6, recompute: bool = False, resolution: str = "",
                     defer: bool = False):
    """The dashboard page's body for the user's scope (a dashboard snapshot; also warmed each morning), one
    snapshot per root resolution chosen (the key holds it: the whole scope's is never shown for one).
    `defer`: a person's view, which shows the parts not kept as they are loaded after it (ADR 0059); a body
    without them is not kept."""
    params = _part_params(months, resolution)

    def first():
        return _leaders_body(user, today=today, months=months, resolution=resolution, recompute=recompute,
                             defer=True)

    return snapshot(
        "leaders-page", user,
        lambda: _leaders_body(user, today=today, months=months, resolution=resolution, recompute=recompute),
        today=today, params=params, recompute=recompute, first=first if defer else None,
    )


@require_GET
def leaders(request):
    """The dashboard, from its snapshot when the data has not changed since (dashboard.snapshots)."""
    months, resolution = _months(request), _resolution(request)
    kept = leaders_snapshot(
        request.user, today=timezone.localdate(), months=months, recompute=request.GET.get("tinh-lai") == "1",
        resolution=resolution, defer=True,
    )
    return render(
        request,
        "dashboard/leaders.html",
        {
            "nav": "dashboard",
            "body": mark_safe(kept.value),
            "snapshot": kept,
            # the recompute link keeps the months and the resolution
            "recompute_query": (f"thang={months}&" if months != 6 else "")
            + (f"resolution={quote(resolution, safe='')}&" if resolution else ""),
        },
    )


def warnings_snapshot(user, *, today, recompute: bool = False, resolution: str = "", defer: bool = False):
    """The early warnings of the user's scope and role (also warmed each morning for the read-all roles);
    one snapshot per root resolution chosen (ADR 0040). `defer`: a person's view, which shows the lagging
    indicators and the missing reports, when they are not kept, as they are loaded after it (ADR 0059)."""
    params = _warnings_params(user, resolution)

    def first():
        return _warnings_body(user, today=today, resolution=resolution, recompute=recompute, defer=True)

    return snapshot("warnings", user,
                    lambda: _warnings_body(user, today=today, resolution=resolution, recompute=recompute),
                    today=today, params=params, recompute=recompute, first=first if defer else None)


# Rows of each list on the page (a province has hundreds, a country tens of thousands): the rest page by page
# (`dashboard.warning_pages`), so the first view after a write reads and writes 50 rows, not 740 (issue #25).
WARNINGS_SHOWN = 50


def _warnings_body(user, *, today, resolution: str = "", recompute: bool = False,
                   defer: bool = False) -> tuple[int | None, str] | tuple[tuple[int | None, str], bool]:
    """The warnings' content as HTML (how many, and the page's body), from parts (ADR 0052): the task lists kept
    while the tasks of the user's scope are unchanged, the missing reports while its reports are, the lagging
    indicators while no indicator or reference data is written; the open explanations are read each time.

    `defer` (a person's view, ADR 0059): when the indicators or the missing reports are not kept, neither is
    computed here; both are loaded after the page in one request (`warnings_parts`), which also gives the
    number of items («đang tính» until then). Returned as ((total, html), complete)."""
    cascade = documents_of_resolution(resolution) if resolution else None
    tasks = kept_part(TASKS, "warnings-tasks", user, lambda: _warning_tasks_part(user, today, cascade, resolution),
                      today=today, params=_warnings_params(user, resolution), recompute=recompute)
    later = _warnings_later(user, today=today, resolution=resolution, cascade=cascade, recompute=recompute,
                            peek=defer)
    explanations = open_explanations(user, cascade=cascade)
    total = None if later is None else _warnings_total(today, tasks, later, explanations)
    if later is None:
        later = _warnings_deferred(resolution=resolution, recompute=recompute)
    w = Warnings(today, [], [], [], [], [], explanations, tasks["counts"])  # the task lists' totals, explanations
    # The «Nghị quyết gốc» drop-down is part of the kept body: a warm view reads nothing for it.
    html = render_to_string("dashboard/_warnings_body.html", {
        "w": w, "tasks": tasks, "later": later, "resolution": resolution, "resolutions": resolution_choices()})
    return ((total, html), total is not None) if defer else (total, html)


def _warnings_params(user, resolution: str) -> dict:
    return {"role": user.role, **({"resolution": resolution} if resolution else {})}


def _warnings_total(today, tasks: dict, later: dict, explanations: list) -> int:
    """The number of items the page lists: `Warnings.total` of the parts' counts."""
    counts = {**tasks["counts"], "indicators": later["indicators"]["total"],
              "reports_missing": later["reports"]["total"]}
    return Warnings(today, [], [], [], [], [], explanations, counts).total


def _warnings_later(user, *, today, resolution: str, cascade, recompute: bool = False, peek: bool = False):
    """The lagging indicators (kept under `any`) and the missing reports (under `reports:`), or None when one
    of them is not kept and `peek`."""
    params = _warnings_params(user, resolution)
    reports = kept_part(REPORTS, "warnings-reports", user,
                        lambda: _missing_reports_part(user, today, cascade, resolution),
                        today=today, params=params, recompute=recompute, peek=peek)
    if reports is None:
        return None
    indicators = current_only("warnings-indicators", user, lambda: _lagging_indicators_part(user, today, cascade),
                              today=today, params=params, scopes=[ANY], recompute=recompute, local=False, peek=peek)
    return None if indicators is None else {"indicators": indicators, "reports": reports}


def _warnings_deferred(*, resolution: str, recompute: bool) -> dict:
    """The indicators' and missing reports' places until they are loaded (one request for both)."""
    url = _part_url("dashboard:warnings_parts", resolution=resolution, recompute=recompute)

    def piece(name: str):
        return mark_safe(render_to_string("dashboard/_warnings_deferred.html", {"piece": name, "url": url}))

    return {"deferred": True, "stats": piece("stats"), "indicators": {"html": piece("indicators")},
            "reports": {"html": piece("reports")}}


def _lagging_indicators_part(user, today, cascade) -> dict:
    """The indicators off track or at risk (the first WARNINGS_SHOWN) as HTML, with how many."""
    indicators = lagging_indicators(user, today=today, cascade=cascade)
    w = Warnings(today, [], [], [], indicators[:WARNINGS_SHOWN], [], [], {"indicators": len(indicators)})
    return {"total": len(indicators), "html": mark_safe(render_to_string("dashboard/_warnings_indicators.html",
                                                                         {"w": w}))}


@require_GET
def warnings_parts(request):
    """The warnings' lagging indicators and missing reports, and the page's number of items (ADR 0059): the
    HTML the page's script puts in place of their placeholders (header `X-Phan: 1`), else a page of its own."""
    today, resolution = timezone.localdate(), _resolution(request)
    user, recompute = request.user, request.GET.get("tinh-lai") == "1"
    cascade = documents_of_resolution(resolution) if resolution else None
    later = _warnings_later(user, today=today, resolution=resolution, cascade=cascade, recompute=recompute)
    tasks = kept_part(TASKS, "warnings-tasks", user, lambda: _warning_tasks_part(user, today, cascade, resolution),
                      today=today, params=_warnings_params(user, resolution))
    total = _warnings_total(today, tasks, later, open_explanations(user, cascade=cascade))
    stats = mark_safe(render_to_string("dashboard/_warnings_later_stats.html", {"later": later}))
    sections = later["indicators"]["html"] + later["reports"]["html"]
    fragment = stats + sections + render_to_string("dashboard/_warnings_total.html", {"total": total})
    return _part_response(request, fragment, {"stat": stats, "section": sections},
                          title="Chỉ tiêu chậm, báo cáo chưa gửi — Cảnh báo sớm", back="dashboard:warnings",
                          back_label="Cảnh báo sớm", nav="warnings")


def _list_query(resolution: str) -> str:
    """The query string of the «Xem tất cả» links after `danh-sach=…` (the root resolution chosen)."""
    return f"&resolution={quote(resolution, safe='')}" if resolution else ""


def _warning_tasks_part(user, today, cascade, resolution="") -> dict:
    """The three task lists of the warnings (the first WARNINGS_SHOWN of each, their status read for those only)
    as HTML, with their counts (exact: one aggregate over all)."""
    overdue, soon, not_reported, counts = warning_tasks(user, today=today, shown=WARNINGS_SHOWN, cascade=cascade,
                                                        fields=ROW_FIELDS)
    w = Warnings(today, overdue, soon, not_reported, [], [], [], counts)
    html = render_to_string("dashboard/_warnings_tasks.html", {"w": w, "list_query": _list_query(resolution)})
    return {"counts": counts, "html": mark_safe(html)}


def _missing_reports_part(user, today, cascade, resolution="") -> dict:
    """The reports due and not sent (the first WARNINGS_SHOWN) as HTML, with how many."""
    missing = missing_reports(user, today=today, cascade=cascade)
    w = Warnings(today, [], [], [], [], missing[:WARNINGS_SHOWN], [], {"reports_missing": len(missing)})
    html = render_to_string("dashboard/_warnings_reports.html", {"w": w, "list_query": _list_query(resolution)})
    return {"total": len(missing), "html": mark_safe(html)}


@require_GET
def warnings(request):
    """The early warnings of the user's scope: hundreds of rows at province scale, kept as a snapshot (ADR
    0011) per scope and role (the role decides which indicator values count) instead of rendered on every
    view (issue #25)."""
    today, resolution = timezone.localdate(), _resolution(request)
    if "danh-sach" in request.GET:  # one list, page by page (the «Xem tất cả» links)
        return warning_list_page(request, request.GET["danh-sach"], resolution)
    figures = warnings_snapshot(request.user, today=today, recompute=request.GET.get("tinh-lai") == "1",
                                resolution=resolution, defer=True)
    total, body = figures.value
    return render(
        request,
        "dashboard/warnings.html",
        {
            "nav": "warnings",
            "figures": figures,
            "total": total,
            "body": mark_safe(body),
            "today": today,
            "can_manage": manages(request.user),
            "mail_configured": mail_configured(),
            "resolution": resolution,  # the download links keep it
            "recompute_query": f"resolution={quote(resolution, safe='')}&" if resolution else "",
        },
    )


@require_GET
def export(request, name: str, fmt: str):
    if name not in exports.TABLES or fmt not in exports.FORMATS:
        raise NotFoundError("Không có bảng này.")
    today = timezone.localdate()
    resolution = _resolution(request)
    title, headers, rows = exports.table(name, request.user, today=today, months=_months(request),
                                         resolution=resolution)
    filename = f"{name}{f'-nq{resolution}' if resolution else ''}-{today:%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(exports.as_csv(headers, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.as_xlsx(title, headers, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def public(request):
    """Anonymous, read-only: published documents, their task counts by status, published indicators.

    Nothing else is read: no names of people, no unpublished document or indicator, no pending value."""
    today = timezone.localdate()
    resolution = _resolution(request)  # one root resolution's cascade (ADR 0040), of what is published
    body = everyone_sees(f"public-body:{resolution or 'all'}", lambda: _public_body(today, resolution), today=today)
    return render(request, "dashboard/public.html", {"nav": "public", "body": body, "today": today})


def _public_body(today, resolution: str):
    """The page's body, written once a data version and root resolution (ADR 0048): a country's public page is
    ≈450 KB of rows and charts; a visitor's view is then the frame around it. Nothing in it depends on who
    reads it (the resolution drop-down is part of it)."""
    return mark_safe(render_to_string("dashboard/_public_body.html", {
        **_public_figures(today, resolution), "today": today, "PROVINCE": settings.GIAMSAT_PROVINCE,
        "resolution": resolution, "resolutions": resolution_choices(published=True)}))


def _public_figures(today, resolution: str) -> dict:
    """The public page's figures, kept per data version (issue #25: every visitor recomputed them)."""
    published = Document.objects.filter(is_published=True)
    if resolution:
        published = published.filter(pk__in=documents_of_resolution(resolution))
    documents = list(published.order_by("date", "id"))
    tasks = with_current_status(Task.objects.filter(document__in=published.values("pk")), today=today)
    per_doc: dict[int, dict[str, int]] = {}
    for doc_id, code, n in tasks.order_by().values_list("document_id", "cur_code").annotate(n=Count("pk")):
        per_doc.setdefault(doc_id, {})[code] = n
    # The totals and headline figures of the published tasks: giamsat.metrics, as on every other page.
    figures = task_figures(tasks, today)
    totals = {c: figures[f"tasks_{c}"] for c in TASK_LABELS}
    codes = [c for c in TASK_LABELS if totals.get(c)]
    rows = [
        (d, [per_doc.get(d.pk, {}).get(c, 0) for c in codes], sum(per_doc.get(d.pk, {}).values()))
        for d in documents
    ]
    indicators = public_indicators(today=today)
    if resolution:
        shown = set(published.values_list("pk", flat=True))
        indicators = [i for i in indicators if i.document_id in shown]
    return {
        "documents": rows,
        "codes": [(c, TASK_LABELS[c]) for c in codes],
        "totals": [totals.get(c, 0) for c in codes],
        "task_total": figures["tasks_total"],
        "figure_rows": metric_rows(figures),
        "indicators": indicators,
        "indicator_counts": status_counts(indicators),
        "charts": {
            "indicators": [indicator_chart(i, i.assessment) for i in indicators],
            "indicatorLabels": INDICATOR_LABELS,
        },
    }


@require_http_methods(["GET", "POST"])
def publication(request):
    if request.method == "POST":
        try:
            result = publication_set(
                user=request.user,
                document_ids=request.POST.getlist("documents"),
                indicator_ids=request.POST.getlist("indicators"),
            )
        except (ApplicationError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "Dữ liệu gửi lên không hợp lệ."))
        else:
            messages.success(
                request,
                f"Đã công khai thêm {len(result.published)} mục, thôi công khai "
                f"{len(result.unpublished)} mục.",
            )
        return redirect("dashboard:publication")
    return render(
        request,
        "dashboard/publication.html",
        {
            "nav": "public",
            "documents": Document.objects.order_by("-is_published", "date", "id"),
            "indicators": Indicator.objects.order_by("-is_published", "code"),
        },
    )
