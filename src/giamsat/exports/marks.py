"""The «Đã gửi Hệ thống 57» mark of a report, read from the push log (`System57Push`, ADR 0040).

A report is marked when the last successful push of its period (in the standard's form: 202506, 2025Q2,
2025) was its organization's own, or the province's report (which carries every agency's contribution).
"""

from django.db.models import Q
from django.utils import timezone

from giamsat.exports.models import System57Push
from giamsat.exports.periods import standard_code


def system57_marks(reports: list) -> dict[int, str]:
    codes = {r.pk: standard_code(r.period.key) for r in reports}
    orgs = {r.organization_id for r in reports}
    last: dict = {}
    pushes = (System57Push.objects.filter(ok=True, period__in=set(codes.values()))
              .filter(Q(organization_id__in=orgs) | Q(organization__isnull=True))
              .order_by("pushed_at", "id").values_list("organization_id", "period", "pushed_at"))
    for org_id, period, at in pushes:
        last[(org_id, period)] = at
    out = {}
    for report in reports:
        own = last.get((report.organization_id, codes[report.pk]))
        province = last.get((None, codes[report.pk]))
        if own is None and province is None:
            continue
        at = timezone.localtime(own or province)
        where = "" if own is not None else " (trong báo cáo chung của tỉnh)"
        out[report.pk] = f"Đã gửi Hệ thống 57{where} lúc {at:%H:%M %d/%m/%Y}"
    return out
