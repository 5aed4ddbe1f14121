"""The feedback API. `public_router`: anyone may submit and look up by tracking code (api/v1.py mounts it
with the visitor's authentication); `router`: the lists and the office's and agencies' steps."""

import json

from django.utils import timezone
from ninja import Query, Router
from pydantic import ValidationError

from giamsat.accounts.access import sees_feedback_submitter
from giamsat.core.errors import ApplicationError
from giamsat.core.filters import query_schema
from giamsat.core.pagination import MAX_LIMIT, MAX_OFFSET
from giamsat.core.requests import INVALID_CHARACTER, MULTIPART, unstorable_in
from giamsat.core.responses import json_answer
from giamsat.core.schemas import Error
from giamsat.feedback import schemas as fs
from giamsat.feedback.filters import FeedbackFilterSet
from giamsat.feedback.models import Feedback
from giamsat.feedback.selectors import feedback_get, feedback_list, is_overdue, public_lookup
from giamsat.feedback.services import (
    AttachedFile,
    agencies_named,
    feedback_answer,
    feedback_merge,
    feedback_publish,
    feedback_reject,
    feedback_request_reassign,
    feedback_route,
    feedback_submit,
)
from giamsat.feedback.throttle import HONEYPOT, client_address

public_router = Router()
router = Router()

SUBMIT_BODY = {
    "requestBody": {
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/FeedbackSubmitIn"}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "kind": {"type": "string"}, "subject": {"type": "string"}, "content": {"type": "string"},
                "name": {"type": "string"}, "contact": {"type": "string"}, "document": {"type": "integer"},
                "task": {"type": "integer"},
                "files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                "required": ["kind", "subject", "content"]}},
        },
        "required": True,
    }
}


def _submitted(request) -> tuple[fs.FeedbackSubmitIn, list, str]:
    """The body, JSON or multipart, checked by the same schema."""
    if request.content_type == MULTIPART:
        data = {k: v for k, v in request.POST.items() if k in fs.FeedbackSubmitIn.model_fields and v != ""}
        files = [AttachedFile(f.name or "tep", f) for f in request.FILES.getlist("files")]
        honeypot = request.POST.get(HONEYPOT, "")
    else:
        try:
            data = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApplicationError("Nội dung gửi lên không phải JSON hợp lệ.", code="bad_json") from exc
        if not isinstance(data, dict):
            raise ApplicationError("Nội dung gửi lên phải là một đối tượng JSON.", code="bad_json")
        files, honeypot = [], str(data.pop(HONEYPOT, "") or "")
    if unstorable_in(data):
        raise ApplicationError(INVALID_CHARACTER, code="invalid_character")
    try:
        return fs.FeedbackSubmitIn.model_validate(data), files, honeypot
    except ValidationError as exc:
        fields = ", ".join(".".join(str(p) for p in e.get("loc", [])) or "nội dung" for e in exc.errors())
        raise ApplicationError(f"Dữ liệu gửi lên không hợp lệ ({fields}).", code="validation", status=422) from exc


@public_router.post("/feedback", response={201: fs.FeedbackCode, 400: Error, 413: Error, 422: Error, 429: Error},
                    tags=["feedback"], openapi_extra=SUBMIT_BODY, url_name="public_feedback_create")
def public_feedback_create(request):
    """Anyone: submit feedback (JSON, or multipart with `files`); the answer is the tracking code."""
    payload, files, honeypot = _submitted(request)
    item = feedback_submit(user=request.user, kind=payload.kind, subject=payload.subject, content=payload.content,
                           name=payload.name, contact=payload.contact, document_id=payload.document,
                           task_id=payload.task, files=files, address=client_address(request), honeypot=honeypot)
    return json_answer({"tracking_code": item.tracking_code}, status=201)


def _public_part(p) -> dict:
    return {k: getattr(p, k) for k in fs.FeedbackPublicPart.model_fields}


@public_router.get("/feedback/{tracking_code}", response={200: fs.FeedbackPublicOut, 404: Error}, tags=["feedback"],
                   url_name="public_feedback_lookup")
def public_feedback_lookup(request, tracking_code: str):
    """Anyone: status, dates, the responsible agency, and the answer once published. Never personal data."""
    item, parts = public_lookup(tracking_code)
    return json_answer({**_public_part(item), "parts": [_public_part(p) for p in parts]})


FeedbackQuery = query_schema(FeedbackFilterSet, "FeedbackQuery", module=__name__)


def feedback_out(item: Feedback, *, personal: bool, today=None) -> dict:
    local = timezone.localdate
    return {
        "id": item.pk, "tracking_code": item.tracking_code, "kind": item.kind, "subject": item.subject,
        "content": item.content, "status": item.state, "received_on": local(item.created_at),
        "organization": item.routed_to_id, "agency": item.routed_to.name if item.routed_to_id else None,
        "answer_due": item.answer_due, "overdue": is_overdue(item, today), "answer": item.answer,
        "answered_on": local(item.answered_at) if item.answered_at else None, "is_public": item.is_public,
        "parent": item.parent_id, "duplicate_of": item.duplicate_of_id, "reassign_reason": item.reassign_reason,
        "submitter_name": item.submitter_name if personal else None,
        "submitter_contact": item.submitter_contact if personal else None,
    }


