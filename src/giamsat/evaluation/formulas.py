"""The figure formulas a criterion may read: a registry of pure functions over one agency's facts.

Each formula turns an agency's facts into entries `(kind, id, weight, credit, note)`: what counted (a task, a
report, an indicator), how much it weighs (lead 1,0 or coordinator 0,3, times the task's priority 1–3) and
the credit it earned (0 … 1) for a score criterion, or how many times it counts for a bonus or a penalty. The
classification of each task (due, done on time, overdue) is its computed status (tasks.status, the one
definition), of each report its punctuality (reporting.submissions.submission_code), of each indicator its
assessment (indicators.status); the formulas only choose which ones count in the period and what they earn.
"""

import datetime as dt
import functools
from dataclasses import dataclass, field

from giamsat.indicators.status import STATUS_LABELS as INDICATOR_LABELS
from giamsat.metrics.definitions import BY_KEY as FIGURES
from giamsat.reporting.submissions import SUBMISSION_LABELS
from giamsat.tasks.status import LABELS as TASK_LABELS

# Credits of a score criterion (documented in the guide: docs/huong-dan/danh-gia.md), in 180ths so that the
# engine counts in whole numbers (halves and 90ths of a day late are whole 180ths): FULL is 1, HALF ½.
FULL, HALF = 180, 90
TASK_CREDIT = {"done_on_time": FULL, "done_late": HALF}
REPORT_CREDIT = {"on_time": FULL, "late": HALF, "missing": 0}
INDICATOR_CREDIT = {"achieved": FULL, "on_track": FULL, "at_risk": HALF, "off_track": 0, "no_data": 0}
LATE_DAYS_FULL = 90  # days late at which a task has lost all its credit in "tasks_timeliness"
EARLY_DAYS = 15  # done at least this many days before the due date: a bonus
INACTIVE = {"paused", "cancelled"}
FIGURE_LABELS = {key: FIGURES[key].label for key in (
    "feedback_answered_on_time", "feedback_answered_late", "feedback_unanswered")}
ONE_OFF_DONE = {"done_on_time", "done_late"}


@dataclass(frozen=True)
class TaskFact:
    task_id: int
    role: str  # lead | coordinator
    status: str  # tasks.status code as of the evaluation date
    due: dt.date | None
    done_on: dt.date | None = None
    recurring: bool = False
    priority: int = 1
    has_evidence: bool = False  # this agency attached evidence to an update of the task


@dataclass(frozen=True)
class ReportFact:
    period_id: int
    code: str  # on_time | late | missing | pending (reporting.submissions.submission_code)
    due: dt.date
    report_id: int | None = None


@dataclass(frozen=True)
class IndicatorFact:
    indicator_id: int
    status: str  # indicators.status code


@dataclass
class AgencyFacts:
    organization_id: int
    tasks: list[TaskFact] = field(default_factory=list)
    reports: list[ReportFact] = field(default_factory=list)
    indicators: list[IndicatorFact] = field(default_factory=list)
    figures: dict = field(default_factory=dict)  # the metrics module's figures of the agency (metrics.by_organization)


@dataclass(frozen=True)
class Window:
    """The period evaluated, judged as of a date (the end of the period at the latest)."""

    start: dt.date
    end: dt.date
    as_of: dt.date

    @property
    def last(self) -> dt.date:
        return min(self.end, self.as_of)

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.last


@dataclass(frozen=True)
class Weights:
    """In hundredths: lead 1,00 and coordinator 0,30 by default."""

    lead: int = 100
    coordinator: int = 30

    def of(self, task: TaskFact) -> int:
        role = self.lead if task.role == "lead" else self.coordinator
        return role * max(1, min(3, task.priority))


@dataclass(frozen=True)
class Entry:
    kind: str  # task | report | period | indicator
    id: int
    weight: int  # hundredths (role × priority)
    credit: int  # 180ths (FULL: all of it; for a bonus or a penalty, FULL per counted item)
    note: str = ""


@dataclass(frozen=True)
class Formula:
    code: str
    label: str
    counts: bool  # True: for a bonus or a penalty (entries counted); False: a share for a score criterion
    fn: object
    figures: bool = False  # reads the metrics module's figures (loaded only when a criterion uses it)

    def __call__(self, facts: AgencyFacts, window: Window, weights: Weights) -> list[Entry]:
        return self.fn(facts, window, weights)


def _role_note(task: TaskFact, weights: Weights) -> str:
    return _role_text(task.role, task.priority, weights.of(task))


@functools.cache
def _role_text(role: str, priority: int, weight: int) -> str:  # a handful of combinations, half a million uses
    return f"{'chủ trì' if role == 'lead' else 'phối hợp'}, ưu tiên {priority}, hệ số {_dec(weight)}"


def _dec(hundredths: int) -> str:
    text = f"{hundredths / 100:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _one_off(facts: AgencyFacts):
    return [t for t in facts.tasks if not t.recurring and t.status not in INACTIVE]


def tasks_on_time(facts, window, weights):
    """Tasks due in the period (up to the evaluation date): done on time earns all, done late half."""
    return [Entry("task", t.task_id, weights.of(t), TASK_CREDIT.get(t.status, 0),
                  f"{TASK_LABELS[t.status]}; {_role_note(t, weights)}")
            for t in _one_off(facts) if window.contains(t.due)]


def _days_late(task: TaskFact, window: Window) -> int:
    if task.status == "overdue" and task.due:
        return (window.last - task.due).days
    if task.status == "done_late" and task.due and task.done_on:
        return (task.done_on - task.due).days
    return 0


