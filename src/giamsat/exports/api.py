"""Exports in the national systems' shapes, at /api/v1/exports (ADR 0040, docs/open-data.md)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema

from giamsat.core.errors import ApplicationError
from giamsat.core.schemas import Error
from giamsat.exports.opendata import open_data, open_data_xlsx
from giamsat.exports.push import system57_push
from giamsat.exports.system57 import system57_rows

router = Router(tags=["exports"])


class Row57(Schema):
    idxId: int
    idxCode: str
    idxName: str
    parentId: int | None
    idxOrder: int
    idxContent: str
    idxContentRaw: str


class System57Out(Schema):
    period: str
    period_label: str
    organization: dict | None
    resolution: str
    reports: int
    rows: list[Row57]


class PushOut(Schema):
    id: int
    period: str
    organization_id: int | None
    ok: bool
    status_code: int | None
    answer: str
    error: str


@router.get("/system57", response={200: System57Out, 400: Error, 403: Error, 404: Error}, url_name="export_system57")
def export_system57(request: HttpRequest, period: str = "", organization: int | None = None, resolution: str = ""):
    """The periodic narrative report as the row tree of "Hệ thống 57": `period` YYYYMM, YYYYQn or YYYY (the
    current quarter by default); `organization` one agency's report (its id), the province's without it (an
    agency's own by default); `resolution` one root
    resolution's cascade ('57', '71'…). Agencies read their own organization's only."""
    return system57_rows(user=request.user, period=period, organization=organization, resolution=resolution)


@router.post("/system57/push", response={201: PushOut, 400: Error, 403: Error, 404: Error},
             url_name="export_system57_push")
def export_system57_push(request: HttpRequest, period: str, organization: int | None = None):
    """Push the row tree to the configured "Hệ thống 57" (GIAMSAT_SYSTEM57); the answer is logged and returned
    (`ok` false with `error` when the system refused it or could not be reached)."""
    log = system57_push(user=request.user, period=period, organization=organization)
    return 201, {"id": log.pk, "period": log.period, "organization_id": log.organization_id, "ok": log.ok,
                 "status_code": log.status_code, "answer": log.answer[:2000], "error": log.error}


# The answer is a file (JSON or XLSX), not a schema ninja builds: its 200 is documented by hand.
OPEN_DATA_200 = {"responses": {"200": {"description": "Dữ liệu mở: tệp JSON (format=json) hoặc XLSX (format=xlsx)",
                                       "content": {
                                           "application/json": {"schema": {"type": "object"}},
                                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                                               "schema": {"type": "string", "format": "binary"}},
                                       }}}}


@router.get("/open-data", response={400: Error, 403: Error, 422: Error}, url_name="export_open_data",
            openapi_extra=OPEN_DATA_200)
def export_open_data(request: HttpRequest, format: str = "json"):
    """Documents, tasks, statuses, indicator values and report punctuality with the standard codes (agency
    identifier, administrative-unit code, periods YYYYMM/YYYYQn/YYYY), versioned by `schema_version`
    (docs/open-data.md). `format`: json or xlsx. The task and document filters apply (`resolution=57`…)."""
    if format not in ("json", "xlsx"):
        raise ApplicationError("Định dạng không hợp lệ: dùng json hoặc xlsx.", code="invalid_format")
    data = open_data(request.user, request.GET)
    if format == "json":
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = 'attachment; filename="du-lieu-mo.json"'
        return response
    response = HttpResponse(open_data_xlsx(data),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="du-lieu-mo.xlsx"'
    return response
