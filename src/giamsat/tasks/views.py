"""Task pages: the list, a task with its progress updates and decisions, the edit form, evidence files."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from giamsat.accounts.access import can_see_history, is_agency_user, manages
from giamsat.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from giamsat.documents.models import Document
from giamsat.tasks.filters import TaskFilterSet
from giamsat.tasks.forms import ProgressUpdateForm, TaskDecisionForm, TaskEditForm
from giamsat.tasks.models import Evidence, Task
from giamsat.tasks.selectors import task_get, task_list, task_role_of, task_updates, tasks_with_status
from giamsat.tasks.services import ConflictError, EvidenceFile, progress_update_create, task_decide, task_edit

PAGE_SIZE = 50


def tasks(request):
    filters = TaskFilterSet(request.GET, queryset=task_list(request.user, coordinators=False))
    filters.offer_choices(request.user)
    qs = filters.rows().order_by("document_id", "position", "id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = tasks_with_status(page.object_list)
    return render(request, "tasks/tasks.html", {"nav": "tasks", "form": filters.form, "page": page,
                                              "total": page.paginator.count,
                                              "is_agency": is_agency_user(request.user)},
                  status=200 if filters.is_valid() else 400)


@require_http_methods(["GET", "POST"])
def task_detail(request, pk: int):
    task = task_get(request.user, pk)
    role = task_role_of(request.user, task)
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
                progress_update_create(user=request.user, task=task, links=links, files=files, **data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã ghi nhận cập nhật tiến độ.")
                return redirect("web:task", pk=task.pk)
    tasks_with_status([task])
    can_manage = manages(request.user)
    return render(request, "tasks/task_detail.html", {
        "nav": "tasks", "task": task, "role": role, "form": form, "updates": task_updates(task),
        "decisions": task.decisions.select_related("decided_by", "decision_document").order_by("decided_on", "id"),
        "can_manage": can_manage, "can_history": can_see_history(request.user),
        "decision_form": TaskDecisionForm(documents=Document.objects.order_by("-date")) if can_manage else None,
    })


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
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.filename,
                        content_type=evidence.content_type or "application/octet-stream")


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
