"""The open-data export (ADR 0040, docs/open-data.md): documents, tasks, statuses, indicator values and
report punctuality with the standard codes — agency identifier (mã định danh, QCVN 102) and
administrative-unit code from `Organization`, periods as YYYYMM / YYYYQn / YYYY — as JSON or XLSX.

What a user may see only (`visible_to`); narrowed by the task and document FilterSets (`resolution=` gives
one root resolution's cascade). Statuses are the current ones (stored, computed where stale: nothing is
written); punctuality is giamsat.metrics' count over its reporting window.
"""

import datetime as dt

from django.utils import timezone

from giamsat.accounts.access import own_organization_ids, sees_all
from giamsat.documents.filters import DocumentFilterSet
from giamsat.documents.selectors import document_list
from giamsat.exports.periods import standard_code
from giamsat.indicators.models import IndicatorValue
from giamsat.metrics.selectors import submission_codes, window_periods
from giamsat.organizations.models import Organization
from giamsat.reporting.submissions import SubmissionCode
from giamsat.tasks.filters import TaskFilterSet
from giamsat.tasks.models import TaskAssignment
from giamsat.tasks.selectors import task_list, with_current_status
from giamsat.tasks.status import LABELS as STATUS_LABELS

SCHEMA_VERSION = "1.0"
PUNCTUALITY = dict(SubmissionCode.choices)  # the reporting app's one vocabulary of punctuality


def due_period(kind: str, due: dt.date | None) -> str:
    """The deadline as a standard period: a month YYYYMM, a quarter YYYYQn, a year YYYY, a half YYYYHn."""
    if due is None:
        return ""
    if kind == "month":
        return f"{due:%Y%m}"
    if kind == "quarter":
        return f"{due.year}Q{(due.month - 1) // 3 + 1}"
    if kind == "half":
        return f"{due.year}H{1 if due.month <= 6 else 2}"
    if kind in ("year", "range"):
        return str(due.year)
    return ""


class _Codes:
    """An organization's standard codes, read once per export."""

    def __init__(self):
        self.seen: dict[int, Organization] = {}

    def of(self, org_id: int | None) -> dict:
        if org_id is None:
            return {"organization_id": None, "identifier_code": "", "admin_unit_code": ""}
        if org_id not in self.seen:
            self.seen[org_id] = Organization.objects.only("id", "name", "identifier_code",
                                                          "admin_unit_code").get(pk=org_id)
        org = self.seen[org_id]
        return {"organization_id": org.pk, "identifier_code": org.identifier_code,
                "admin_unit_code": org.admin_unit_code}

    def table(self) -> list[dict]:
        return [{"id": o.pk, "name": o.name, "identifier_code": o.identifier_code,
                 "admin_unit_code": o.admin_unit_code} for o in sorted(self.seen.values(), key=lambda o: o.pk)]


def _documents(user, params, codes: _Codes) -> list[dict]:
    docs = DocumentFilterSet.narrow(document_list(user), {k: v for k, v in params.items()
                                                          if k in DocumentFilterSet.base_filters})
    out = []
    for doc in docs.prefetch_related("roots").order_by("date", "id"):
        issuer = codes.of(doc.issuer_id)
        out.append({"id": doc.pk, "type": doc.doc_type, "number": doc.number,
                    "date": doc.date.isoformat() if doc.date else None, "issuer_name": doc.issuer_name,
                    "issuer_identifier_code": issuer["identifier_code"],
                    "issuer_admin_unit_code": issuer["admin_unit_code"], "title": doc.title,
                    "root_resolutions": sorted(r.number for r in doc.roots.all() if r.pk != doc.pk)})
    return out


