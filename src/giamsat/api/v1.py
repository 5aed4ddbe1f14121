"""REST API v1: every read goes through the same selectors as the pages, every write through services."""

from django.db import DataError
from django.http import HttpRequest
from ninja import File, NinjaAPI, Query, Router, Schema, UploadedFile
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import paginate
from pydantic import ConfigDict

from giamsat.aggregate.api import router as aggregate_router
from giamsat.api import schemas as s
from giamsat.api.auth import AUTH, VISITOR_AUTH, naming_the_operation
from giamsat.api.parser import StrictParser
from giamsat.api.serializers import document_out
from giamsat.core.errors import ApplicationError
from giamsat.core.filters import query_schema
from giamsat.core.pagination import BoundedLimitOffsetPagination
from giamsat.core.schemas import Error
from giamsat.dashboard.api import router as dashboard_router
from giamsat.documents.filters import DocumentFilterSet
from giamsat.documents.selectors import document_cascade, document_get, document_list
from giamsat.evaluation.api import router as evaluation_router
from giamsat.exports.api import router as exports_router
from giamsat.feedback.api import public_router as feedback_public_router
from giamsat.feedback.api import router as feedback_router
from giamsat.imports.schemas import Proposal
from giamsat.imports.selectors import import_get, import_list
from giamsat.imports.services import import_commit as import_commit_service
from giamsat.imports.services import import_create as import_create_service
from giamsat.indicators.api import router as indicators_router
from giamsat.metrics.api import router as metrics_router
from giamsat.organizations.api import router as organizations_router
from giamsat.outreach.api import router as outreach_router
from giamsat.qa.api import router as qa_router
from giamsat.reporting.api import router as reporting_router
from giamsat.search.api import router as search_router
from giamsat.tasks.api import router as tasks_router


class GiamsatAPI(NinjaAPI):
    """Every operation documents the error answers it can give, in one shape: {"detail", "code"}."""

    COMMON_ERRORS = {
        "400": "Dữ liệu không hợp lệ", "401": "Chưa xác thực", "403": "Không có quyền",
        "404": "Không tìm thấy hoặc không được xem", "422": "Sai định dạng tham số, nội dung",
    }

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        error_ref = {"$ref": "#/components/schemas/Error"}
        schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
            "Error",
            {
                "title": "Error",
                "type": "object",
                "required": ["detail"],
                "properties": {
                    "detail": {"title": "Detail", "type": "string"},
                    "code": {"title": "Code", "type": "string"},
                },
            },
        )
        for path in schema["paths"].values():
            for operation in path.values():
                responses = operation.setdefault("responses", {})
                for code, description in self.COMMON_ERRORS.items():
                    responses.setdefault(
                        code, {"description": description, "content": {"application/json": {"schema": error_ref}}}
                    )
        return schema


api = GiamsatAPI(
    title="giamsat API",
    version="1",
    description=(
        "API của hệ thống giám sát thực hiện Nghị quyết 57-NQ/TW. Xác thực bằng phiên đăng nhập (kèm CSRF) "
        "hoặc `Authorization: Bearer <khóa>` (tạo bằng `giamsat token create USERNAME`). Một khóa mang "
        "đúng quyền của người dùng sở hữu nó."
    ),
    auth=AUTH,
    parser=StrictParser(),
    urls_namespace="api",
)
api.add_decorator(naming_the_operation, mode="view")  # the route table is checked at authentication


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(
        request,
        {"detail": "Chưa đăng nhập hoặc khóa API không hợp lệ, đã bị thu hồi.", "code": "unauthenticated"},
        status=401,
    )


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError):
    fields = ", ".join(".".join(str(p) for p in e.get("loc", [])[1:]) or "nội dung" for e in exc.errors)
    return api.create_response(
        request,
        {"detail": f"Dữ liệu gửi lên không hợp lệ ({fields}).", "code": "validation", "errors": exc.errors},
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    # Ninja wraps what the parser refuses ("Cannot parse request body"): answer with the parser's own reason.
    if isinstance(exc.__cause__, ApplicationError):
        return application_error(request, exc.__cause__)
    return api.create_response(
        request, {"detail": "Yêu cầu không hợp lệ.", "code": "bad_request"}, status=exc.status_code
    )


@api.exception_handler(OverflowError)
def overflow_error(request: HttpRequest, exc: OverflowError):
    return api.create_response(request, {"detail": "Giá trị số quá lớn.", "code": "out_of_range"}, status=400)


@api.exception_handler(DataError)
def data_error(request: HttpRequest, exc: DataError):
    return api.create_response(
        request, {"detail": "Giá trị vượt quá giới hạn lưu trữ.", "code": "out_of_range"}, status=400
    )


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError):
    return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=exc.status)


