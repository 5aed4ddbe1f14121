"""What a request may carry, and the one answer a refused request gets (ADR 0016).

A request is judged before any view reads it (`core.middleware.RequestGuardMiddleware`): its body's size
from Content-Length, a multipart body's boundary, NUL characters in its address or form. The API's JSON
parser (`api.parser`) applies the same text rule to the bodies it decodes. Django's own refusals while
parsing (a malformed multipart body, too many fields) reach `bad_request`, Django's handler400. Each answers
through `refuse`: the API's JSON error shape under /api/, a Vietnamese page elsewhere.
"""

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.shortcuts import render

MULTIPART = "multipart/form-data"
# Room for the form fields and the multipart framing around files as large as GIAMSAT_MAX_UPLOAD_BYTES.
MULTIPART_MARGIN = 1024 * 1024

INVALID_CHARACTER = ("Dữ liệu gửi lên chứa ký tự không hợp lệ (ký tự rỗng NUL hoặc mã Unicode lẻ cặp); "
                     "hãy xóa ký tự đó rồi gửi lại.")


def body_limit(content_type: str | None = None) -> int:
    """The largest body accepted, in bytes: a multipart upload up to the upload limit; any other body (JSON,
    a form) up to DATA_UPLOAD_MAX_MEMORY_SIZE, since it is read into memory. Without a content type: the
    larger of the two, the limit `giamsat serve` gives the server itself."""
    upload = settings.GIAMSAT_MAX_UPLOAD_BYTES + MULTIPART_MARGIN
    if content_type is None:
        return max(upload, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return upload if content_type == MULTIPART else settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def megabytes(size: int) -> str:
    """'50 MB', '2,5 MB': the decimal comma people read."""
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB".replace(".", ",")


def too_large_message(content_type: str | None) -> str:
    if content_type == MULTIPART:
        return f"Dữ liệu tải lên quá lớn: tối đa {megabytes(settings.GIAMSAT_MAX_UPLOAD_BYTES)} mỗi lần gửi."
    return f"Nội dung gửi lên quá lớn: tối đa {megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}."


def unstorable(text: str) -> bool:
    """Text no database here can store: a NUL character (PostgreSQL refuses it in text) or a lone UTF-16
    surrogate such as JSON's "\\ud800" (not encodable as UTF-8, so neither engine takes it)."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def unstorable_in(value) -> bool:
    """`unstorable` for every string (key or value) in decoded JSON or form data, however deep."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if unstorable(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)
    return False


def multipart_header_error(request) -> bool:
    """True when a multipart body could not be parsed at all (no boundary, a malformed one): Django's own
    parser judges the header, before a byte of the body is read."""
    try:
        MultiPartParser(request.META, io.BytesIO(b""), [], request.encoding)
    except MultiPartParserError:
        return True
    return False


def refuse(request, message: str, *, code: str, status: int = 400):
    """The answer to a refused request: {"detail", "code"} for the API, a Vietnamese page for people."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": code}, status=status)
    return render(request, "400.html", {"message": message}, status=status)


def bad_request(request, exception=None):
    """Django's handler400: what its request parsing refused (a malformed multipart body, too many fields or
    files, a body over the limit read without Content-Length), answered as `refuse` answers."""
    if isinstance(exception, RequestDataTooBig):
        return refuse(request, too_large_message(request.content_type), code="too_large", status=413)
    if isinstance(exception, TooManyFilesSent):
        return refuse(request, "Gửi quá nhiều tệp trong một lần.", code="too_many_files")
    if isinstance(exception, TooManyFieldsSent):
        return refuse(request, "Gửi quá nhiều trường dữ liệu trong một lần.", code="too_many_fields")
    return refuse(request, "Yêu cầu không hợp lệ: nội dung gửi lên không đọc được.", code="bad_request")
