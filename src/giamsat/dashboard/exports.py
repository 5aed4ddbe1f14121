"""Every dashboard table as rows, and rows as CSV or XLSX.

CSV is UTF-8 with a byte-order mark (so that spreadsheet programs read Vietnamese correctly), comma
separated, numbers with a decimal point (machine-readable); cells that begin with = + - @ are
neutralized with a leading apostrophe, as in the XLSX files.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

from giamsat.core.numbers import for_people
from giamsat.dashboard import selectors as sel
from giamsat.dashboard.punctuality import punctuality
from giamsat.dashboard.warnings import early_warnings
from giamsat.indicators.xlsx import neutralize, write_workbook
from giamsat.reporting.submissions import SubmissionCode
from giamsat.tasks.selectors import tasks_with_status
from giamsat.tasks.status import LABELS as TASK_LABELS

TABLES = {
    "tinh-trang": "Nhiệm vụ theo tình trạng",
    "nhom-giai-phap": "Nhiệm vụ theo nhóm giải pháp",
    "co-quan": "Nhiệm vụ theo cơ quan chủ trì",
    "qua-han": "Nhiệm vụ quá hạn",
    "sap-den-han": "Nhiệm vụ sắp đến hạn",
    "xu-huong": "Xu hướng hoàn thành theo tháng",
    "bao-cao": "Chấp hành chế độ báo cáo",
    "chi-tieu": "Chỉ tiêu",
    "canh-bao": "Cảnh báo sớm",
}
FORMATS = {"csv", "xlsx"}


def lead_codes(task) -> str:
    """The lead agencies' identifiers (Organization.codes: "mã định danh / mã ĐVHC"), issue #18."""
    return "; ".join(c for c in dict.fromkeys(
        a.organization.codes for a in task.assignments.all() if a.role == "lead") if c)


def _task_rows(tasks) -> list[list]:
    return [
        [
            t.pk,
            t.document.label,
            t.number,
            t.name,
            "; ".join(t.lead_names()) or t.lead_text,
            lead_codes(t),
            t.status.due,
            t.status.label,
        ]
        for t in tasks
    ]


CODES_HEADER = "Mã định danh / mã ĐVHC"
TASK_HEADERS = ["ID", "Văn bản", "TT", "Nhiệm vụ", "Chủ trì", CODES_HEADER, "Hạn", "Tình trạng"]


def _codes_of(org_ids) -> dict[int, str]:
    from giamsat.organizations.models import Organization

    return {o.pk: o.codes for o in Organization.objects.filter(pk__in=[i for i in org_ids if i]).only(
        "pk", "identifier_code", "admin_unit_code")}


