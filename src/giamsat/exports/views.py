"""The export page: the Hệ thống 57 report of a period (preview, JSON download, push) and the open data."""

import json

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from giamsat.accounts.access import manages, sees_all
from giamsat.core.errors import ApplicationError
from giamsat.documents.roots import resolution_choices
from giamsat.exports.models import System57Push
from giamsat.exports.opendata import open_data, open_data_xlsx
from giamsat.exports.push import sent_marks, system57_push
from giamsat.exports.system57 import system57_rows
from giamsat.organizations.models import Organization


def _organization(request) -> int | None:
    value = request.GET.get("organization") or request.POST.get("organization") or ""
    if value.isdigit() and len(value) < 10:
        return int(value)
    if not sees_all(request.user):
        return request.user.organization_id  # an agency: its own report
    return None


@require_GET
def exports_page(request):
    period = request.GET.get("period", "").strip()
    organization, resolution = _organization(request), request.GET.get("resolution", "")
    data = error = None
    if period:
        try:
            data = system57_rows(user=request.user, period=period, organization=organization, resolution=resolution)
        except ApplicationError as exc:
            error = exc.message
    orgs = Organization.objects.filter(valid_to__isnull=True).order_by("name") if sees_all(request.user) else \
        Organization.objects.filter(pk=request.user.organization_id)
    mark = sent_marks(data["period"], [organization]).get(organization) if data else None
    return render(request, "exports/page.html", {
        "nav": "exports", "period": period, "organization": organization, "resolution": resolution,
        "data": data, "error": error, "organizations": orgs, "resolutions": resolution_choices(), "mark": mark,
        "can_push": manages(request.user),
        "pushes": System57Push.objects.visible_to(request.user).select_related("organization")[:20],
    }, status=400 if error else 200)


@require_GET
def system57_json(request):
    data = system57_rows(user=request.user, period=request.GET.get("period", ""),
                         organization=_organization(request), resolution=request.GET.get("resolution", ""))
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="he-thong-57-{data["period"]}.json"'
    return response


@require_POST
def system57_send(request):
    period, organization = request.POST.get("period", ""), _organization(request)
    back = f"?period={period}" + (f"&organization={organization}" if organization else "")
    try:
        log = system57_push(user=request.user, period=period, organization=organization)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(f"/xuat-du-lieu/{back}")
    if log.ok:
        messages.success(request, f"Đã gửi Hệ thống 57 ({log.rows} dòng); hệ thống trả lời mã {log.status_code}.")
    else:
        messages.error(request, f"Gửi Hệ thống 57 không thành công: {log.error}")
    return redirect(f"/xuat-du-lieu/{back}")


@require_GET
def open_data_file(request):
    fmt = request.GET.get("format", "json")
    if fmt not in ("json", "xlsx"):
        raise ApplicationError("Định dạng không hợp lệ: dùng json hoặc xlsx.", code="invalid_format")
    data = open_data(request.user, request.GET)
    if fmt == "json":
        response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1),
                                content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(open_data_xlsx(data),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="du-lieu-mo.{fmt}"'
    return response
