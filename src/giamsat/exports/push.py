"""The push client of "Hệ thống 57" (ADR 0040): the row tree sent to the URL the operator configures.

Settings (config/settings.py, from the environment): GIAMSAT_SYSTEM57 = {"url", "username", "password",
"token", "template_ids": {"month", "quarter", "year"}, "timeout"}. The request is a JSON POST:
{"templateId", "period", "orgCode", "adminUnitCode", "orgName", "rows": [...]} with HTTP Basic
credentials (username/password) or a bearer token. Every push is logged (`System57Push`) with the
answer received; a push answered 2xx marks the report of that organization and period "đã gửi Hệ thống 57".
"""

import base64
import json
import urllib.error
import urllib.request

from django.conf import settings

from giamsat.accounts.access import require_manager
from giamsat.audit.services import audit_event
from giamsat.core.errors import ApplicationError
from giamsat.exports.models import System57Push
from giamsat.exports.system57 import system57_rows

NOT_CONFIGURED = ("Chưa cấu hình địa chỉ Hệ thống 57 (GIAMSAT_SYSTEM57_URL): quản trị hệ thống cần khai báo "
                  "địa chỉ, tài khoản và mã mẫu báo cáo.")


def _config() -> dict:
    return {"url": "", "username": "", "password": "", "token": "", "template_ids": {}, "timeout": 15,
            **getattr(settings, "GIAMSAT_SYSTEM57", {})}


def template_for(period: str, config: dict) -> str:
    kind = "year" if len(period) == 4 else "quarter" if "Q" in period else "month"
    return str(config.get("template_ids", {}).get(kind, ""))


def payload_of(data: dict, template_id: str) -> dict:
    org = data["organization"] or {}
    return {"templateId": template_id, "period": data["period"], "orgCode": org.get("identifier_code", ""),
            "adminUnitCode": org.get("admin_unit_code", ""), "orgName": org.get("name", ""), "rows": data["rows"]}


def system57_push(*, user, period: str, organization: int | None = None) -> System57Push:
    """Send the period's row tree; logged whatever the answer. A failure is logged, then refused."""
    require_manager(user)
    config = _config()
    if not config["url"]:
        raise ApplicationError(NOT_CONFIGURED, code="not_configured")
    data = system57_rows(user=user, period=period, organization=organization)
    template_id = template_for(data["period"], config)
    body = json.dumps(payload_of(data, template_id), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(config["url"], data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    if config["token"]:
        request.add_header("Authorization", f"Bearer {config['token']}")
    elif config["username"]:
        pair = f"{config['username']}:{config['password']}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(pair).decode("ascii"))
    log = System57Push(organization_id=organization, period=data["period"], template_id=template_id,
                       url=config["url"][:500], rows=len(data["rows"]),
                       pushed_by=user if getattr(user, "is_authenticated", False) else None)
    try:
        with urllib.request.urlopen(request, timeout=float(config["timeout"])) as answer:  # noqa: S310 (operator URL)
            log.status_code, log.answer = answer.status, answer.read(20_000).decode("utf-8", "replace")
            log.ok = 200 <= answer.status < 300
    except urllib.error.HTTPError as exc:
        log.status_code, log.answer = exc.code, exc.read(20_000).decode("utf-8", "replace")
        log.error = f"Hệ thống 57 trả lời lỗi {exc.code}."
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        log.error = f"Không kết nối được Hệ thống 57: {getattr(exc, 'reason', exc)}"[:500]
    log.save()
    audit_event("system57_push", log, period=log.period, organization=organization, ok=log.ok,
                status=log.status_code)
    return log


def sent_marks(period: str, organizations: list[int | None]) -> dict:
    """{organization id or None: the last successful push} for the period: the "đã gửi Hệ thống 57" mark."""
    marks: dict = {}
    for push in System57Push.objects.filter(period=period, ok=True).order_by("pushed_at"):
        if push.organization_id in organizations:
            marks[push.organization_id] = push
    return marks