def _tasks(user, params, codes: _Codes) -> list[dict]:
    tasks = TaskFilterSet.narrow(task_list(user), {k: v for k, v in params.items()
                                                   if k in TaskFilterSet.base_filters})
    rows = list(with_current_status(tasks).order_by("document_id", "position", "id"))
    roles: dict[int, dict[str, list[int]]] = {}
    for task_id, org_id, role in TaskAssignment.objects.filter(task_id__in=[t.pk for t in rows]).values_list(
            "task_id", "organization_id", "role").order_by("id"):
        roles.setdefault(task_id, {}).setdefault(role, []).append(org_id)
    out = []
    for t in rows:
        mine = roles.get(t.pk, {})
        out.append({
            "id": t.pk, "document_id": t.document_id, "number": t.number, "name": t.name,
            "lead": [codes.of(o) for o in mine.get("lead", [])],
            "coordinators": [codes.of(o) for o in mine.get("coordinator", [])],
            "deadline_text": t.deadline_text, "due_date": t.due_date.isoformat() if t.due_date else None,
            "due_period": due_period(t.deadline_kind, t.due_date), "status": t.cur_code,
            "status_label": STATUS_LABELS.get(t.cur_code, ""),
            "done_on": t.cur_done_on.isoformat() if getattr(t, "cur_done_on", None) else None,
        })
    return out


def _indicator_values(user, codes: _Codes) -> list[dict]:
    values = (IndicatorValue.objects.visible_to(user).filter(review=IndicatorValue.Review.VERIFIED)
              .select_related("indicator").order_by("indicator__code", "period_end", "organization_id"))
    return [{"indicator_code": v.indicator.code, "indicator_name": v.indicator.name, "unit": v.indicator.unit,
             "period": standard_code(v.period), "value": float(v.value), "is_estimate": v.is_estimate,
             **codes.of(v.organization_id)} for v in values]


def _punctuality(user, codes: _Codes, today: dt.date) -> list[dict]:
    org_ids = None if sees_all(user) else own_organization_ids(user)
    return [{"period": standard_code(period.key), "period_label": period.label, "due_date": period.due_date.isoformat(),
             "document_id": period.rule.document_id, **codes.of(org_id), "status": code,
             "status_label": PUNCTUALITY[code]}
            for period, org_id, code in submission_codes(window_periods(today), today=today, org_ids=org_ids)]


def open_data(user, params=None) -> dict:
    params = dict(params or {})
    codes, today = _Codes(), timezone.localdate()
    data = {
        "schema_version": SCHEMA_VERSION, "generated_at": timezone.now().isoformat(timespec="seconds"),
        "filters": {k: v for k, v in params.items() if k not in ("format",)},
        "code_lists": {
            "task_status": [{"code": k, "label": v} for k, v in STATUS_LABELS.items()],
            "report_status": [{"code": k, "label": v} for k, v in PUNCTUALITY.items()],
            "period": "YYYYMM (tháng), YYYYQn (quý), YYYYHn (6 tháng), YYYY (năm)",
        },
        "documents": _documents(user, params, codes),
        "tasks": _tasks(user, params, codes),
        "indicator_values": _indicator_values(user, codes),
        "report_punctuality": _punctuality(user, codes, today),
    }
    data["organizations"] = codes.table()
    return data


SHEETS = [("documents", "Văn bản"), ("tasks", "Nhiệm vụ"), ("indicator_values", "Giá trị chỉ tiêu"),
          ("report_punctuality", "Báo cáo đúng hạn"), ("organizations", "Cơ quan")]


def _flat(value):
    if isinstance(value, list):
        return "; ".join(v.get("identifier_code") or str(v.get("organization_id")) if isinstance(v, dict) else str(v)
                         for v in value)
    return value


def open_data_xlsx(data: dict) -> bytes:
    """The same data as XLSX: a sheet per part, the first row the JSON keys (the schema's names), a sheet
    "Thông tin" with the schema version. Lists of agencies are written as their identifier codes."""
    import io

    from openpyxl import Workbook

    from giamsat.core.spreadsheet import neutralize

    book = Workbook()
    info = book.active
    info.title = "Thông tin"
    info.append(["schema_version", data["schema_version"]])
    info.append(["generated_at", data["generated_at"]])
    for key, value in data["filters"].items():
        info.append([f"filter:{key}", str(value)])
    for key, title in SHEETS:
        sheet = book.create_sheet(title)
        rows = data[key]
        columns = list(rows[0]) if rows else []
        sheet.append(columns or ["(không có dữ liệu)"])
        for row in rows:
            sheet.append([neutralize(_flat(row[c])) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
