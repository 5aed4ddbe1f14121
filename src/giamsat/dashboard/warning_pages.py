"""The early warnings' lists page by page (`/canh-bao/?danh-sach=qua-han&page=2`): the warnings page shows the
first rows of each list (issue #25: its first view after a write stays short); every row is reached here, in
the page's order, with the same filters (`dashboard.warnings.TASK_LISTS`, `missing_reports`). Each page is kept
while the data of its kind (tasks, or reports) in the user's scope is unchanged (ADR 0052)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from giamsat.core.errors import NotFoundError
from giamsat.documents.roots import documents_of_resolution
from giamsat.tasks.selectors import tasks_with_status
from giamsat.tasks.status import StatusCode

from .snapshots import REPORTS, TASKS, current_only, part_scopes
from .warnings import missing_reports, warning_task_list

ROWS_PER_PAGE = 50
# The `danh-sach` parameter (the page's anchors) → (the list's name in `Warnings`, its heading).
LISTS = {
    "qua-han": ("overdue", "Nhiệm vụ quá hạn"),
    "sap-den-han": ("soon", "Nhiệm vụ sắp đến hạn"),
    "chua-bao-cao": (StatusCode.NOT_REPORTED.value, "Nhiệm vụ thường xuyên chưa báo cáo kỳ này"),
    "bao-cao": ("reports_missing", "Báo cáo chưa gửi, đã quá hạn"),
}


def warning_list_page(request, slug: str, resolution: str = ""):
    """One page of one list of the early warnings: a count and ROWS_PER_PAGE rows (their status read for those
    rows only), kept per user's scope and query string while its kind of data is unchanged."""
    if slug not in LISTS:
        raise NotFoundError("Không có danh sách cảnh báo này.")
    name, heading = LISTS[slug]
    today = timezone.localdate()
    part = REPORTS if name == "reports_missing" else TASKS

    def body() -> str:
        cascade = documents_of_resolution(resolution) if resolution else None
        if name == "reports_missing":
            rows = missing_reports(request.user, today=today, cascade=cascade)
            page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        else:
            qs = warning_task_list(request.user, name, today=today, cascade=cascade)
            page = Paginator(qs, ROWS_PER_PAGE).get_page(request.GET.get("page"))
            page.object_list = tasks_with_status(list(page.object_list), today=today)
        return render_to_string("dashboard/_warnings_list_body.html", {
            "heading": heading, "name": name, "page": page, "today": today, "resolution": resolution}, request)

    params = {"query": request.GET.urlencode()}  # the list, its page and resolution: the pager's links too
    markup = current_only(f"warnings-list-{part}", request.user, body, today=today, params=params,
                          scopes=part_scopes(request.user, part, params))
    return render(request, "dashboard/warnings_list.html", {
        "nav": "warnings", "heading": heading, "body": markup, "resolution": resolution})
