"""Overdue answers are urged by `giamsat remind`: the agency, then its head, then the office, one step per
run at most, and never again for the same step."""

import datetime as dt

import pytest
import time_machine

from giamsat.feedback.models import Feedback
from giamsat.reporting.models import Notification, Reminder
from giamsat.reporting.reminders import remind

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(province, routed_item, settings):
    settings.GIAMSAT_FEEDBACK_ESCALATE_DAYS = 3
    Feedback.objects.filter(pk=routed_item.pk).update(answer_due=dt.date(2026, 1, 12))
    return routed_item


def _feedback_reminders():
    return Reminder.objects.filter(period__isnull=True, task__isnull=True)


def test_three_steps_agency_head_office(province, overdue):
    users = province["users"]
    assert not [p for p in remind(dt.date(2026, 1, 12), dry_run=True).plan if "phản ánh" in p.subject]
    remind(dt.date(2026, 1, 13))
    first = _feedback_reminders()
    assert {r.recipient for r in first} == {users["focal_culture"], users["head_culture"]}
    assert {r.kind for r in first} == {"overdue"}
    remind(dt.date(2026, 1, 14))  # same step: nothing more
    assert _feedback_reminders().count() == first.count()
    remind(dt.date(2026, 1, 16))
    assert {r.recipient for r in _feedback_reminders().filter(kind="escalation")} == {users["head_culture"]}
    remind(dt.date(2026, 1, 19))
    office = _feedback_reminders().filter(recipient=users["office"]).get()
    assert office.kind == "escalation" and overdue.tracking_code in office.message
    assert Notification.objects.filter(user=users["office"], message__contains="quá hạn trả lời").exists()
    overdue.refresh_from_db()
    assert overdue.reminder_level == 3


def test_one_step_per_run_even_when_long_overdue(province, overdue):
    remind(dt.date(2026, 2, 20))
    overdue.refresh_from_db()
    assert overdue.reminder_level == 1


def test_a_dry_run_writes_nothing(province, overdue):
    result = remind(dt.date(2026, 1, 13), dry_run=True)
    assert any(overdue.tracking_code in p.body for p in result.plan)
    overdue.refresh_from_db()
    assert overdue.reminder_level == 0 and not _feedback_reminders().exists()


def test_an_answered_item_is_not_urged(province, overdue):
    from giamsat.feedback.services import feedback_answer

    feedback_answer(user=province["users"]["focal_culture"], feedback=overdue, answer="Đã trả lời")
    remind(dt.date(2026, 1, 13))
    assert not _feedback_reminders().exists()


def test_the_reminder_log_and_its_preview_show_feedback_urging(client, province, overdue):
    with time_machine.travel(dt.datetime(2026, 1, 13, 9, tzinfo=dt.timezone(dt.timedelta(hours=7)))):
        client.force_login(province["users"]["office"])  # in the travelled time: sessions expire
        preview = client.get("/bao-cao/don-doc/?xem_truoc=1").content.decode()
    assert "Đôn đốc trả lời 1 phản ánh, kiến nghị quá hạn" in preview
    remind(dt.date(2026, 1, 13))
    client.force_login(province["users"]["focal_culture"])
    page = client.get("/bao-cao/don-doc/").content.decode()
    assert "Đôn đốc trả lời 1 phản ánh" in page
