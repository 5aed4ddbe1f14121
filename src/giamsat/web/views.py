"""Server-rendered pages. Thin: parse input, call a selector or service, render."""

import logging
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from giamsat.accounts.access import can_see_recent_changes, can_urge, is_agency_user, sees_rows_of
from giamsat.accounts.forms import SignInForm
from giamsat.accounts.models import User
from giamsat.accounts.totp import TotpLockedError, totp_check, totp_enabled
from giamsat.audit.models import AuditEntry
from giamsat.core.errors import NotFoundError
from giamsat.core.kept import ANY, CSRF_PLACEHOLDER, with_csrf
from giamsat.dashboard.progress import progress_context
from giamsat.dashboard.punctuality import punctuality
from giamsat.dashboard.selectors import first_lists, indicator_summary
from giamsat.dashboard.snapshots import REPORTS, TASKS, keep_page, kept_part, snapshot
from giamsat.documents.filters import DocumentFilterSet, offer_resolutions
from giamsat.documents.roots import documents_of_resolution, resolution_choices
from giamsat.documents.selectors import document_get, document_sources, documents_listed, recent_documents, task_counts
from giamsat.metrics.selectors import HEADLINE_ALL, Scope, agency_split, parse_resolution, task_figures
from giamsat.metrics.selectors import figures as metric_figures
from giamsat.metrics.selectors import rows as metric_rows
from giamsat.organizations.filters import OrganizationFilterSet
from giamsat.organizations.models import Organization
from giamsat.organizations.selectors import organization_lineage_ids
from giamsat.reporting.selectors import report_list
from giamsat.reporting.submissions import my_reporting
from giamsat.tasks.alerts import current_rule
from giamsat.tasks.filters import TaskFilterSet
from giamsat.tasks.selectors import task_list, tasks_with_status, with_current_status
from giamsat.tasks.status import LABELS, StatusCode
from giamsat.web import rows

PAGE_SIZE = 50
ORGANIZATIONS_PAGE_SIZE = 300  # a province has ≈160 organizations (one page); the country ≈10,000
logger = logging.getLogger(__name__)


_MIGRATED = False  # set once /healthz has seen every migration applied


@require_GET
def healthz(request):
    """Liveness and readiness: the database answers and every migration is applied."""
    global _MIGRATED
    try:
        if _MIGRATED:
            # Once every migration is applied it stays so for this process (new ones come with new code, and
            # a restart): a plain query checks the database, not the migration graph read from disk.
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            pending = []
        else:
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
            _MIGRATED = not pending
        db_ok = True
    except Exception:  # the database is down or unreadable: say so, do not crash
        # The reason goes to the server's log only: an exception's text can name hosts, users, paths.
        logger.exception("healthz: the database does not answer")
        return JsonResponse({"status": "error", "database": connection.vendor}, status=503)
    return JsonResponse({
        "status": "ok" if not pending else "migrations_pending",
        "database": {"engine": connection.vendor, "ok": db_ok},
        "migrations": {"applied": not pending, "pending": len(pending)},
    })


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if totp_enabled(user):
            # Password right: the session holds who is half-way in, not logged in yet.
            self.request.session["totp_user"] = user.pk
            self.request.session["totp_backend"] = user.backend
            self.request.session["totp_next"] = self.get_success_url()
            return redirect("web:login_totp")
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def login_totp(request):
    user_id = request.session.get("totp_user")
    if not user_id:
        return redirect("web:login")
    error = ""
    if request.method == "POST":
        user = User.objects.filter(pk=user_id, is_active=True).first()
        try:
            right = user is not None and totp_check(user=user, code=request.POST.get("code", ""))
        except TotpLockedError as exc:  # wrong codes are counted per account, across sessions (accounts.totp)
            request.session.flush()
            messages.error(request, exc.message)
            return redirect("web:login")
        if right:
            backend, next_url = request.session["totp_backend"], request.session.get("totp_next") or "/"
            for key in ("totp_user", "totp_backend", "totp_next"):
                request.session.pop(key, None)
            auth_login(request, user, backend=backend)
            return redirect(next_url)
        error = "Mã xác thực không đúng hoặc đã hết hạn."
    return render(request, "web/login_totp.html", {"error": error})


DETAIL_TASK_LIMIT = 200  # a detail page lists the first tasks; the full list is one click away


def _counts_and_first(qs, *, limit: int = DETAIL_TASK_LIMIT) -> tuple[list[tuple[str, str, int]], list, int, dict]:
    """Status counts and the headline figures (giamsat.metrics, by the database), and the first tasks with
    their status: never every task in Python."""
    figures = task_figures(qs, timezone.localdate())
    rows = [(code, label, figures[f"tasks_{code}"]) for code, label in LABELS.items() if figures[f"tasks_{code}"]]
    first = tasks_with_status(qs.order_by("document_id", "position", "id")[:limit])
    return rows, first, figures["tasks_total"], figures


