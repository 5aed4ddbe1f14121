"""Statuses as of a past date, as the evaluation of a past period reads them (issue #17): the same as the one
rule (tasks.status) computes from the full task, recurring tasks included, and stored "done" statuses reused
only when nothing can have changed them since."""

import datetime as dt

import pytest

from giamsat.core.actors import SYSTEM

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def quarterly(province):
    from giamsat.tasks.models import ProgressUpdate, Task
    from giamsat.tasks.services import task_create
    from giamsat.tasks.summary import refresh_statuses

    culture = province["orgs"]["culture"]
    task = task_create(actor=SYSTEM, document=province["doc"], number="8", name="Báo cáo quý",
                       deadline_text="Hằng quý", leads=[culture])
    Task.objects.filter(pk=task.pk).update(start_date=D(2025, 7, 1))
    ProgressUpdate.objects.create(task=task, organization=culture, reported_on=D(2025, 10, 3), state="in_progress",
                                  is_lead=True)
    refresh_statuses([task.pk])
    return Task.objects.get(pk=task.pk)


def test_a_recurring_task_is_read_with_its_own_recurrence(quarterly):
    """Task.from_db takes values in the model's field order: the status facts read recurring/recurrence/
    start_date into the right attributes (they were shifted: a quarterly task was read as monthly)."""
    from giamsat.evaluation.facts import _statuses
    from giamsat.organizations.selectors import successions_closure
    from giamsat.tasks.facts import locked_status_facts, task_status

    assert quarterly.recurring and quarterly.recurrence == "quarterly"
    read = locked_status_facts(quarterly.pk)
    assert (read.recurring, read.recurrence, read.start_date) == (True, "quarterly", D(2025, 7, 1))
    day = D(2025, 11, 20)  # the quarter's cycle was reported on 03/10; a monthly cycle would not be
    expected = task_status(quarterly, today=day)
    assert expected.code == "reported" and expected.due == D(2025, 12, 31)
    code, due, _, recurring = _statuses([quarterly.pk], day, successions_closure())[quarterly.pk]
    assert (code, due, recurring) == ("reported", D(2025, 12, 31), True)


def test_stored_done_statuses_are_reused_only_when_nothing_changed_since(province):
    from giamsat.evaluation.facts import _statuses
    from giamsat.organizations.selectors import successions_closure
    from giamsat.tasks.models import ProgressUpdate, Task, TaskDecision
    from giamsat.tasks.summary import refresh_statuses

    t, culture = province["tasks"], province["orgs"]["culture"]
    Task.objects.filter(pk__in=[t["culture"].pk, t["both"].pk]).update(due_date=D(2025, 12, 31), deadline_kind="date")
    for key in ("culture", "both"):
        ProgressUpdate.objects.create(task=t[key], organization=culture, reported_on=D(2025, 11, 5), state="done",
                                      is_lead=True)
    ProgressUpdate.objects.create(task=t["both"], organization=province["orgs"]["science"],
                                  reported_on=D(2025, 11, 6), state="done", is_lead=True)
    TaskDecision.objects.create(task=t["culture"], kind="reopened", decided_on=D(2026, 1, 5), note="Chưa đạt")
    refresh_statuses([t["culture"].pk, t["both"].pk])
    day = D(2025, 12, 1)
    out = _statuses([t["culture"].pk, t["both"].pk], day, successions_closure())
    # Done on 06/11 and untouched since: the stored status. Reopened on 05/01/2026 (stored: in progress) but
    # done on 01/12/2025: computed again for that day.
    assert out[t["both"].pk][:3] == ("done_on_time", D(2025, 12, 31), D(2025, 11, 6))
    assert out[t["culture"].pk][:3] == ("done_on_time", D(2025, 12, 31), D(2025, 11, 5))
    Task.objects.filter(pk=t["both"].pk).update(status_code="done_late")  # the stored copy is what is read
    assert _statuses([t["both"].pk], day, successions_closure())[t["both"].pk][0] == "done_late"
    ProgressUpdate.objects.create(task=t["both"], organization=culture, reported_on=D(2026, 1, 2), state="in_progress",
                                  is_lead=True)  # a later update: computed again, the stored copy is not trusted
    assert _statuses([t["both"].pk], day, successions_closure())[t["both"].pk][0] == "done_on_time"