v1 = Router()


DocumentQuery = query_schema(DocumentFilterSet, "DocumentQuery", module=__name__)


@v1.get("/documents", response=list[s.DocumentOut], tags=["documents"])
@paginate(BoundedLimitOffsetPagination)
def documents(request, filters: Query[DocumentQuery]):
    # The queryset itself: the pagination slices it in SQL (a list would read every document first).
    return DocumentFilterSet.narrow(document_list(request.user), request.GET)


@v1.get("/documents/{doc_id}", response={200: s.DocumentDetailOut, 404: Error}, tags=["documents"])
def document(request, doc_id: int):
    doc = document_get(request.user, doc_id)
    cascade = document_cascade(request.user, doc)
    data = document_out(doc)
    data["based_on"] = [
        {
            "id": r.target_id if r.openable else None,
            "number": r.target.number if r.target else r.cited_number,
            "label": r.target.label if r.target else r.cited_text or r.cited_number,
            "relation": r.kind,
        }
        for r in cascade["upward"]
    ]
    data["implemented_by"] = [
        {"id": r.source_id, "number": r.source.number, "label": r.source.label, "relation": r.kind}
        for r in cascade["downward"]
    ]
    return data


class ImportOut(Schema):
    id: int
    filename: str
    state: str
    sha256: str
    size: int
    duplicate_of: int | None
    document_id: int | None
    warnings: list[str]
    extraction: dict
    proposal: dict
    pages_done: int = 0
    pages_total: int = 0
    error: str = ""


def _import_out(job) -> dict:
    return {
        "id": job.id,
        "filename": job.filename,
        "state": job.state,
        "sha256": job.sha256,
        "size": job.size,
        "duplicate_of": job.duplicate_of_id,
        "document_id": job.document_id,
        "warnings": job.warnings,
        "extraction": job.extraction,
        "proposal": job.proposal,
        "pages_done": job.pages_done,
        "pages_total": job.pages_total,
        "error": job.error,
    }


class CommitIn(Schema):
    # A key other than "proposal" is a mistake, not something to ignore while committing the automatic one.
    model_config = ConfigDict(extra="forbid")

    proposal: Proposal | None = None


@v1.get("/imports", response={200: list[ImportOut], 403: Error}, tags=["imports"])
def imports(request):
    return [_import_out(j) for j in import_list(request.user)[:100]]


@v1.post("/imports", response={201: ImportOut, 400: Error, 403: Error, 413: Error}, tags=["imports"])
def import_create(request, file: UploadedFile = File(...)):
    """Upload a plan (TXT, DOCX, DOC, PDF, XLSX, scans): it is extracted and kept for review; nothing is
    imported yet. A scan is read in the background: `state` is "reading" until `GET /imports/{id}` shows
    "review" (or "failed" with `error`); `pages_done`/`pages_total` tell the progress."""
    job = import_create_service(user=request.user, filename=file.name or "tep", data=file.read())
    return 201, _import_out(job)


@v1.get("/imports/{job_id}", response={200: ImportOut, 403: Error, 404: Error}, tags=["imports"])
def import_detail(request, job_id: int):
    return _import_out(import_get(request.user, job_id))


@v1.post(
    "/imports/{job_id}/commit",
    response={201: s.DocumentOut, 400: Error, 403: Error, 404: Error},
    tags=["imports"],
)
def import_commit(request, job_id: int, payload: CommitIn):
    """Commit the reviewed proposal in one transaction. Body `{}` commits the automatic proposal as it is;
    `{"proposal": {...}}` commits an edited copy of the job's `proposal` (same shape)."""
    job = import_get(request.user, job_id)
    proposal = payload.proposal.as_dict() if payload and payload.proposal else None
    doc = import_commit_service(user=request.user, job=job, proposal=proposal)
    return 201, document_out(doc)


api.add_router("/v1", organizations_router)
api.add_router("/v1", v1)
api.add_router("/v1", tasks_router)
api.add_router("/v1/reports", aggregate_router)  # before reporting's /{report_id}
api.add_router("/v1/reports", reporting_router)
api.add_router("/v1/indicators", indicators_router)
api.add_router("/v1/dashboard", dashboard_router)
api.add_router("/v1/search", search_router)
api.add_router("/v1/evaluations", evaluation_router)
api.add_router("/v1", metrics_router)
api.add_router("/v1/public", feedback_public_router, auth=VISITOR_AUTH)  # anyone: the route table says which
api.add_router("/v1", feedback_router)
api.add_router("/v1", outreach_router)
api.add_router("/v1", qa_router)
api.add_router("/v1/exports", exports_router)