def _home_figures(user, *, today, resolution: str = "", recompute: bool = False) -> tuple[str, str, str]:
    """The home page's figures as HTML (the headline boxes; counts, the first overdue and soon-due tasks, the
    newest documents; an agency's reporting duties), kept as a dashboard snapshot: for a national leader they
    aggregate every task in the country. Documents are written through audited services, so a new one makes a
    new snapshot. Two parts, each kept while the data of its kind is unchanged (ADR 0052): after a report the
    task figures are not computed again, after a progress update the reporting duties are not."""
    grid, lists = kept_part(TASKS, "home-tasks", user, lambda: _home_tasks(user, today=today, resolution=resolution),
                            today=today, params={"resolution": resolution} if resolution else None,
                            recompute=recompute)
    # An agency's reporting duties too (≈40 ms to work out; issue #25): its report writes renew its scope.
    reporting = (kept_part(REPORTS, "home-reporting", user, lambda: render_to_string(
        "web/_home_reporting.html", {"reporting": my_reporting(user, today=today, sent=False)}), today=today,
        recompute=recompute) if is_agency_user(user) else "")
    return grid, lists, reporting


def _home_tasks(user, *, today, resolution: str) -> tuple[str, str]:
    """The home page's task figures and newest documents as HTML (the grid and the lists)."""
    # An agency's figures count the tasks it leads (giamsat.metrics.agency_split); those it coordinates apart.
    tasks = task_list(user, coordinators=False)
    if resolution:  # one root resolution's cascade (ADR 0040), as GET /api/v1/metrics?resolution= counts it
        tasks = tasks.filter(document_id__in=documents_of_resolution(resolution))
    led, coordinated = agency_split(user, tasks)
    visible = with_current_status(led, today=today)
    rule = current_rule()  # the alert rule, read once for the figures and the lists
    figures = task_figures(visible, today, rule=rule)  # every figure: giamsat.metrics, the one definition
    counts = {code: figures[f"tasks_{code}"] for code in LABELS}
    total = figures["tasks_total"]
    overdue_count = counts[StatusCode.OVERDUE] + counts[StatusCode.NOT_REPORTED]
    soon_qs = visible.filter(cur_warning=True)
    # The first twenty of each, their evidence, alert rule and transfers read once for both (issue #25).
    overdue, soon = first_lists(
        visible.filter(cur_code__in=[StatusCode.OVERDUE, StatusCode.NOT_REPORTED]).order_by("cur_due", "id"),
        soon_qs.order_by("cur_due", "id"), today=today, rule=rule)
    context = {
        "task_total": total,
        "status_counts": [(code, label, counts[code]) for code, label in LABELS.items() if counts.get(code)],
        "overdue": overdue,
        "overdue_count": overdue_count,
        "soon": soon,
        "soon_count": figures["tasks_soon_due"],
        "figures": figures,
        "coordinated": coordinated.order_by().count() if coordinated is not None else None,
        "organization_id": getattr(user, "organization_id", None),
        "documents": recent_documents(user, 8),
        "resolution": resolution,
        "resolutions": resolution_choices(),  # the drop-down, kept in the snapshot with the figures
        "rq": f"&resolution={quote(resolution, safe='')}" if resolution else "",
    }
    return render_to_string("web/_home_grid.html", context), render_to_string("web/_home_lists.html", context)


def home_snapshot(user, *, today, recompute: bool = False, resolution: str = ""):
    """The home page's figures for the user's scope (a dashboard snapshot; also warmed each morning), one
    snapshot per root resolution chosen."""
    # "home-3": three parts since issue #25 (a process of the previous version, during a deployment, reads
    # its own two-part "home" snapshots and never these).
    return snapshot("home-3", user, lambda: _home_figures(user, today=today, resolution=resolution,
                                                          recompute=recompute), today=today,
                    recompute=recompute, params={"resolution": resolution} if resolution else None)


def home(request):
    resolution = parse_resolution(request.GET.get("resolution"))
    figures = home_snapshot(request.user, today=timezone.localdate(), recompute=request.GET.get("tinh-lai") == "1",
                            resolution=resolution)
    grid, lists, reporting = figures.value
    context = {
        "nav": "home",
        "figures": figures,
        "grid": mark_safe(grid),
        "lists": mark_safe(lists),
        "is_agency": is_agency_user(request.user),
        "reporting": mark_safe(reporting),
        "recent_audit": AuditEntry.objects.order_by("-id")[:10] if can_see_recent_changes(request.user) else None,
    }
    return render(request, "web/home.html", context)


