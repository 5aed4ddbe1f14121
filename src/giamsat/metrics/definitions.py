"""Every figure the system shows, defined once (ADR 0025): a stable key, its Vietnamese name, what it counts.

The rules themselves stay where they are: a task's status is `tasks.status.compute_status` (read from the
stored copy for today, `tasks.summary`, or computed for another day), a report's punctuality is
`reporting.submissions.submission_code`, an indicator's status is `indicators.status.assess`. This module
says which of those results each figure counts, and the computing module (`metrics.selectors`) counts
them the same way for every page, export and API.

"Due" (đến hạn) — the one definition: a task whose (adjusted) due date is on or before the as-of date and
that is neither paused nor cancelled. A recurring task is due by its current cycle's due date, and counts as
done when it is reported for that cycle. A task without a deadline is never due, even when done (the
aggregated report used to count those, the dashboard did not: issue #16); a task done before a due date
still ahead is not due yet either.
"""

from dataclasses import dataclass

from giamsat.indicators.status import STATUS_LABELS as INDICATOR_LABELS
from giamsat.tasks.status import LABELS as TASK_LABELS

PERCENT = "%"


@dataclass(frozen=True)
class Figure:
    key: str  # stable: an interface (API, exports, the evaluation)
    label: str  # Vietnamese, as shown
    counts: str  # what it counts, in one sentence (Vietnamese: shown on the API and the guide)
    unit: str  # "nhiệm vụ", "báo cáo", "chỉ tiêu", "phản ánh" or "%"
    group: str  # tasks | reports | indicators | feedback


REPORT_WINDOW_MONTHS = 6  # reports: the periods due in the as-of month and the five before it
PAUSED_OR_CANCELLED = frozenset({"paused", "cancelled"})
DONE = frozenset({"done_on_time", "done_late"})
DONE_OR_REPORTED = DONE | {"reported"}

_T, _R, _I, _F = "nhiệm vụ", "báo cáo", "chỉ tiêu", "phản ánh"