def tasks_timeliness(facts, window, weights):
    """Tasks due by the evaluation date and not finished before the period: each day late takes 1/90 of the
    task's credit (all of it at 90 days)."""
    entries = []
    for t in _one_off(facts):
        if t.due is None or t.due > window.last:
            continue
        if t.status in ONE_OFF_DONE and t.done_on is not None and t.done_on < window.start:
            continue
        late = _days_late(t, window)
        credit = FULL - FULL * min(late, LATE_DAYS_FULL) // LATE_DAYS_FULL
        entries.append(Entry("task", t.task_id, weights.of(t), credit,
                             f"{TASK_LABELS[t.status]}; trễ {late} ngày; {_role_note(t, weights)}"))
    return entries


def evidence_complete(facts, window, weights):
    """Tasks it leads finished in the period: evidence attached to one of its updates earns the credit."""
    return [Entry("task", t.task_id, weights.of(t), FULL * t.has_evidence,
                  "có minh chứng" if t.has_evidence else "chưa có minh chứng")
            for t in _one_off(facts) if t.role == "lead" and t.status in ONE_OFF_DONE and window.contains(t.done_on)]


def recurring_reported(facts, window, weights):
    """Recurring tasks: reported in their current cycle as of the evaluation date."""
    return [Entry("task", t.task_id, weights.of(t), FULL * (t.status == "reported"),
                  f"{TASK_LABELS[t.status]}; {_role_note(t, weights)}")
            for t in facts.tasks if t.recurring and t.status not in INACTIVE]


def reports_on_time(facts, window, weights):
    """Periodic reports due in the period: on time earns all, late half, missing nothing."""
    return [Entry("report" if r.report_id else "period", r.report_id or r.period_id, 100,
                  REPORT_CREDIT[r.code], SUBMISSION_LABELS[r.code])
            for r in facts.reports if r.code != "pending" and window.contains(r.due)]


def indicators_on_track(facts, window, weights):
    """Indicators it is responsible for: achieved or on track earn all, at risk half."""
    return [Entry("indicator", i.indicator_id, 100, INDICATOR_CREDIT.get(i.status, 0),
                  INDICATOR_LABELS.get(i.status, ""))
            for i in facts.indicators]


def tasks_done_early(facts, window, weights):
    """Bonus: tasks finished in the period at least 15 days before their due date."""
    return [Entry("task", t.task_id, weights.of(t), FULL, f"xong trước hạn {(t.due - t.done_on).days} ngày")
            for t in _one_off(facts)
            if t.status == "done_on_time" and t.due and window.contains(t.done_on)
            and (t.due - t.done_on).days >= EARLY_DAYS]


def indicators_achieved(facts, window, weights):
    """Bonus: indicators whose target is reached."""
    return [Entry("indicator", i.indicator_id, 100, FULL, INDICATOR_LABELS["achieved"])
            for i in facts.indicators if i.status == "achieved"]


def tasks_overdue(facts, window, weights):
    """Penalty: tasks overdue on the evaluation date."""
    return [Entry("task", t.task_id, weights.of(t), FULL, f"trễ {_days_late(t, window)} ngày")
            for t in _one_off(facts) if t.status == "overdue" and t.due and t.due <= window.last]


def reports_missing(facts, window, weights):
    """Penalty: reports due in the period and not sent."""
    return [Entry("period", r.period_id, 100, FULL, SUBMISSION_LABELS["missing"])
            for r in facts.reports if r.code == "missing" and window.contains(r.due)]


def feedback_on_time(facts, window, weights):
    """Feedback (phản ánh, kiến nghị) due for an answer by the evaluation date: answered on time earns all, late
    half, unanswered nothing; the metrics module's figures (one definition), counted, not itemised."""
    f = facts.figures
    parts = [("feedback_answered_on_time", FULL), ("feedback_answered_late", HALF), ("feedback_unanswered", 0)]
    return [Entry("figure", None, 100 * f[key], credit, f"{FIGURE_LABELS[key]}: {f[key]}")
            for key, credit in parts if f.get(key)]


FORMULAS: dict[str, Formula] = {f.code: f for f in [
    Formula("tasks_on_time", "Nhiệm vụ đến hạn trong kỳ hoàn thành đúng hạn", False, tasks_on_time),
    Formula("tasks_timeliness", "Không để nhiệm vụ quá hạn (trừ theo số ngày quá hạn)", False, tasks_timeliness),
    Formula("evidence_complete", "Nhiệm vụ hoàn thành có minh chứng", False, evidence_complete),
    Formula("recurring_reported", "Nhiệm vụ thường xuyên có báo cáo trong chu kỳ", False, recurring_reported),
    Formula("reports_on_time", "Báo cáo định kỳ gửi đúng hạn", False, reports_on_time),
    Formula("indicators_on_track", "Chỉ tiêu đạt hoặc đúng lộ trình", False, indicators_on_track),
    Formula("feedback_on_time", "Phản ánh, kiến nghị trả lời đúng hạn", False, feedback_on_time, figures=True),
    Formula("tasks_done_early", "Thưởng: nhiệm vụ hoàn thành trước hạn từ 15 ngày", True, tasks_done_early),
    Formula("indicators_achieved", "Thưởng: chỉ tiêu đã đạt mục tiêu", True, indicators_achieved),
    Formula("tasks_overdue", "Trừ: nhiệm vụ quá hạn tại ngày đánh giá", True, tasks_overdue),
    Formula("reports_missing", "Trừ: báo cáo đến hạn chưa gửi", True, reports_missing),
]}
FORMULA_CHOICES = [(code, f.label) for code, f in FORMULAS.items()]
