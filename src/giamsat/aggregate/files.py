"""The aggregated report as a file: (name, content type, bytes), for the pages and the API."""

import datetime as dt
import re

from giamsat.accounts.access import can_aggregate
from giamsat.aggregate.data import aggregate_data, aggregate_resolve_period
from giamsat.aggregate.docx import aggregate_docx
from giamsat.aggregate.xlsx import aggregate_xlsx
from giamsat.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from giamsat.documents.models import Document

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _slug(text: str) -> str:
    from giamsat.core.text import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "van-ban"


def aggregate_file(
    *, user, document_id: int, period_key: str, fmt: str, frequency: str = "", today: dt.date | None = None
) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of the aggregated report; for the office, admins and leaders."""
    if not can_aggregate(user):
        raise PermissionDeniedError("Chỉ cơ quan theo dõi, quản trị và lãnh đạo tỉnh lập báo cáo tổng hợp.")
    if fmt not in FORMATS:
        raise ApplicationError("Định dạng không hợp lệ: chọn docx hoặc xlsx.", code="invalid_format")
    document = Document.objects.select_related("issuer", "issuer__parent").filter(pk=document_id).first()
    if document is None:
        raise NotFoundError("Không tìm thấy văn bản.")
    period = aggregate_resolve_period(document, period_key, frequency=frequency)
    data = aggregate_data(document, period, today=today)
    content = aggregate_docx(data) if fmt == "docx" else aggregate_xlsx(data)
    name = f"bao-cao-tong-hop-{_slug(document.number or document.doc_type)}-{period.key.lower()}.{fmt}"
    return name, FORMATS[fmt], content
