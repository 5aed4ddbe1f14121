"""The periodic narrative report in the row tree the national "Hệ thống 57" takes (ADR 0040).

Three sections — "Kết quả nổi bật", "Khó khăn, vướng mắc", "Nhiệm vụ kỳ tới" — each with one row per
agency whose report of the period says something, its text prefixed by the agency's name; the province's
report (no organization) gathers every agency's, one agency's its own. The key figures of the period's
end (giamsat.metrics) open the first section. Each row: idxId, idxCode, idxName, parentId, idxOrder,
idxContent (HTML in Times New Roman, as the system prints it) and idxContentRaw (plain text).
"""

from django.utils.html import escape

from giamsat.accounts.access import own_organization_ids, sees_all
from giamsat.core.errors import NotFoundError, PermissionDeniedError
from giamsat.documents.roots import documents_of_resolution
from giamsat.exports.periods import Period, parse_period
from giamsat.metrics.selectors import Scope, figures, parse_resolution
from giamsat.organizations.models import Organization
from giamsat.reporting.models import Report

FONT = "font-family: 'Times New Roman', Times, serif; font-size: 14pt;"
SECTIONS = [
    ("I", "Kết quả nổi bật", ("results",)),
    ("II", "Khó khăn, vướng mắc", ("shortcomings", "proposals")),
    ("III", "Nhiệm vụ kỳ tới", ("next_tasks",)),
]
FIGURES = [("tasks_total", "Tổng số nhiệm vụ"), ("tasks_done", "đã hoàn thành"),
           ("tasks_overdue", "quá hạn"), ("due_done_share", "tỷ lệ hoàn thành nhiệm vụ đến hạn (%)")]


def authorize(user, organization: int | None) -> Organization | None:
    """The province's report is read by those who see everything; an agency reads its own organization's."""
    org = None
    if organization is None and not sees_all(user):
        organization = getattr(user, "organization_id", None)  # an agency: its own report by default
    if organization is not None:
        org = Organization.objects.filter(pk=organization).first()
        if org is None:
            raise NotFoundError("Không tìm thấy cơ quan, đơn vị.")
    if sees_all(user) or (org is not None and org.pk in own_organization_ids(user)):
        return org
    raise PermissionDeniedError("Bạn chỉ xuất được báo cáo của cơ quan, đơn vị mình.")


def period_reports(period: Period, organization: Organization | None, resolution: str = "") -> list[Report]:
    """The latest sent (or approved) version of each agency's report for the periods that end within it."""
    qs = (Report.objects.filter(period__end__range=(period.start, period.end),
                                state__in=[Report.State.SENT, Report.State.APPROVED], nothing_to_report=False)
          .select_related("organization", "period").order_by("organization__name", "-period__end", "-version"))
    if organization is not None:
        qs = qs.filter(organization=organization)
    if resolution:  # the reports owed under one root resolution's cascade (ADR 0040)
        qs = qs.filter(period__rule__document_id__in=documents_of_resolution(resolution))
    latest: dict[int, Report] = {}
    for report in qs:
        latest.setdefault(report.organization_id, report)
    return list(latest.values())


def _html(paragraphs: list[tuple[str, str]]) -> str:
    """<p> per paragraph, the agency's name in bold before its text."""
    out = []
    for name, text in paragraphs:
        body = "<br>".join(escape(line) for line in text.splitlines() if line.strip())
        lead = f"<b>{escape(name)}:</b> " if name else ""
        out.append(f'<p style="{FONT}">{lead}{body}</p>')
    return "".join(out)


def _raw(paragraphs: list[tuple[str, str]]) -> str:
    return "\n".join(f"{name}: {text.strip()}" if name else text.strip() for name, text in paragraphs)


def _figure_text(values: dict) -> str:
    parts = []
    for key, label in FIGURES:
        value = values.get(key)
        if value is None:
            continue
        shown = f"{value:.1f}".replace(".", ",") if isinstance(value, float) else str(value)
        parts.append(f"{label}: {shown}")
    return "Số liệu đến cuối kỳ — " + "; ".join(parts) + "."


def system57_rows(*, user, period: str, organization: int | None = None, resolution: str = "") -> dict:
    """{"period", "organization", "rows": [...]} for the period (YYYYMM, YYYYQn, YYYY; the current quarter
    when none is given)."""
    today = _today()
    parsed = parse_period(period or f"{today.year}Q{(today.month - 1) // 3 + 1}")
    org = authorize(user, organization)
    resolution = parse_resolution(resolution)
    reports = period_reports(parsed, org, resolution)
    scope = Scope("organization", org.pk) if org else Scope("province")
    values = figures(scope, min(parsed.end, _today()), user=user, resolution=resolution)
    rows, next_id = [], len(SECTIONS) + 1
    for order, (code, name, fields) in enumerate(SECTIONS, start=1):
        paragraphs = []
        children = []
        if order == 1:
            paragraphs.append(("", _figure_text(values)))
        for report in reports:
            text = "\n".join(getattr(report, f).strip() for f in fields if getattr(report, f).strip())
            if not text:
                continue
            agency = report.organization.name
            paragraphs.append((agency, text))
            children.append({
                "idxId": next_id, "idxCode": f"{code}.{len(children) + 1}", "idxName": agency, "parentId": order,
                "idxOrder": len(children) + 1, "idxContent": _html([(agency, text)]),
                "idxContentRaw": _raw([(agency, text)]),
            })
            next_id += 1
        rows.append({"idxId": order, "idxCode": code, "idxName": name, "parentId": None, "idxOrder": order,
                     "idxContent": _html(paragraphs), "idxContentRaw": _raw(paragraphs)})
        rows.extend(children)
    return {
        "period": parsed.code, "period_label": parsed.label,
        "organization": ({"id": org.pk, "name": org.name, "identifier_code": org.identifier_code,
                          "admin_unit_code": org.admin_unit_code} if org else None),
        "resolution": resolution, "reports": len(reports), "rows": rows,
    }


def _today():
    from django.utils import timezone

    return timezone.localdate()
