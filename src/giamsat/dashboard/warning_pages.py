"""The early warnings' lists page by page (`/canh-bao/?danh-sach=qua-han&page=2`): the warnings page shows the
first rows of each list (issue #25: its first view after a write stays short); every row is reached here, in
the page's order, with the same filters (`dashboard.warnings.TASK_LISTS`, `missing_reports`)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from giamsat.core.errors import NotFoundError
from giamsat.documents.roots import documents_of_resolution
from giamsat.tasks.selectors import tasks_with_status

from .warnings import missing_reports, warning_task_list

ROWS_PER_PAGE = 50
# The `danh-sach` parameter (the page's anchors) → (the list's name in `Warnings`, its heading).
LISTS = {
    "qua-han": ("overdue", "Nhiệm vụ quá hạn"),
    "sap-den-han": ("soon", "Nhiệm vụ sắp đến hạn"),
    "chua-bao-cao": ("not_reported", "Nhiệm vụ thường xuyên chưa báo cáo kỳ này"),
    "bao-cao": ("reports_missing", "Báo cáo chưa gửi, đã quá hạn"),
}


def warning_list_page(request, slug: str, resolution: str = ""):
    """One page of one list of the early warnings: a count and ROWS_PER_PAGE rows (their status read for those
    rows only), not kept: it is read by the few who page past the first rows."""
    if slug not in LISTS:
        raise NotFoundError("Không có danh sách cảnh báo này.")
    name, heading = LISTS[slug]
    today = timezone.localdate()
    cascade = documents_of_resolution(resolution) if resolution else None
    if name == "reports_missing":
        page = Paginator(missing_reports(request.user, today=today, cascade=cascade), ROWS_PER_PAGE)
        page = page.get_page(request.GET.get("page"))
    else:
        qs = warning_task_list(request.user, name, today=today, cascade=cascade)
        page = Paginator(qs, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = tasks_with_status(list(page.object_list), today=today)
    return render(request, "dashboard/warnings_list.html", {
        "nav": "warnings", "heading": heading, "name": name, "page": page, "today": today,
        "resolution": resolution})