@router.get("/feedback", response=fs.FeedbackPage, tags=["feedback"], url_name="feedback_list_api")
def feedback_list_api(request, filters: Query[FeedbackQuery], limit: int = Query(100, ge=1, le=MAX_LIMIT),
                      offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    """The office: every item; an agency: those routed to it (and those it sent)."""
    qs = FeedbackFilterSet.narrow(feedback_list(request.user), request.GET).order_by("-created_at", "-id")
    personal, today = sees_feedback_submitter(request.user), timezone.localdate()
    items = [feedback_out(i, personal=personal, today=today) for i in qs[offset: offset + limit]]
    return json_answer({"items": items, "count": qs.count()})


@router.post("/feedback", response={201: fs.FeedbackOut, 400: Error, 403: Error}, tags=["feedback"],
             url_name="feedback_create_api")
def feedback_create_api(request, payload: fs.FeedbackSubmitIn):
    """An agency files feedback or an initiative from inside (its organization is the sender)."""
    item = feedback_submit(user=request.user, kind=payload.kind, subject=payload.subject, content=payload.content,
                           document_id=payload.document, task_id=payload.task)
    return json_answer(feedback_out(item, personal=sees_feedback_submitter(request.user)), status=201)


@router.get("/feedback/{feedback_id}", response={200: fs.FeedbackOut, 404: Error}, tags=["feedback"],
            url_name="feedback_detail_api")
def feedback_detail_api(request, feedback_id: int):
    item = feedback_get(request.user, feedback_id)
    return json_answer(feedback_out(item, personal=sees_feedback_submitter(request.user)))


def _done(request, feedback_id: int):
    return json_answer(feedback_out(feedback_get(request.user, feedback_id),
                                    personal=sees_feedback_submitter(request.user)))


@router.post("/feedback/{feedback_id}/route", response={200: fs.FeedbackOut, 400: Error, 403: Error, 404: Error},
             tags=["feedback"], url_name="feedback_route_api")
def feedback_route_api(request, feedback_id: int, payload: fs.FeedbackRouteIn):
    """The office: classify, route to one agency or split to several, set the answer deadline."""
    item = feedback_get(request.user, feedback_id)
    feedback_route(user=request.user, feedback=item, agencies=agencies_named(payload.agencies), kind=payload.kind,
                   answer_due=payload.answer_due)
    return _done(request, feedback_id)


@router.post("/feedback/{feedback_id}/reject", response={200: fs.FeedbackOut, 400: Error, 403: Error, 404: Error},
             tags=["feedback"], url_name="feedback_reject_api")
def feedback_reject_api(request, feedback_id: int, payload: fs.FeedbackRejectIn):
    feedback_reject(user=request.user, feedback=feedback_get(request.user, feedback_id), reason=payload.reason)
    return _done(request, feedback_id)


@router.post("/feedback/{feedback_id}/answer", response={200: fs.FeedbackOut, 400: Error, 403: Error, 404: Error},
             tags=["feedback"], url_name="feedback_answer_api")
def feedback_answer_api(request, feedback_id: int, payload: fs.FeedbackAnswerIn):
    """The agency the item is routed to: its answer (the office then decides whether it is published)."""
    feedback_answer(user=request.user, feedback=feedback_get(request.user, feedback_id), answer=payload.answer)
    return _done(request, feedback_id)


@router.post("/feedback/{feedback_id}/publish", response={200: fs.FeedbackOut, 400: Error, 403: Error, 404: Error},
             tags=["feedback"], url_name="feedback_publish_api")
def feedback_publish_api(request, feedback_id: int, payload: fs.FeedbackPublishIn):
    feedback_publish(user=request.user, feedback=feedback_get(request.user, feedback_id), public=payload.public)
    return _done(request, feedback_id)


@router.post("/feedback/{feedback_id}/merge", response={200: fs.FeedbackOut, 400: Error, 403: Error, 404: Error},
             tags=["feedback"], url_name="feedback_merge_api")
def feedback_merge_api(request, feedback_id: int, payload: fs.FeedbackMergeIn):
    """The office: close a duplicate into the item kept (by its tracking code)."""
    into = Feedback.objects.filter(tracking_code=payload.into.strip().upper()).first()
    if into is None:
        raise ApplicationError("Không tìm thấy phản ánh có mã tra cứu đã nhập.", status=404, code="not_found")
    feedback_merge(user=request.user, feedback=feedback_get(request.user, feedback_id), into=into)
    return _done(request, feedback_id)


@router.post("/feedback/{feedback_id}/reassign", response={200: fs.FeedbackOut, 400: Error, 403: Error, 404: Error},
             tags=["feedback"], url_name="feedback_reassign_api")
def feedback_reassign_api(request, feedback_id: int, payload: fs.FeedbackRejectIn):
    """The agency it is routed to: ask the office to route it elsewhere (`reason`); the office is notified."""
    feedback_request_reassign(user=request.user, feedback=feedback_get(request.user, feedback_id),
                              reason=payload.reason)
    return _done(request, feedback_id)
