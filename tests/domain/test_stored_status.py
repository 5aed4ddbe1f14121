"""The stored status (tasks.summary) always equals the computed one, after writes and as days pass."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from giamsat.core.actors import SYSTEM
from giamsat.tasks.filters import TaskFilterSet
from giamsat.tasks.models import Task
from giamsat.tasks.selectors import status_counts, task_list, task_status, with_status_facts
from giamsat.tasks.services import progress_update_create, task_decide

pytestmark = pytest.mark.django_db


def _stored_equals_computed(today):
    for task in with_status_facts(Task.objects.all()):
        computed = task_status(task, today=today)
        assert (task.status_code, task.status_warning, task.status_due, task.status_done_on, task.status_as_of) == (
            computed.code, computed.warning, computed.due, computed.done_on, today), task


def test_writes_refresh_the_stored_status(province, frozen_today):
    task = province["tasks"]["culture"]
    call_command("refresh-statuses")
    _stored_equals_computed(frozen_today)
    progress_update_create(user=province["users"]["focal_culture"], task=task, state="done", narrative="Xong",
                           links=["https://minhchung.example/1"])
    task.refresh_from_db()
    assert task.status_code == "done_on_time" and task.status_done_on == frozen_today
    task_decide(user=province["users"]["office"], task=task, kind="reopened", note="Thiếu minh chứng")
    task.refresh_from_db()
    assert task.status_code == "in_progress" and task.status_done_on is None
    _stored_equals_computed(frozen_today)


def test_time_passing_is_seen_by_readers_and_stored_by_the_daily_job(province, frozen_today):
    office = province["users"]["office"]
    counts = status_counts(task_list(office))
    assert counts == {"not_started": 3}
    # Months later, with nobody writing and the daily job not run, the "Quý 1/2026" task is overdue: readers
    # compute the stale statuses in memory and write nothing (ADR 0020).
    with time_machine.travel(dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))):
        later = status_counts(task_list(office))
        assert later == {"not_started": 2, "overdue": 1}
        overdue = list(TaskFilterSet.narrow(task_list(office), {"status": "overdue"}))
        assert [t.pk for t in overdue] == [province["tasks"]["science"].pk]
        assert set(Task.objects.values_list("status_as_of", "status_code")) == {(frozen_today, "not_started")}
        # The daily job stores them; readers then find every status current.
        call_command("refresh-statuses", "--no-warm")
        _stored_equals_computed(dt.date(2026, 4, 2))
        assert status_counts(task_list(office)) == later


def test_a_successor_finishes_the_part_of_the_unit_merged_into_it(province, frozen_today):
    """Seed 001 §V.10: tasks of a dissolved unit pass to its successor, and its report counts for that lead."""
    from giamsat.accounts.models import User
    from giamsat.organizations.services import organization_create, organization_succeed
    from giamsat.tasks.services import task_create

    ict = organization_create(name="Sở Thông tin và Truyền thông", code="stttt")
    task = task_create(actor=SYSTEM, document=province["doc"], name="Chuyển đổi số báo chí",
                       deadline_text="Năm 2026",
                       leads=[ict, province["orgs"]["culture"]])
    organization_succeed(predecessors=[ict], successor=province["orgs"]["science"],
                         effective_date=dt.date(2025, 3, 1))
    science_user = User.objects.get(username="skhcn")
    progress_update_create(user=science_user, task=task, state="done", narrative="Sở KH&CN (kế thừa Sở TT&TT)",
                           links=["https://minhchung.example/1"])
    task.refresh_from_db()
    assert task.status_code == "in_progress"  # Sở VHTTDL, the other lead, has not finished
    progress_update_create(user=province["users"]["focal_culture"], task=task, state="done", narrative="Xong",
                           links=["https://minhchung.example/1"])
    task.refresh_from_db()
    assert task.status_code == "done_on_time" and task.status_done_on == frozen_today


def test_a_lead_dissolved_without_successor_does_not_block_the_task(province, frozen_today):
    from giamsat.organizations.services import organization_create
    from giamsat.tasks.services import task_create

    district = organization_create(name="UBND huyện Tam Đường", code="tam-duong", level="district")
    district.valid_to = dt.date(2025, 6, 30)
    district.save()
    task = task_create(actor=SYSTEM, document=province["doc"], name="Tuyên truyền ở cơ sở",
                       deadline_text="Năm 2026",
                       leads=[district, province["orgs"]["culture"]])
    progress_update_create(user=province["users"]["focal_culture"], task=task, state="done", narrative="Xong",
                           links=["https://minhchung.example/1"])
    task.refresh_from_db()
    assert task.status_code == "done_on_time" and task.status_done_on == frozen_today


def test_each_lead_update_stores_the_status_of_all_leads(province, frozen_today):
    """Posting stores the status from the facts read under the task's lock plus the new row (not read again):
    one lead done is not the task done; both are; a coordinator's update changes nothing."""
    task = province["tasks"]["both"]
    users = province["users"]
    call_command("refresh-statuses")
    progress_update_create(user=users["focal_culture"], task=task, state="done", narrative="Phần của Sở VHTTDL",
                           links=["https://minhchung.example/1"])
    task.refresh_from_db()
    assert task.status_code == "in_progress"
    _stored_equals_computed(frozen_today)
    progress_update_create(user=users["focal_science"], task=task, state="done", narrative="Phần của Sở KH&CN",
                           links=["https://minhchung.example/1"])
    task.refresh_from_db()
    assert task.status_code == "done_on_time" and task.status_done_on == frozen_today
    _stored_equals_computed(frozen_today)
    culture_task = province["tasks"]["culture"]
    progress_update_create(user=users["focal_science"], task=culture_task, state="done", narrative="Phối hợp xong",
                           links=["https://minhchung.example/1"])
    culture_task.refresh_from_db()
    assert culture_task.status_code == "not_started"
    _stored_equals_computed(frozen_today)


def test_dashboard_figures_before_the_daily_job_equal_those_after_it(province, frozen_today):
    """Every figure of the dashboard (counts, by group, by lead organization, due and done, the trend) is the
    same computed in memory over stale statuses as over the statuses the daily job then stores."""
    from giamsat.dashboard.selectors import task_summary
    from giamsat.tasks.models import Task

    def figures():
        s = task_summary(province["users"]["leader"], lists=False)
        return (s.counts, [(r.label, r.cells) for r in s.by_group], [(r.label, r.cells) for r in s.by_org],
                s.due_total, s.due_done, s.soon_count,
                [(p.month, p.due, p.done, p.done_of_due) for p in s.trend])

    progress_update_create(user=province["users"]["focal_culture"], task=province["tasks"]["culture"],
                           state="done", narrative="Xong",
                           links=["https://minhchung.example/1"])
    with time_machine.travel(dt.datetime(2026, 7, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))):
        before = figures()
        assert before[0] == {"done_on_time": 1, "overdue": 1, "not_started": 1}
        assert not Task.objects.filter(status_as_of=dt.date(2026, 7, 2)).exists()  # nothing was stored
        call_command("refresh-statuses", "--no-warm")
        assert figures() == before
