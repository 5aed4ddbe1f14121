"""Task pages: the list, a task with its progress updates and decisions, the edit form, evidence files."""

import datetime as dt
from types import SimpleNamespace

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giamsat.accounts.access import can_manage_evaluations, can_see_history, can_urge, is_agency_user, manages
from giamsat.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from giamsat.core.kept import CSRF_PLACEHOLDER, with_csrf
from giamsat.core.storage import file_response
from giamsat.documents.models import Document
from giamsat.tasks.alerts import DECIDES, LEVELS, OPEN_CODES, current_rule
from giamsat.tasks.display import exception_rows, task_rows
from giamsat.tasks.filters import TaskFilterSet
from giamsat.tasks.forms import AlertRuleForm, ProgressUpdateForm, TaskDecisionForm, TaskEditForm, decision_documents
from giamsat.tasks.models import Evidence, Task
from giamsat.tasks.selectors import (
    task_get,
    task_list,
    task_ref,
    task_role,
    task_role_of,
    task_updates,
    tasks_with_status,
    with_current_status,
)
from giamsat.tasks.services import (
    ConflictError,
    EvidenceFile,
    alert_rule_set,
    progress_update_create,
    task_decide,
    task_edit,
)

PAGE_SIZE = 50
# The task page shows the newest progress updates; "Xem tất cả" (?tat-ca=1) shows every one (issue #25: a
# task reported on weekly for three years has 150, ≈2 ms each through the template).
UPDATES_SHOWN = 20


def task_updates_shown(task: Task, *, everything: bool) -> tuple[list, int]:
    """The updates the task page shows (newest first) and how many the task has: the newest UPDATES_SHOWN,
    or all; counted by the database only when there are more than shown."""
    if everything:
        updates = list(task_updates(task))
        return updates, len(updates)
    updates = list(task_updates(task)[:UPDATES_SHOWN + 1])
    if len(updates) <= UPDATES_SHOWN:
        return updates, len(updates)
    return updates[:UPDATES_SHOWN], task.updates.count()


# Set at start-up by giamsat.dashboard (a layer above): `keep(kind, user, today, params, compute)` keeps what
# `compute()` returns while the data it shows has not changed (dashboard.snapshots, ADR 0045). Unset (or for
# a view that must compute): computed on every request.
keep = None


def _kept(kind: str, request, today, compute):
    """The lists' rows for this user's scope and this query string, kept while current (`keep`)."""
    if keep is None:
        return compute()
    params = {"query": sorted((k, v) for k, values in request.GET.lists() for v in values)}
    return keep(kind, request.user, today, params, compute)


def _reference(kind: str, user, today, compute):
    """What depends on the reference data alone (organizations, documents, the alert rule), kept across
    progress updates and reports (`keep`)."""
    return compute() if keep is None else keep(kind, user, today, {}, compute, reference=True)


def _reference_for_query(kind: str, request, today, compute):
    """What depends on the reference data and this query string (the filter form's markup), kept across
    progress updates and reports (`keep`)."""
    if keep is None:
        return compute()
    params = {"query": sorted((k, v) for k, values in request.GET.lists() for v in values)}
    return keep(kind, request.user, today, params, compute, reference=True)


def _page_of(size: int, kept: dict) -> Page:
    """The page a kept fragment was made for, for the pager: its number and count, no query (its rows are
    in the fragment)."""
    paginator = Paginator(Task.objects.none(), size)
    paginator.count = kept["count"]  # a cached_property: the count the fragment saw
    return paginator.get_page(kept["number"])


def tasks(request):
    user, today = request.user, timezone.localdate()
    # The visible tasks' queryset (with its prefetches: ≈0.5 ms to build) only when the rows are computed;
    # until then nothing: a path that forgot it would list no task, never another agency's.
    filters = TaskFilterSet(request.GET, queryset=Task.objects.none())
    valid = filters.is_valid()
    lists = {}

    def reference() -> dict:
        """What changes only with organizations, documents and the rule: the drop-downs' options, the rule."""
        if not lists:
            lists.update(_reference("task-choices", user, today, lambda: {
                "choices": TaskFilterSet.choice_lists(user), "rule": current_rule()}))
        return lists

    def compute() -> dict:
        """What changes with the data: the count and the rows' markup."""
        filters.queryset = task_list(user, coordinators=False)
        qs = filters.rows().order_by("document_id", "position", "id")
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        listed = list(tasks_with_status(page.object_list, today=today, rule=reference()["rule"]))
        return {"count": page.paginator.count, "number": page.number, "shown": len(listed),
                "rows": str(task_rows(listed, show_document=True))}

    def filters_html() -> str:
        """The filter form with its drop-downs' options (≈300 for an office at province scale, ≈60% of the
        page's time to write): it depends on the reference data and the query string alone (issue #25)."""
        filters.offer_choices(user, reference()["choices"])
        return render_to_string("tasks/_task_filters.html", {"form": filters.form})

    if valid:
        kept = _kept("task-list", request, today, compute)
        form_html = _reference_for_query("task-filters", request, today, filters_html)
    else:
        kept, form_html = compute(), filters_html()
    page = _page_of(PAGE_SIZE, kept)
    return render(request, "tasks/tasks.html", {"nav": "tasks", "filters_html": mark_safe(form_html),
                                              "page": page, "task_rows_html": mark_safe(kept["rows"]),
                                              "total": kept["count"],
                                              "shown": kept["shown"],  # rows on this page (the fragment's)
                                              "is_agency": is_agency_user(user)},
                  status=200 if valid else 400)


