"""The report page's «Cập nhật từ báo cáo tiến độ» (refill) and «Trả lại» (return) buttons (#21)."""

from django.contrib import messages
from django.views.decorators.http import require_POST

from giamsat.reporting.drafting import report_refill, report_return
from giamsat.reporting.selectors import report_get
from giamsat.reporting.views import _lock_version, _report_url, run_service


@require_POST
def report_refill_view(request, pk: int):
    report = report_get(request.user, pk)

    def refill():
        _, added = report_refill(user=request.user, report=report, lock_version=_lock_version(request))
        if not added:
            messages.info(request, "Không có nội dung mới từ các báo cáo tiến độ trong kỳ; báo cáo giữ nguyên.")

    return run_service(request, refill, back=_report_url(pk),
                       success="Đã bổ sung nội dung từ các báo cáo tiến độ mới; phần đã viết được giữ nguyên.")


@require_POST
def report_return_view(request, pk: int):
    report = report_get(request.user, pk)
    return run_service(
        request,
        lambda: report_return(user=request.user, report=report, comment=request.POST.get("comment", ""),
                              lock_version=_lock_version(request)),
        success="Đã trả lại báo cáo cho cán bộ đầu mối kèm ý kiến.",
        back=_report_url(pk),
    )
