from django.core.exceptions import SuspiciousOperation
from django.shortcuts import render

from giamsat.core import requests as r
from giamsat.core.errors import ApplicationError


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy: every script and style is served by the project itself."""

    POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The interactive API docs page ships inline bootstrap code; it gets a looser policy of its own.
        if not request.path.startswith("/api/docs"):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class RequestGuardMiddleware:
    """Refuses, before any view reads it, a request the application cannot take (ADR 0016, core.requests):

    - a body over its limit, judged from Content-Length before a byte is read: 413;
    - a multipart body whose header gives no usable boundary: 400;
    - a NUL character in the address, the query string or a form body (PostgreSQL refuses NUL in text): 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.refusal(request) or self.get_response(request)

    def refusal(self, request):
        content_type = request.content_type
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return r.refuse(request, "Độ dài nội dung (Content-Length) không hợp lệ.", code="bad_request")
        if length > r.body_limit(content_type):
            return r.refuse(request, r.too_large_message(content_type), code="too_large", status=413)
        if content_type == r.MULTIPART and r.multipart_header_error(request):
            return r.refuse(request, "Nội dung tải lên không đọc được: biểu mẫu tải tệp (multipart) thiếu "
                                     "hoặc sai ranh giới (boundary).", code="bad_multipart")
        try:
            texts = [request.path, *request.GET.lists()]
            if content_type == "application/x-www-form-urlencoded":
                # Read into memory anyway (within DATA_UPLOAD_MAX_MEMORY_SIZE, checked above); request.body
                # stays readable afterwards.
                texts += request.POST.lists()
        except SuspiciousOperation as exc:  # too many fields
            return r.bad_request(request, exc)
        if r.unstorable_in(texts):
            return r.refuse(request, r.INVALID_CHARACTER, code="invalid_character")
        return None


ERROR_TEMPLATES = {403: "403.html", 404: "404.html"}  # any other refusal: "400.html" (invalid)


def error_page(request, status: int, message: str = ""):
    """The Vietnamese error page for a refusal: 404 not found, 403 forbidden, anything else invalid."""
    return render(request, ERROR_TEMPLATES.get(status, "400.html"), {"message": message}, status=status)


class ApplicationErrorMiddleware:
    """A page's view lets the domain's refusals (core.errors.ApplicationError) go: this one place turns them
    into the 404, 403 or 400 page with the service's own message, as the API's handlers do in JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ApplicationError):
            return error_page(request, exception.status, exception.message)
        return None