@require_http_methods(["GET", "POST"])
def task_detail(request, pk: int):
    user, today = request.user, timezone.localdate()
    if request.method == "POST":
        task = task_get(user, pk)
        role = task_role_of(user, task)
    else:  # what the page needs besides its kept body: visible or not (one query), the user's part in it
        task = task_ref(user, pk)
        role = task_role(user, pk)
    form = ProgressUpdateForm(request.POST or None, request.FILES or None) if role else None
    if request.method == "POST":
        if form is None:
            raise PermissionDeniedError(
                "Chỉ cơ quan chủ trì hoặc phối hợp mới cập nhật tiến độ nhiệm vụ này."
            )
        if form.is_valid():
            data = dict(form.cleaned_data)
            links = data.pop("links").splitlines()
            files = [EvidenceFile(f.name, f) for f in data.pop("files")]
            try:
                progress_update_create(user=user, task=task, links=links, files=files, **data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã ghi nhận cập nhật tiến độ.")
                return redirect("web:task", pk=task.pk)
    can_manage, can_history = manages(user), can_see_history(user)
    everything = request.GET.get("tat-ca") == "1"

    def compute() -> dict:
        """The task, its status, its updates and decisions as markup: what changes only with the data."""
        shown = task_get(user, pk)
        tasks_with_status([shown], today=today, rule=_reference("alert-rule", user, today, current_rule))
        updates, total = task_updates_shown(shown, everything=everything)
        context = {
            "task": shown, "updates": updates, "updates_total": total, "updates_cut": total > len(updates),
            "updates_all": everything and total > UPDATES_SHOWN, "can_manage": can_manage,
            "can_history": can_history,
            "decisions": shown.decisions.select_related("decided_by", "decision_document").order_by("decided_on",
                                                                                                     "id"),
        }
        # The priority line, the decision form and the urgings too (#25: 3 queries and ≈20 ms a view), with a
        # placeholder for the visitor's CSRF token (core.kept).
        around = {"task": shown, "request": request, "csrf_token": CSRF_PLACEHOLDER,
                  "decision_form": decision_form() if can_manage else None}
        return {"head": render_to_string("tasks/_task_head.html", context),
                "history": render_to_string("tasks/_task_priority.html", around)
                + render_to_string("tasks/_task_history.html", context),
                "tail": render_to_string("tasks/_task_tail.html", around)}

    params = {"task": pk, "all": everything, "manage": can_manage, "history": can_history,
              "urge": can_urge(user), "evaluate": can_manage_evaluations(user)}
    body = compute() if request.method == "POST" or keep is None else keep("task-page", user, today, params, compute)
    return render(request, "tasks/task_detail.html", {
        "nav": "tasks", "task": task, "role": role, "form": form,
        "head": mark_safe(body["head"]), "history": with_csrf(body["history"], request),
        "tail": with_csrf(body["tail"], request), "can_manage": can_manage,
    })


def decision_form() -> TaskDecisionForm:
    """The decision form as the task page shows it: its documents read as plain rows (a model choice
    iterator reads through a server-side cursor: ≈10 ms for thirty rows on PostgreSQL)."""
    form = TaskDecisionForm(documents=Document.objects.none())
    field = form.fields["decision_document"]
    field.widget.choices = [("", field.empty_label), *((d.pk, d.label) for d in decision_documents())]
    return form


@require_POST
def task_decide_view(request, pk: int):
    task = task_get(request.user, pk)
    form = TaskDecisionForm(request.POST, documents=Document.objects.all())
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("web:task", pk=task.pk)
    data = dict(form.cleaned_data)
    del data["confirm"]  # the page's confirmation step (works without JavaScript)
    try:
        task_decide(user=request.user, task=task, **data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã ghi nhận quyết định.")
    return redirect("web:task", pk=task.pk)


def evidence_download(request, pk: int):
    """Evidence files are served only to those who may see the task (never from a public media URL)."""
    evidence = Evidence.objects.visible_to(request.user).filter(pk=pk).exclude(file="").first()
    if evidence is None:  # none, or on a task the user may not see: the same answer
        raise NotFoundError("Không tìm thấy tệp.")
    return file_response(evidence, evidence.file, evidence.sha256, filename=evidence.filename,
                         content_type=evidence.content_type)


@require_http_methods(["GET", "POST"])
def task_edit_view(request, pk: int):
    task = task_get(request.user, pk)
    initial = {f: getattr(task, f) for f in ("number", "name", "deadline_text", "no_deadline", "expected_product",
                                            "solution_group")}
    form = TaskEditForm(request.POST or None, initial={**initial, "lock_version": task.lock_version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock_version = data.pop("lock_version")
        changed = {k: v for k, v in data.items() if v != initial[k] and not (v in (None, "") and not initial[k])}
        try:
            task_edit(user=request.user, task=task, lock_version=lock_version, **changed)
        except ConflictError as exc:
            conflict = exc
            # Show the current version; saving again is then a deliberate choice over the other edit.
            form = TaskEditForm(request.POST.copy())
            form.data["lock_version"] = Task.objects.get(pk=task.pk).lock_version
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lưu nhiệm vụ.")
            return redirect("web:task", pk=task.pk)
    return render(request, "tasks/task_edit.html", {"nav": "tasks", "task": task, "form": form, "conflict": conflict})


EXCEPTIONS_PAGE = 100


@require_GET
def exceptions(request):
    """The exception board: red and special-red tasks with their owner, days late, missing product, and the
    level that must decide (tasks.alerts). Its rows are kept while the data does not change (`keep`)."""
    today = timezone.localdate()
    level = request.GET.get("muc", "")
    levels = [level] if level in {"red", "special_red"} else ["red", "special_red"]

    def compute() -> dict:
        rule = _reference("alert-rule", request.user, today, current_rule)
        qs = with_current_status(task_list(request.user, coordinators=False).select_related("document__issuer"),
                                 today=today)
        # Red or special red is an open task whose due date has come (tasks.alerts.alert_case): special red
        # from `special_red_days` past it. Plain columns only: the rule's evidence condition (a subquery
        # PostgreSQL ran over every evidence row, ≈150 ms at province scale) decides only yellow, which the
        # board never shows.
        qs = qs.filter(cur_code__in=OPEN_CODES, cur_due__lte=today).order_by("cur_due", "id")
        special_from = today - dt.timedelta(days=rule.special_red_days)
        if levels == ["special_red"]:
            qs = qs.filter(cur_due__lte=special_from)
        elif levels == ["red"]:
            qs = qs.filter(cur_due__gt=special_from)
        page = Paginator(qs, EXCEPTIONS_PAGE).get_page(request.GET.get("page"))
        tasks = tasks_with_status(page.object_list, today=today, rule=rule)
        for task in tasks:  # open tasks: `has_product` was read for each
            task.days_late = (today - task.status.due).days if task.status.due else None
            task.missing_product = not task.has_product
            task.decides = DECIDES.get(task.alert, "")
            if task.alert == "special_red" and task.document.issuer_id:
                task.decides = f"{task.decides}: {task.document.issuer.name}"
        # The rows as plain values (kept with the markup): what a page's `object_list` gives of them.
        items = [SimpleNamespace(pk=t.pk, number=t.number, name=t.name, alert=t.alert, days_late=t.days_late,
                                 missing_product=t.missing_product, decides=t.decides) for t in tasks]
        return {"count": page.paginator.count, "number": page.number, "rows": str(exception_rows(tasks)),
                "items": items, "special_red_days": rule.special_red_days}

    kept = _kept("task-exceptions", request, today, compute)
    page = _page_of(EXCEPTIONS_PAGE, kept)
    page.object_list = kept["items"]
    return render(request, "tasks/exceptions.html", {
        "nav": "tasks", "page": page, "rows": mark_safe(kept["rows"]), "special_red_days": kept["special_red_days"],
        "level": level, "levels": LEVELS, "today": today, "total": kept["count"],
        "can_manage": manages(request.user),
    })


@require_http_methods(["GET", "POST"])
def alert_rules(request):
    """The office's page for the alert levels' rule set."""
    rule = current_rule()
    form = AlertRuleForm(request.POST or None,
                         initial={"yellow_days": rule.yellow_days, "special_red_days": rule.special_red_days})
    if request.method == "POST" and form.is_valid():
        try:
            alert_rule_set(user=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lưu quy tắc cảnh báo.")
            return redirect("web:alert_rules")
    return render(request, "tasks/alert_rules.html", {"nav": "tasks", "form": form, "rule": rule},
                  status=400 if form.errors else 200)
