"""The task API: the visible tasks, one task, its edit, progress updates (with evidence files) and decisions.
A ninja Router, mounted by the root API (api/v1.py) under /api/v1."""

from ninja import File, Form, Query, Router, Schema, UploadedFile

from giamsat.core.errors import ApplicationError
from giamsat.core.filters import query_schema
from giamsat.core.pagination import MAX_LIMIT, MAX_OFFSET
from giamsat.core.responses import json_answer
from giamsat.core.schemas import Conflict, Error
from giamsat.documents.models import Document
from giamsat.tasks import schemas as ts
from giamsat.tasks.filters import TaskFilterSet
from giamsat.tasks.models import ProgressUpdate
from giamsat.tasks.selectors import task_card, task_cards, task_get, task_list, task_ref
from giamsat.tasks.serializers import decision_out, task_out, update_out, update_rows
from giamsat.tasks.services import ConflictError, EvidenceFile, progress_update_create, task_decide, task_edit

router = Router()


TaskQuery = query_schema(TaskFilterSet, "TaskQuery", module=__name__)


class TaskPage(Schema):
    items: list[ts.TaskOut]
    count: int


@router.get("/tasks", response=TaskPage, tags=["tasks"])
def tasks(
    request,
    filters: Query[TaskQuery],
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Visible tasks, filtered; `status` is one of the status codes, or `warning` for the early warning."""
    qs = TaskFilterSet.narrow(task_list(request.user), request.GET).order_by("document_id", "position", "id")
    cards = task_cards(qs[offset : offset + limit])
    return json_answer({"items": [task_out(card) for card in cards], "count": qs.count()})


@router.get("/tasks/{task_id}", response={200: ts.TaskOut, 404: Error}, tags=["tasks"])
def task(request, task_id: int):
    return json_answer(task_out(task_card(request.user, task_id)))


@router.patch(
    "/tasks/{task_id}",
    response={200: ts.TaskOut, 400: Error, 403: Error, 404: Error, 409: Conflict},
    tags=["tasks"],
)
def task_patch(request, task_id: int, payload: ts.TaskPatch):
    """Monitoring office: edit a task. Send the `lock_version` you read; a stale one gets 409 with what changed."""
    task = task_get(request.user, task_id)
    changes = payload.dict(exclude_unset=True)
    lock_version = changes.pop("lock_version")
    try:
        task_edit(user=request.user, task=task, lock_version=lock_version, **changes)
    except ConflictError as exc:
        return 409, {
            "detail": exc.message,
            "code": exc.code,
            "changes": {k: {"current": str(v[0]), "yours": str(v[1])} for k, v in exc.changes.items()},
        }
    return json_answer(task_out(task_card(request.user, task_id)))


@router.get("/tasks/{task_id}/updates", response={200: list[ts.UpdateOut], 404: Error}, tags=["tasks"])
def updates(
    request, task_id: int, limit: int = Query(100, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=MAX_OFFSET)
):
    """The task's progress updates, newest first (by reported date, then entry), `limit` at a time: a
    recurring task reported on by a hundred coordinators gathers thousands."""
    task = task_ref(request.user, task_id)
    return json_answer(update_rows(task.updates.all()[offset : offset + limit]))


@router.post(
    "/tasks/{task_id}/updates", response={201: ts.UpdateOut, 400: Error, 403: Error, 404: Error}, tags=["tasks"]
)
def update_create(request, task_id: int, payload: ts.UpdateIn):
    task = task_ref(request.user, task_id)
    corrects = None
    if payload.corrects:
        corrects = ProgressUpdate.objects.filter(pk=payload.corrects, task=task).first()
        if corrects is None:
            raise ApplicationError("Không tìm thấy cập nhật cần đính chính.")
    update = progress_update_create(
        user=request.user,
        task=task,
        state=payload.state,
        percent=payload.percent,
        narrative=payload.narrative,
        difficulties=payload.difficulties,
        proposals=payload.proposals,
        reported_on=payload.reported_on,
        corrects=corrects,
        links=payload.links,
        no_product_reason=payload.no_product_reason,
    )
    return json_answer(update_out(update), status=201)


@router.post(
    "/tasks/{task_id}/updates/evidence",
    response={201: ts.UpdateOut, 400: Error, 403: Error, 404: Error, 413: Error},
    tags=["tasks"],
)
def update_create_with_files(
    request,
    task_id: int,
    state: Form[str],
    percent: Form[int | None] = None,
    narrative: Form[str] = "",
    difficulties: Form[str] = "",
    proposals: Form[str] = "",
    no_product_reason: Form[str] = "",
    files: list[UploadedFile] = File(...),
):
    """The same as posting an update, as multipart form data with one or more evidence files."""
    task = task_ref(request.user, task_id)
    update = progress_update_create(
        user=request.user,
        task=task,
        state=state,
        percent=percent,
        narrative=narrative,
        difficulties=difficulties,
        proposals=proposals,
        no_product_reason=no_product_reason,
        files=[EvidenceFile(f.name or "tep", f) for f in files],
    )
    return 201, update_out(update)


@router.get("/tasks/{task_id}/decisions", response={200: list[ts.DecisionOut], 404: Error}, tags=["tasks"])
def decisions(request, task_id: int):
    task = task_get(request.user, task_id)
    return [decision_out(d) for d in task.decisions.select_related("decided_by").order_by("decided_on", "id")]


@router.post(
    "/tasks/{task_id}/decisions",
    response={201: ts.DecisionOut, 400: Error, 403: Error, 404: Error},
    tags=["tasks"],
)
def decision_create(request, task_id: int, payload: ts.DecisionIn | None = None):
    """Monitoring office: done (verified), reopened, paused, resumed, adjusted (new_due_date), cancelled. Each
    needs a reason (`note`); "done" on a task without evidence needs `without_evidence: true`. An empty body is
    refused (400)."""
    payload = payload or ts.DecisionIn()
    task = task_get(request.user, task_id)
    document = None
    if payload.decision_document:
        document = Document.objects.filter(pk=payload.decision_document).first()
        if document is None:
            raise ApplicationError("Không tìm thấy văn bản quyết định.")
    decision = task_decide(
        user=request.user,
        task=task,
        kind=payload.kind,
        note=payload.note,
        new_due_date=payload.new_due_date,
        decision_document=document,
        decided_on=payload.decided_on,
        without_evidence=payload.without_evidence,
    )
    return 201, decision_out(decision)