def table(name: str, user, *, today: dt.date, months: int = 6,
          resolution: str = "") -> tuple[str, list[str], list[list]]:
    """(title, headers, rows) of one dashboard table, as the user may see it; `resolution`: only one root
    resolution's cascade, as the dashboard and the early warnings show it (ADR 0040)."""
    if name not in TABLES:
        raise KeyError(name)
    title = TABLES[name]
    if name in {"tinh-trang", "nhom-giai-phap", "co-quan", "qua-han", "sap-den-han", "xu-huong"}:
        s = sel.task_summary(user, today=today, resolution=resolution)
        if name == "tinh-trang":
            return (
                title,
                ["Tình trạng", "Số nhiệm vụ", "Tỷ lệ (%)"],
                [[label, n, share] for _, label, n, share, _ in s.status_rows],
            )
        if name in {"nhom-giai-phap", "co-quan"}:
            rows = s.by_group if name == "nhom-giai-phap" else s.by_org
            first = "Nhóm giải pháp" if name == "nhom-giai-phap" else "Cơ quan chủ trì"
            headers = [first, "Tổng", *[TASK_LABELS[c] for c in s.codes], "Đã hoàn thành (%)", "Quá hạn (%)"]
            out = [[r.label, r.total, *[r.cells[c].n for c in s.codes], r.done_share, r.overdue_share] for r in rows]
            if name == "co-quan":  # each agency's identifiers beside its name
                codes = _codes_of([r.key for r in rows])
                headers.insert(1, CODES_HEADER)
                for r, row in zip(rows, out, strict=True):
                    row.insert(1, codes.get(r.key, ""))
            return title, headers, out
        if name == "xu-huong":
            return (
                title,
                ["Tháng", "Đến hạn (lũy kế)", "Đã hoàn thành (lũy kế)", "Đến hạn đã hoàn thành", "Tỷ lệ (%)"],
                [[p.month, p.due, p.done, p.done_of_due, p.ratio] for p in s.trend],
            )
        rows = s.overdue_qs if name == "qua-han" else s.soon_qs
        return title, TASK_HEADERS, _task_rows(tasks_with_status(rows, today=today))
    if name == "bao-cao":
        p = punctuality(user, today=today, months=months, resolution=resolution)
        headers = [
            "Cơ quan, đơn vị",
            "Mã định danh",
            *[label for _, label in p.columns],
            "Đúng hạn",
            "Gửi muộn",
            "Chưa gửi",
            "Tỷ lệ đúng hạn (%)",
        ]
        rows = [
            [
                r.organization.name,
                r.organization.identifier_code,
                *[c.text for c in r.cells],
                r.totals.get(SubmissionCode.ON_TIME, 0),
                r.totals.get(SubmissionCode.LATE, 0),
                r.totals.get(SubmissionCode.MISSING, 0),
                r.rate,
            ]
            for r in p.rows
        ]
        return title, headers, rows
    if name == "chi-tieu":
        s = sel.indicator_summary(user, today=today, resolution=resolution)
        rows = []
        for i in s.items:
            a, latest = i.assessment, i.assessment.latest
            head = a.headline
            rows.append(
                [
                    i.code,
                    i.name,
                    i.unit,
                    head.year if head else None,
                    head.reference if head else None,
                    a.baseline_value,
                    a.baseline_year,
                    latest.value if latest else None,
                    latest.period if latest else "",
                    bool(latest and latest.is_estimate),
                    head.expected if head else None,
                    (a.progress * 100).quantize(Decimal("0.1")) if a.progress is not None else None,
                    a.label,
                    i.responsible.name if i.responsible else "",
                    i.responsible.codes if i.responsible else "",
                ]
            )
        return (
            title,
            [
                "Mã",
                "Chỉ tiêu",
                "Đơn vị tính",
                "Năm mục tiêu",
                "Mục tiêu",
                "Cơ sở",
                "Năm cơ sở",
                "Mới nhất",
                "Kỳ",
                "Ước",
                "Dự kiến theo lộ trình",
                "Tiến độ (%)",
                "Tình trạng",
                "Đơn vị chịu trách nhiệm",
                CODES_HEADER,
            ],
            rows,
        )
    w = early_warnings(user, today=today, resolution=resolution)
    rows = [
        ["Nhiệm vụ quá hạn", t.name, "; ".join(t.lead_names()), lead_codes(t), t.status.due, t.status.label]
        for t in w.overdue
    ]
    rows += [
        ["Nhiệm vụ sắp đến hạn", t.name, "; ".join(t.lead_names()), lead_codes(t), t.status.due, t.status.label]
        for t in w.soon
    ]
    rows += [
        ["Chưa báo cáo kỳ này", t.name, "; ".join(t.lead_names()), lead_codes(t), t.status.due, t.status.label]
        for t in w.not_reported
    ]
    rows += [
        [
            "Chỉ tiêu chậm lộ trình",
            f"{i.code} — {i.name}",
            i.responsible.name if i.responsible else "",
            i.responsible.codes if i.responsible else "",
            None,
            i.assessment.label,
        ]
        for i in w.indicators
    ]
    rows += [
        ["Báo cáo chưa gửi", f"{p.rule.document.label} — {p.label}", org.name, org.codes, p.due_date, s.label]
        for p, org, s in w.reports_missing
    ]
    rows += [
        [
            "Yêu cầu giải trình chưa trả lời",
            f"{e.indicator.code} — {e.message[:200]}",
            e.organization.name,
            e.organization.codes,
            e.due_date,
            e.get_state_display(),
        ]
        for e in w.explanations
    ]
    return title, ["Loại", "Nội dung", "Cơ quan, đơn vị", CODES_HEADER, "Hạn", "Tình trạng"], rows


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (Decimal, float)):
        value = for_people(value)
        return format(value, "f") if isinstance(value, Decimal) else repr(value)
    return neutralize(str(value))


def as_csv(headers: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralize(h) for h in headers])
    for row in rows:
        writer.writerow([_plain(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(title: str, headers: list[str], rows: list[list]) -> bytes:
    return write_workbook([(title, headers, [[for_people(v) for v in row] for row in rows])])
