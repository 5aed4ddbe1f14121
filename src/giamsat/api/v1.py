"""REST API v1: every read goes through the same selectors as the pages, every write through services."""

from django.db import DataError
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from giamsat.aggregate.api import router as aggregate_router
from giamsat.api.auth import AUTH, VISITOR_AUTH, naming_the_operation
from giamsat.api.parser import StrictParser
from giamsat.core.errors import ApplicationError
from giamsat.dashboard.api import router as dashboard_router
from giamsat.documents.api import router as documents_router
from giamsat.evaluation.api import router as evaluation_router
from giamsat.feedback.api import public_router as feedback_public_router
from giamsat.feedback.api import router as feedback_router
from giamsat.imports.api import router as imports_router
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


api.add_router("/v1", organizations_router)
api.add_router("/v1", documents_router)
api.add_router("/v1", imports_router)
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
