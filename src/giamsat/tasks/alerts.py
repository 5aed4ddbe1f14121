"""Three alert levels (issue #16, modelled on Cao Bằng's Công văn 1400-CV/VPTU "1-1-1-1-3").

For a task still open (not started, in progress, overdue; a recurring task not reported this cycle), by its
current due date (adjusted; the current cycle's for a recurring task) on a day:
- "special_red" (đỏ đặc biệt): `special_red_days` or more days past the due date — shown on the dashboard of
  the level that assigned the task (the issuer of its document);
- "red" (đỏ): the due date has come — a notice to the owner's head;
- "yellow" (vàng): `yellow_days` or fewer days remain and no product (evidence) is reported — a reminder to
  the owner;
- "none" otherwise (done, paused, cancelled, reported, no deadline, or far from it).

`alert_level` is the rule; `alert_case` is the same rule as a SQL expression over the current status columns
(`cur_code`, `cur_due`), for counts (giamsat.metrics) — tests/tasks/test_alerts.py checks they agree.
"""

import datetime as dt

from django.db.models import Case, CharField, Q, Value, When

from giamsat.tasks.status import StatusCode

LEVELS = {"none": "Không", "yellow": "Cảnh báo vàng", "red": "Cảnh báo đỏ", "special_red": "Đỏ đặc biệt"}
OPEN_CODES = (StatusCode.NOT_STARTED, StatusCode.IN_PROGRESS, StatusCode.OVERDUE, StatusCode.NOT_REPORTED)
DECIDES = {  # who must act, by level (the exception board's last column)
    "yellow": "Cơ quan chủ trì",
    "red": "Lãnh đạo cơ quan chủ trì",
    "special_red": "Cấp giao nhiệm vụ",
}


def current_rule():
    """The rule set in force: the office's row, or the defaults (3 days, 3 days) when none was saved."""
    from giamsat.tasks.models import AlertRule

    return AlertRule.objects.order_by("pk").first() or AlertRule()


def alert_level(code: str, due: dt.date | None, *, has_product: bool, today: dt.date, rule) -> str:
    if code not in OPEN_CODES or due is None:
        return "none"
    late = (today - due).days
    if late >= rule.special_red_days:
        return "special_red"
    if late >= 0:
        return "red"
    if -late <= rule.yellow_days and not has_product:
        return "yellow"
    return "none"


def alert_case(*, today: dt.date, rule, evidenced: Q) -> Case:
    """`alert_level` over the current status columns; `evidenced`: the condition "has a product"."""
    open_ = Q(cur_code__in=OPEN_CODES, cur_due__isnull=False)
    return Case(
        When(open_ & Q(cur_due__lte=today - dt.timedelta(days=rule.special_red_days)), then=Value("special_red")),
        When(open_ & Q(cur_due__lte=today), then=Value("red")),
        When(open_ & Q(cur_due__lte=today + dt.timedelta(days=rule.yellow_days)) & ~evidenced,
             then=Value("yellow")),
        default=Value("none"), output_field=CharField(),
    )
