"""The aggregated report through the API, at /api/v1/reports/aggregate (mounted by the root API before the
reporting router, whose /{report_id} would otherwise take the path)."""

from django.http import HttpRequest, HttpResponse
from ninja import Router

from giamsat.aggregate.files import aggregate_file
from giamsat.core.schemas import Error

router = Router(tags=["reports"])


@router.get("/aggregate", response={400: Error, 403: Error, 404: Error}, url_name="report_aggregate")
def report_aggregate(
    request: HttpRequest, document: int, period: str, format: str = "docx", frequency: str = ""
):
    """The monitoring office's aggregated report (DOCX or XLSX) for a document and a period.

    `period`: `YYYY-MM` (the period whose data cut-off falls in that month; monthly if the document has a
    monthly rule), or `2025-Q2`, `2025-H1`, `2025-9M`, `2025`. For the office, administrators and leaders."""
    name, content_type, content = aggregate_file(
        user=request.user, document_id=document, period_key=period, fmt=format, frequency=frequency
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