def documents(request):
    # A page of documents, then its rows' task counts (not every document's, grouped before paging), the
    # rows written in Python (web.rows; issue #25); kept while current per scope and query (ADR 0056).
    def compute():
        filters = DocumentFilterSet(request.GET, queryset=documents_listed(request.user))
        offer_resolutions(filters)
        page = Paginator(filters.rows(), PAGE_SIZE).get_page(request.GET.get("page"))
        docs = list(page)
        return render_to_string("web/_documents_body.html", {
            "form": filters.form, "page": page, "request": request,
            "rows": rows.document_rows(docs, task_counts([d.pk for d in docs])),
        }), 200 if filters.is_valid() else 400

    body, status = _kept_list("documents-list", request, compute)
    return render(request, "web/documents.html", {"nav": "documents", "body": mark_safe(body)}, status=status)


def _kept_list(kind: str, request, compute):
    """A list's body for this user's scope and query string, kept until documents, tasks or organizations
    are written (`any`: what such lists show does not change with progress or reports)."""
    params = {"query": sorted((k, v) for k, values in request.GET.lists() for v in values)}
    return keep_page(kind, request.user, timezone.localdate(), params, compute, scopes=[ANY])


DOCUMENT_TASKS_SHOWN = 50  # the document page lists its first tasks (a page of the task list); the rest a click away
CASCADE_FIRST_ROWS = 30  # the document page's cascade: its top levels in about this many rows; the rest a click away


def document_detail(request, pk: int):
    doc = document_get(request.user, pk)
    today = timezone.localdate()
    # Its figures (the cascade's progress and the first tasks) are kept as a snapshot (ADR 0011, 0046): a
    # province's plan has 1,000 tasks and 130 implementing plans, counted and drawn once per data version.
    figures = snapshot("document", request.user, lambda: document_figures(request.user, doc, today=today),
                       today=today, params={"document": doc.pk}, recompute=request.GET.get("tinh-lai") == "1")
    task_total, progress, tasks_section = figures.value
    return render(request, "web/document_detail.html", {
        "nav": "documents", "doc": doc, "sources": document_sources(request.user, doc), "figures": figures,
        "task_total": task_total, "progress": mark_safe(progress), "tasks_section": mark_safe(tasks_section),
    })


def document_figures(user, doc, *, today) -> tuple[int, str, str]:
    """The document page's figures: its task total, the cascade of implementing plans with their progress
    (a bounded first view: the top levels, the rest on the cascade's own page), the status counts, headline
    figures and first tasks, as HTML."""
    counts, tasks, total, figures = _counts_and_first(
        task_list(user, coordinators=False).filter(document=doc), limit=DOCUMENT_TASKS_SHOWN)
    progress = render_to_string("dashboard/_document_progress.html", progress_context(
        user, doc, today=today, limit=CASCADE_FIRST_ROWS, full_url=reverse("web:document_cascade", args=[doc.pk])))
    tasks_section = render_to_string("web/_document_tasks.html", {
        "doc": doc, "tasks": tasks, "status_counts": counts, "task_total": total,
        "extra_query": f"&document={doc.pk}", "figure_rows": metric_rows(figures),
    })
    return total, progress, tasks_section


def document_cascade(request, pk: int):
    """Every implementing plan under a document, with its progress (the document page shows the first)."""
    doc = document_get(request.user, pk)
    today = timezone.localdate()
    number = request.GET.get("page", "")
    number = int(number) if number.isdigit() and 0 < len(number) < 7 else 1  # out of range: the last page
    figures = snapshot(
        "document-cascade", request.user,
        lambda: render_to_string("dashboard/_document_progress.html",
                                 progress_context(request.user, doc, today=today, page=number)),
        today=today, params={"document": doc.pk, "page": number}, recompute=request.GET.get("tinh-lai") == "1")
    return render(request, "web/document_cascade.html", {
        "nav": "documents", "doc": doc, "figures": figures, "progress": mark_safe(figures.value),
    })


def _page(rows, size: int, number):
    """A page of `rows`; when the first page holds them all, without counting them first (one query)."""
    if number in (None, "", "1"):
        first = list(rows[:size + 1])
        if len(first) <= size:
            return Paginator(first, size).get_page(1)
    return Paginator(rows, size).get_page(number)


