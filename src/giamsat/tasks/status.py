"""Task status, computed from the deadline, the lead organizations' updates and the office's decisions.

Never typed in. The rules (docs/adr/0003-task-status-is-computed.md):

1. A cancellation or an unresumed pause decides the status ("cancelled", "paused").
2. An "adjusted" decision replaces the due date with its new one.
3. A one-off task is done when the latest word on it is "done": the office's decision, or else the
   latest lead update (a "reopened" decision cancels earlier done claims). Done on or before the
   due date is "done_on_time", after it "done_late".
4. A one-off task not done is "overdue" after its due date, else "in_progress" if a lead update says
   work has started, else "not_started".
5. A recurring task ("Thường xuyên", "Hằng năm", "Quý 1/2026 và các năm tiếp theo") is judged period
   by period: "reported" when a lead update falls in the current cycle, else "not_reported". Cycles are
   years for annual recurrence (ending on the anniversary of the first due date), quarters or months
   otherwise; a continuous task without a stated cycle is judged monthly, the reporting rhythm of the plans.
6. Early warning: not done (or not reported this cycle) and the due date is 0..N days away.

Only lead organizations' updates move the status; coordinators' contributions are shown, not counted.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import TextChoices

from giamsat.core.dates import add_months, month_end


class StatusCode(TextChoices):
    """A task's status, as stored in `Task.status_code` (the values are the stored ones), with its label."""

    NOT_STARTED = "not_started", "Chưa triển khai"
    IN_PROGRESS = "in_progress", "Chưa hoàn thành – trong hạn"
    OVERDUE = "overdue", "Chưa hoàn thành – quá hạn"
    DONE_ON_TIME = "done_on_time", "Đã hoàn thành – đúng hạn"
    DONE_LATE = "done_late", "Đã hoàn thành – quá hạn"
    PAUSED = "paused", "Tạm dừng"
    CANCELLED = "cancelled", "Đã hủy"
    REPORTED = "reported", "Đã báo cáo kỳ này"
    NOT_REPORTED = "not_reported", "Chưa báo cáo kỳ này"


LABELS = dict(StatusCode.choices)
STATUS_CODES = list(StatusCode.values)
DONE_CODES = {StatusCode.DONE_ON_TIME, StatusCode.DONE_LATE}


@dataclass(frozen=True)
class UpdateFact:
    reported_on: dt.date
    state: str  # not_started | in_progress | done | nothing
    seq: int = 0  # tie-breaker: creation order
    org: int | None = None  # the lead organization that reported


@dataclass(frozen=True)
class DecisionFact:
    decided_on: dt.date
    kind: str  # done | reopened | paused | resumed | adjusted | cancelled
    new_due_date: dt.date | None = None
    seq: int = 0


@dataclass(frozen=True)
class DeadlineFact:
    due_date: dt.date | None
    recurring: bool = False
    recurrence: str = ""  # monthly | quarterly | 6-month | annual | ""
    start_date: dt.date | None = None


@dataclass
class TaskStatus:
    code: str
    due: dt.date | None
    warning: bool = False
    done_on: dt.date | None = None
    days_left: int | None = None
    cycle: tuple[dt.date, dt.date] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LABELS[self.code]

    @property
    def is_done(self) -> bool:
        return self.code in DONE_CODES