def test_indicator_status_as_of_the_evaluation_date(province):
    """Issue #17: values entered, or verified, after the as-of date do not count in the evaluation."""
    import time_machine

    from giamsat.evaluation.facts import load_facts
    from giamsat.evaluation.formulas import Window
    from giamsat.indicators.services import indicator_create
    from giamsat.indicators.values import indicator_value_review, indicator_value_submit

    users, culture = province["users"], province["orgs"]["culture"]

    def make(code):
        return indicator_create(user=users["office"], code=code, name=f"Chỉ tiêu {code}", unit="%",
                                baseline_value=10, baseline_year=2024, min_value=0, max_value=100,
                                responsible=culture, targets=[{"year": 2026, "value": 20}])

    def at(day):
        return time_machine.travel(dt.datetime(*day, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=False)

    early, late, unreviewed = make("VH-10"), make("VH-11"), make("VH-12")
    with at((2025, 12, 10)):  # entered and verified before 31/12/2025
        indicator_value_review(user=users["office"], decision="verified", value=indicator_value_submit(
            user=users["focal_culture"], indicator=early, period="2025", value="25"))
        pending = indicator_value_submit(user=users["focal_culture"], indicator=unreviewed, period="2025", value="25")
    with at((2026, 1, 5)):  # entered after it; and the third one verified only after it
        indicator_value_review(user=users["office"], decision="verified", value=indicator_value_submit(
            user=users["focal_culture"], indicator=late, period="2025", value="25"))
        indicator_value_review(user=users["office"], decision="verified", value=pending)

    def statuses(as_of):
        facts = load_facts([culture.pk], Window(D(2025, 10, 1), D(2025, 12, 31), as_of))[culture.pk]
        return {i.indicator_id: i.status for i in facts.indicators}

    past = statuses(D(2025, 12, 31))
    assert past[early.pk] == "achieved"  # 25 ≥ 20, entered and verified in time
    assert past[late.pk] == "no_data" and past[unreviewed.pk] == "no_data"  # not there (verified) on 31/12
    now = statuses(D(2026, 1, 10))  # today: every verified value
    assert now[late.pk] == now[unreviewed.pk] == "achieved"


def test_one_off_statuses_from_the_updates_that_weigh_equal_those_from_the_full_history(province):
    """Issue #17: a past evaluation reads, of a one-off task's lead updates, only those from each organization's
    last open and last started word on (`_one_off_lead_updates`), of a recurring task's those of the last year;
    the status the one rule computes from them is the full history's, on random histories: one or two leads, a
    predecessor's updates counting for its successor, every state, same-day updates, reopened, done and
    adjusted decisions, quarterly, annual and continuous tasks, several as-of dates."""
    import random

    from giamsat.evaluation.facts import _status_facts
    from giamsat.organizations.services import organization_create
    from giamsat.tasks.facts import locked_status_facts, task_status
    from giamsat.tasks.models import ProgressUpdate, Task, TaskDecision
    from giamsat.tasks.services import task_create

    rng = random.Random(17)
    culture, science = province["orgs"]["culture"], province["orgs"]["science"]
    old = organization_create(name="Sở Thông tin và Truyền thông", kind="department", code="stttt")
    lineage = {culture.pk: {old.pk}}  # its work passed to Sở VHTTDL
    states = ["in_progress", "in_progress", "done", "done", "not_started", "nothing"]
    tasks = []
    for n in range(60):
        leads = rng.choice([[culture], [science], [culture, science]])
        recurrence = rng.choice(["", "", "", "Hằng quý", "Hằng năm", "Thường xuyên"])
        task = task_create(actor=SYSTEM, document=province["doc"], number=f"r{n}", name=f"Nhiệm vụ {n}",
                           deadline_text=recurrence or "31/12/2025", leads=leads)
        Task.objects.filter(pk=task.pk).update(due_date=D(2025, rng.randint(3, 12), rng.randint(1, 28)))
        writers = [*leads, old] if culture in leads else leads
        for _ in range(rng.randint(0, 14)):
            ProgressUpdate.objects.create(task=task, organization=rng.choice(writers), is_lead=True,
                                          reported_on=D(rng.choice([2024, 2025, 2025]), rng.randint(1, 12),
                                                        rng.choice([1, 10, 10, 20, 28])),
                                          state=rng.choice(states))
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            kind = rng.choice(["reopened", "done", "adjusted"])
            TaskDecision.objects.create(task=task, kind=kind, decided_on=D(2025, rng.randint(2, 12), 15),
                                        new_due_date=D(2025, 12, 20) if kind == "adjusted" else None, note="Quyết định")
        tasks.append(task.pk)
    kept = total = 0
    for as_of in (D(2025, 6, 30), D(2025, 10, 10), D(2025, 12, 31)):
        read = {t.pk: t for t in _status_facts(tasks, as_of)}
        for pk in tasks:
            full = locked_status_facts(pk)
            assert task_status(read[pk], today=as_of, lineage=lineage) == task_status(full, today=as_of,
                                                                                      lineage=lineage), pk
            kept += len(read[pk].lead_updates)
            total += len([u for u in full.lead_updates if u.reported_on <= as_of])
    assert any(Task.objects.filter(pk__in=tasks, recurring=True).values_list("recurrence", flat=True))
    assert kept < total  # what it saves: earlier "in progress" words, a recurring task's older cycles