def organizations(request):
    # The rows written in Python (web.rows: three queries for the other names and successions; Django's
    # templates took ≈1 ms a row for 158 rows; issue #25), kept while current per query (ADR 0056).
    def compute():
        orgs = Organization.objects.only(
            "id", "name", "short_name", "kind", "level", "identifier_code", "admin_unit_code", "valid_to",
        ).order_by("level", "kind", "name")
        filters = OrganizationFilterSet(request.GET, queryset=orgs)
        page = _page(filters.rows(), ORGANIZATIONS_PAGE_SIZE, request.GET.get("page"))
        return render_to_string("web/_organizations_body.html", {
            "rows": rows.organization_rows(list(page)), "page": page, "form": filters.form, "request": request,
        }), 200 if filters.is_valid() else 400

    body, status = _kept_list("organizations-list", request, compute)
    return render(request, "web/organizations.html", {"nav": "organizations", "body": mark_safe(body)},
                  status=status)


def organization_detail(request, pk: int):
    today, resolution = timezone.localdate(), parse_resolution(request.GET.get("resolution"))
    # What is not figures (the card, recent reports, urgings) kept while current for the user's scope (#25):
    # 7 queries a view before. An organization that does not exist raises in `compute`: nothing is kept.
    may_urge = can_urge(request.user)
    title, about, reports, urging = keep_page(
        "organization-page", request.user, today, {"organization": pk, "urge": may_urge},
        lambda: _organization_parts(request, pk))
    figures = snapshot(
        "organization", request.user,
        lambda: organization_figures(request.user, _organization(pk), today=today, resolution=resolution),
        today=today, params={"organization": pk, **({"resolution": resolution} if resolution else {})},
        recompute=request.GET.get("tinh-lai") == "1",
    )
    tasks_section, indicators_section = figures.value
    return render(request, "web/organization_detail.html", {
        "nav": "organizations", "title": title, "figures": figures, "about": mark_safe(about),
        "reports": with_csrf(reports, request), "urging": with_csrf(urging, request),
        "tasks_section": mark_safe(tasks_section), "indicators_section": mark_safe(indicators_section),
    })


def _organization(pk: int) -> Organization:
    org = Organization.objects.filter(pk=pk).select_related("parent").prefetch_related(
        "aliases", "successions_out__successor", "successions_in__predecessor", "successions_out__reorganization",
        "successions_in__reorganization").first()
    if org is None:
        raise NotFoundError("Không tìm thấy cơ quan, đơn vị.")
    return org


def _organization_parts(request, pk: int) -> tuple[str, str, str, str]:
    org = _organization(pk)
    # The table shows the period and the report's own fields: no join of rules, documents, recipients.
    reports = list(report_list(request.user).filter(organization=org).select_related(None)
                   .select_related("period")[:12])
    context = {"org": org, "reports": reports, "request": request, "csrf_token": CSRF_PLACEHOLDER}
    return (org.name, render_to_string("web/_organization_about.html", context),
            render_to_string("web/_organization_reports.html", context),
            render_to_string("web/_organization_urging.html", context))


def organization_figures(user, org: Organization, *, today, months: int = 12,
                         resolution: str = "") -> tuple[str, str]:
    """The organization page's figures as HTML, kept as a dashboard snapshot (ADR 0011): its tasks (counts and
    the first ones), and the indicators it (or a unit merged into it) answers for with its reporting record,
    which for a leader add up rows from the whole country. `resolution`: one root resolution's cascade."""
    tasks, counts, total, figure_rows = [], [], 0, []
    hidden = not sees_rows_of(user, org.pk)
    if not hidden:
        its_tasks = TaskFilterSet.narrow(task_list(user, coordinators=False),
                                         {"organization": org.pk, "resolution": resolution})
        counts, tasks, total, _ = _counts_and_first(its_tasks)
        # The organization's own figures (the tasks it leads, its reports, indicators, feedback): metrics.
        figure_rows = metric_rows(metric_figures(Scope("organization", org.pk), today, user=user,
                                                 resolution=resolution), HEADLINE_ALL)
    lineage = organization_lineage_ids(org.pk)
    tasks_section = render_to_string("web/_organization_tasks.html", {
        "org": org, "tasks": tasks, "status_counts": counts, "task_total": total, "tasks_hidden": hidden,
        "extra_query": f"&organization={org.pk}"
        + (f"&resolution={quote(resolution, safe='')}" if resolution else ""),
        "figure_rows": figure_rows, "resolution": resolution, "resolutions": resolution_choices(),
    })
    indicators_section = render_to_string("dashboard/_organization_indicators.html", {
        "org": org,
        "ind": indicator_summary(user, today=today, responsible_ids=lineage, resolution=resolution),
        "heat": punctuality(user, today=today, months=months, organization_ids=lineage, resolution=resolution),
    })
    return tasks_section, indicators_section