def current_cycle(deadline: DeadlineFact, today: dt.date) -> tuple[dt.date, dt.date]:
    """The cycle (start, due) of a recurring task that contains `today` or comes next."""
    first = deadline.due_date
    rec = deadline.recurrence
    if rec == "annual" and first:
        due = first
        while due < today:
            due = add_months(due, 12)
        start = add_months(due, -12) + dt.timedelta(days=1)
        return start, due
    months = {"quarterly": 3, "6-month": 6}.get(rec, 1)
    # Calendar-aligned cycles: the quarter, half-year or month that contains today.
    first_month = ((today.month - 1) // months) * months + 1
    start = dt.date(today.year, first_month, 1)
    due = month_end(today.year, first_month + months - 1)
    if first and due < first:
        due = first
    return start, due


def compute_status(
    deadline: DeadlineFact,
    updates: list[UpdateFact],
    decisions: list[DecisionFact],
    *,
    today: dt.date,
    warning_days: int = 15,
    leads: frozenset[int] | set[int] | None = None,
) -> TaskStatus:
    """The status of a task on `today`. With several lead organizations (`leads`), the task is done, or
    reported for the cycle, only when every one of them is; the office's "done" decision settles it."""
    decisions = sorted((d for d in decisions if d.decided_on <= today), key=lambda d: (d.decided_on, d.seq))
    updates = sorted((u for u in updates if u.reported_on <= today), key=lambda u: (u.reported_on, u.seq))
    due = deadline.due_date
    paused = cancelled = False
    for decision in decisions:
        if decision.kind == "adjusted" and decision.new_due_date:
            due = decision.new_due_date
        elif decision.kind == "paused":
            paused = True
        elif decision.kind == "resumed":
            paused = False
        elif decision.kind == "cancelled":
            cancelled = True
    if cancelled:
        return TaskStatus(StatusCode.CANCELLED, due)
    if paused:
        return TaskStatus(StatusCode.PAUSED, due)

    groups = _by_lead(updates, leads)
    if deadline.recurring:
        return _recurring_status(DeadlineFact(due, True, deadline.recurrence, deadline.start_date), groups,
                                 today=today, warning_days=warning_days)

    done_on = _done_on_all(groups, decisions)
    if done_on is not None:
        on_time = due is None or done_on <= due
        return TaskStatus(StatusCode.DONE_ON_TIME if on_time else StatusCode.DONE_LATE, due, done_on=done_on)

    days_left = (due - today).days if due else None
    if due and today > due:
        return TaskStatus(StatusCode.OVERDUE, due, days_left=days_left)
    started = any(u.state in {"in_progress", "done"} for u in updates)
    warning = days_left is not None and 0 <= days_left <= warning_days
    code = StatusCode.IN_PROGRESS if started else StatusCode.NOT_STARTED
    return TaskStatus(code, due, warning=warning, days_left=days_left)


def _by_lead(updates: list[UpdateFact], leads) -> list[list[UpdateFact]]:
    """Updates grouped per lead organization; every lead has a group, empty if it never reported."""
    if not leads or len(leads) < 2:
        return [updates]
    groups: dict[int, list[UpdateFact]] = {org: [] for org in leads}
    for u in updates:
        groups.setdefault(u.org, []).append(u)
    return [groups[org] for org in leads]


def _done_on_all(groups: list[list[UpdateFact]], decisions: list[DecisionFact]) -> dt.date | None:
    """Done when the office says so, or when every lead's latest word is "done" (the latest of their dates)."""
    office = _done_on([], decisions)
    reopened_after = max((d.decided_on for d in decisions if d.kind == "reopened"), default=None)
    dates = []
    for group in groups:
        group = [u for u in group if reopened_after is None or u.reported_on > reopened_after]
        day = _done_on(group, [])
        if day is None:
            return office
        dates.append(day)
    lead_done = max(dates) if dates else None
    if office is not None and (lead_done is None or office <= lead_done):
        return office
    return lead_done


def _done_on(updates: list[UpdateFact], decisions: list[DecisionFact]) -> dt.date | None:
    """The date the task became done, by the latest word of the office or of the lead updates."""
    events = [(u.reported_on, 0, u.seq, "done" if u.state == "done" else "open") for u in updates
              if u.state in {"done", "in_progress", "not_started"}]
    events += [(d.decided_on, 1, d.seq, "done" if d.kind == "done" else "open") for d in decisions
               if d.kind in {"done", "reopened"}]
    done_on = None
    for day, _, _, what in sorted(events):
        if what == "done":
            done_on = done_on or day
        else:
            done_on = None
    return done_on


def _recurring_status(deadline: DeadlineFact, groups: list[list[UpdateFact]], *, today: dt.date,
                      warning_days: int) -> TaskStatus:
    start, due = current_cycle(deadline, today)
    reported = all(any(start <= u.reported_on <= due and u.state != "not_started" for u in group)
                   for group in groups)
    days_left = (due - today).days
    warning = not reported and 0 <= days_left <= warning_days
    code = StatusCode.REPORTED if reported else StatusCode.NOT_REPORTED
    return TaskStatus(code, due, warning=warning, days_left=days_left, cycle=(start, due))
