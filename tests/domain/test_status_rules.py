"""The task status rules of giamsat.tasks.status, over time and for every deadline form."""

import datetime as dt

import pytest

from giamsat.tasks.status import DeadlineFact, DecisionFact, UpdateFact, compute_status, current_cycle

D = dt.date


def status(due, updates=(), decisions=(), today=dt.date(2026, 1, 10), recurring=False, recurrence=""):
    return compute_status(DeadlineFact(due, recurring, recurrence), list(updates), list(decisions), today=today)


def test_not_started_then_in_progress_then_overdue():
    assert status(D(2026, 6, 30)).code == "not_started"
    started = [UpdateFact(D(2026, 1, 5), "in_progress")]
    assert status(D(2026, 6, 30), started).code == "in_progress"
    assert status(D(2026, 6, 30), started, today=D(2026, 7, 1)).code == "overdue"
    assert status(D(2026, 6, 30), today=D(2026, 7, 1)).code == "overdue"


def test_done_on_time_and_late():
    assert status(D(2026, 1, 31), [UpdateFact(D(2026, 1, 5), "done")]).code == "done_on_time"
    late = status(D(2025, 12, 31), [UpdateFact(D(2026, 1, 5), "done")])
    assert (late.code, late.done_on) == ("done_late", D(2026, 1, 5))


def test_updates_after_today_are_ignored():
    assert status(D(2026, 6, 30), [UpdateFact(D(2026, 2, 1), "done")]).code == "not_started"


def test_office_can_reopen_a_self_reported_done():
    updates = [UpdateFact(D(2026, 1, 2), "done")]
    reopened = [DecisionFact(D(2026, 1, 3), "reopened")]
    assert status(D(2026, 6, 30), updates, reopened).code == "in_progress"
    assert status(D(2026, 6, 30), updates + [UpdateFact(D(2026, 1, 8), "done")], reopened).code == "done_on_time"


def test_decisions_pause_cancel_and_adjust():
    assert status(D(2026, 6, 30), decisions=[DecisionFact(D(2026, 1, 1), "paused")]).code == "paused"
    resumed = [DecisionFact(D(2026, 1, 1), "paused", seq=1), DecisionFact(D(2026, 1, 2), "resumed", seq=2)]
    assert status(D(2026, 6, 30), decisions=resumed).code == "not_started"
    assert status(D(2026, 6, 30), decisions=[DecisionFact(D(2026, 1, 1), "cancelled")]).code == "cancelled"
    # An adjusted deadline turns an overdue task back to "within deadline".
    adjusted = [DecisionFact(D(2026, 1, 1), "adjusted", new_due_date=D(2026, 12, 31))]
    assert status(D(2025, 12, 31)).code == "overdue"
    result = status(D(2025, 12, 31), decisions=adjusted)
    assert (result.code, result.due) == ("not_started", D(2026, 12, 31))


@pytest.mark.parametrize(
    ("today", "warning"), [(D(2026, 6, 14), False), (D(2026, 6, 15), True), (D(2026, 6, 30), True)]
)
def test_early_warning_window(today, warning):
    assert status(D(2026, 6, 30), today=today).warning is warning


def test_quarter_1_and_following_years_across_the_year_boundary():
    """'Quý 1/2026 và các năm tiếp theo': first due 31/03/2026, then every 31/03."""
    due = D(2026, 3, 31)
    assert current_cycle(DeadlineFact(due, True, "annual"), D(2026, 1, 10)) == (D(2025, 4, 1), D(2026, 3, 31))
    assert current_cycle(DeadlineFact(due, True, "annual"), D(2026, 4, 1)) == (D(2026, 4, 1), D(2027, 3, 31))
    reported_2026 = [UpdateFact(D(2026, 3, 20), "in_progress")]
    assert status(due, reported_2026, today=D(2026, 3, 31), recurring=True, recurrence="annual").code == "reported"
    # The next cycle starts on 01/04/2026: last year's report no longer counts.
    nxt = status(due, reported_2026, today=D(2026, 4, 2), recurring=True, recurrence="annual")
    assert (nxt.code, nxt.due) == ("not_reported", D(2027, 3, 31))
    assert status(due, reported_2026, today=D(2027, 3, 20), recurring=True, recurrence="annual").warning


def test_continuous_task_is_judged_monthly():
    due = D(2025, 12, 31)  # "Thường xuyên trong năm 2025 và các năm tiếp theo"
    updates = [UpdateFact(D(2026, 1, 3), "in_progress")]
    assert status(due, updates, today=D(2026, 1, 20), recurring=True, recurrence="annual").code == "reported"
    monthly = status(None, updates, today=D(2026, 2, 2), recurring=True)
    assert (monthly.code, monthly.cycle) == ("not_reported", (D(2026, 2, 1), D(2026, 2, 28)))


def test_nothing_to_report_counts_as_reported_for_recurring_tasks():
    updates = [UpdateFact(D(2026, 1, 3), "nothing")]
    assert status(None, updates, today=D(2026, 1, 20), recurring=True).code == "reported"


def test_several_leads_each_must_finish():
    """A task given to several leads ('Các sở, ban, ngành') is done only when every lead is done."""
    leads = frozenset({1, 2, 3})
    one = [UpdateFact(D(2026, 1, 2), "done", 1, org=1)]
    result = compute_status(DeadlineFact(D(2026, 6, 30)), one, [], today=D(2026, 1, 10), leads=leads)
    assert result.code == "in_progress"
    all_done = one + [UpdateFact(D(2026, 1, 4), "done", 2, org=2), UpdateFact(D(2026, 7, 3), "done", 3, org=3)]
    late = compute_status(DeadlineFact(D(2026, 6, 30)), all_done, [], today=D(2026, 7, 10), leads=leads)
    assert (late.code, late.done_on) == ("done_late", D(2026, 7, 3))
    # The office may settle it: its "done" decision closes the task whatever the leads said.
    office = [DecisionFact(D(2026, 1, 8), "done")]
    assert (
        compute_status(DeadlineFact(D(2026, 6, 30)), one, office, today=D(2026, 1, 10), leads=leads).code
        == "done_on_time"
    )


def test_recurring_task_with_several_leads_is_reported_when_all_reported():
    leads = frozenset({1, 2})
    updates = [UpdateFact(D(2026, 1, 3), "in_progress", 1, org=1)]
    deadline = DeadlineFact(None, True)
    assert compute_status(deadline, updates, [], today=D(2026, 1, 20), leads=leads).code == "not_reported"
    updates.append(UpdateFact(D(2026, 1, 5), "nothing", 2, org=2))
    assert compute_status(deadline, updates, [], today=D(2026, 1, 20), leads=leads).code == "reported"