FIGURES: list[Figure] = [
    Figure("tasks_total", "Tổng số nhiệm vụ", "Mọi nhiệm vụ trong phạm vi (kể cả tạm dừng, đã hủy).", _T, "tasks"),
    *[
        Figure(f"tasks_{code}", label, f"Nhiệm vụ có tình trạng «{label}» tại ngày tính.", _T, "tasks")
        for code, label in TASK_LABELS.items()
    ],
    Figure("tasks_done", "Đã hoàn thành", "Nhiệm vụ đã hoàn thành, đúng hạn hoặc quá hạn.", _T, "tasks"),
    Figure("tasks_due", "Nhiệm vụ đến hạn",
           "Nhiệm vụ có hạn (đã điều chỉnh; nhiệm vụ định kỳ: hạn của kỳ hiện tại) đến trước hoặc đúng ngày "
           "tính, trừ nhiệm vụ tạm dừng, đã hủy; nhiệm vụ không có thời hạn không tính.", _T, "tasks"),
    Figure("tasks_due_done", "Nhiệm vụ đến hạn đã hoàn thành",
           "Trong số nhiệm vụ đến hạn: đã hoàn thành (định kỳ: đã báo cáo kỳ này).", _T, "tasks"),
    Figure("due_done_share", "Tỷ lệ nhiệm vụ đến hạn đã hoàn thành",
           "Nhiệm vụ đến hạn đã hoàn thành / nhiệm vụ đến hạn, phần trăm, một chữ số thập phân.", PERCENT, "tasks"),
    Figure("overdue_share", "Tỷ lệ nhiệm vụ quá hạn",
           "Nhiệm vụ chưa hoàn thành – quá hạn / tổng số nhiệm vụ, phần trăm, một chữ số thập phân.", PERCENT,
           "tasks"),
    Figure("tasks_soon_due", "Sắp đến hạn (cảnh báo sớm)",
           "Nhiệm vụ chưa hoàn thành (định kỳ: chưa báo cáo kỳ này) mà hạn còn từ 0 đến GIAMSAT_WARNING_DAYS "
           "ngày.", _T, "tasks"),
    Figure("tasks_alert_yellow", "Cảnh báo vàng",
           "Nhiệm vụ chưa hoàn thành còn không quá N ngày đến hạn mà chưa có sản phẩm (minh chứng) — quy tắc "
           "cảnh báo do văn phòng đặt, mặc định N = 3.", _T, "tasks"),
    Figure("tasks_alert_red", "Cảnh báo đỏ",
           "Nhiệm vụ chưa hoàn thành đã đến hạn hoặc quá hạn dưới M ngày (mặc định M = 3).", _T, "tasks"),
    Figure("tasks_alert_special_red", "Cảnh báo đỏ đặc biệt",
           "Nhiệm vụ chưa hoàn thành quá hạn từ M ngày trở lên (mặc định M = 3).", _T, "tasks"),
    Figure("reports_on_time", "Báo cáo gửi đúng hạn",
           "Báo cáo định kỳ phải gửi (kỳ có hạn gửi trong 6 tháng tính đến tháng của ngày tính) mà bản gửi đầu "
           "tiên đúng hạn.", _R, "reports"),
    Figure("reports_late", "Báo cáo gửi muộn", "Như trên, bản gửi đầu tiên sau hạn.", _R, "reports"),
    Figure("reports_missing", "Báo cáo chưa gửi – quá hạn", "Như trên, đã quá hạn mà chưa gửi.", _R, "reports"),
    Figure("reports_pending", "Báo cáo chưa đến hạn", "Như trên, chưa gửi và chưa đến hạn.", _R, "reports"),
    Figure("reports_on_time_share", "Tỷ lệ báo cáo đúng hạn",
           "Báo cáo đúng hạn / (đúng hạn + muộn + chưa gửi quá hạn), phần trăm.", PERCENT, "reports"),
    Figure("indicators_total", "Tổng số chỉ tiêu", "Chỉ tiêu trong phạm vi.", _I, "indicators"),
    *[
        Figure(f"indicators_{code}", label, f"Chỉ tiêu có tình trạng «{label}» tại ngày tính.", _I, "indicators")
        for code, label in INDICATOR_LABELS.items()
    ],
    Figure("feedback_due", "Phản ánh, kiến nghị đến hạn trả lời",
           "Phản ánh, kiến nghị có hạn trả lời đến trước hoặc đúng ngày tính.", _F, "feedback"),
    Figure("feedback_answered_on_time", "Trả lời đúng hạn",
           "Trong số đến hạn: đã trả lời trước hoặc đúng hạn trả lời.", _F, "feedback"),
    Figure("feedback_answered_late", "Trả lời quá hạn", "Trong số đến hạn: trả lời sau hạn.", _F, "feedback"),
    Figure("feedback_unanswered", "Quá hạn chưa trả lời", "Trong số đến hạn: chưa trả lời tại ngày tính.", _F,
           "feedback"),
    Figure("feedback_on_time_share", "Tỷ lệ phản ánh, kiến nghị trả lời đúng hạn",
           "Trả lời đúng hạn / đến hạn trả lời, phần trăm.", PERCENT, "feedback"),
]
BY_KEY: dict[str, Figure] = {f.key: f for f in FIGURES}
KEYS = list(BY_KEY)


def share(n: int, total: int) -> float | None:
    """A share in percent with one decimal (None when there is nothing to divide by): every share figure."""
    return round(100 * n / total, 1) if total else None


def format_value(key: str, value) -> str:
    """A figure as shown in text (the aggregated DOCX, the pages): decimal comma, "%" for shares, "—" for none."""
    from decimal import Decimal

    from giamsat.indicators.parsing import format_number

    if value is None:
        return "—"
    if BY_KEY[key].unit == PERCENT:
        return f"{format_number(Decimal(str(value)), 1)}%"
    return format_number(Decimal(value), 0)
