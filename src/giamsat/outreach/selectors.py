"""Reads about outreach: the visible activities, one of them, summaries by channel, agency and month."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from giamsat.core.errors import NotFoundError
from giamsat.outreach.models import OutreachActivity, OutreachChannel


def outreach_list(user):
    return OutreachActivity.objects.visible_to(user).select_related("channel", "organization", "task")


def outreach_get(user, pk: int) -> OutreachActivity:
    found = outreach_list(user).filter(pk=pk).first()
    if found is None:
        raise NotFoundError("Không tìm thấy hoạt động tuyên truyền hoặc bạn không có quyền xem.")
    return found


def channels():
    return OutreachChannel.objects.filter(is_active=True).order_by("position", "id")


@dataclass
class SummaryRow:
    key: object
    label: str
    activities: int
    quantity: int
    reach: int


def _rows(qs, key: str, label: str) -> list[SummaryRow]:
    found = (qs.order_by().values(key, label)
             .annotate(activities=Count("pk"), quantity=Sum("quantity"), reach=Sum("reach")))
    return [SummaryRow(r[key], r[label], r["activities"], r["quantity"] or 0, r["reach"] or 0) for r in found]


def summary_by_channel(qs) -> list[SummaryRow]:
    """Every channel of the list, in its order, with zeros where nothing was recorded."""
    found = {r.key: r for r in _rows(qs, "channel_id", "channel__name")}
    listed = list(channels().values_list("pk", "name"))  # once: not again for every channel found (#25)
    known = {pk for pk, _ in listed}
    return [found.get(pk) or SummaryRow(pk, name, 0, 0, 0) for pk, name in listed] + [
        r for k, r in found.items() if k not in known]


def summary_by_agency(qs) -> list[SummaryRow]:
    return sorted(_rows(qs, "organization_id", "organization__name"), key=lambda r: (-r.quantity, r.label))


def summary_by_month(qs) -> list[SummaryRow]:
    rows = (qs.order_by().annotate(month=TruncMonth("date")).values("month")
            .annotate(activities=Count("pk"), quantity=Sum("quantity"), reach=Sum("reach")).order_by("month"))
    return [SummaryRow(r["month"], f"Tháng {r['month']:%m/%Y}".replace("Tháng 0", "Tháng "), r["activities"],
                       r["quantity"] or 0, r["reach"] or 0) for r in rows]


def outreach_summary(user, start: dt.date, end: dt.date, *, organization_id: int | None = None) -> dict:
    qs = outreach_list(user).filter(date__gte=start, date__lte=end)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    return {"channels": summary_by_channel(qs), "agencies": summary_by_agency(qs), "months": summary_by_month(qs)}


def channel_table(org_ids, start: dt.date, end: dt.date) -> list[SummaryRow]:
    """Counts by channel of the organizations `org_ids` (None: every one) between two days, for readers that
    carry a scope rather than a user (the aggregated report, an agency's periodic report)."""
    qs = OutreachActivity.objects.within(org_ids).filter(date__gte=start, date__lte=end)
    return [r for r in summary_by_channel(qs) if r.activities]


def report_section(org_ids, start: dt.date, end: dt.date) -> tuple[str, list[str]]:
    """The outreach section of an agency's periodic report draft: its activities of the period by channel."""
    rows = channel_table(set(org_ids), start, end)
    lines = [f"- {r.label}: {r.activities} hoạt động, số lượng {_n(r.quantity)}"
             + (f", {_n(r.reach)} người tham dự, lượt tiếp cận" if r.reach else "") for r in rows]
    return "Hoạt động tuyên truyền trong kỳ (theo kênh):", lines


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # 1.200: the thousands separator people read
