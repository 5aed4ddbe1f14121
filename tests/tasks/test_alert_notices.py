"""The three alert levels are notified by the reminder job (`giamsat remind`, issue #16): yellow to the lead
agency, red to its head, special red to the office — once per task, level and due date."""

import datetime as dt

import pytest
from django.core import mail

from giamsat.reporting.models import Notification, Reminder
from giamsat.reporting.reminders import remind
from giamsat.tasks.models import AlertNotice, Task
from giamsat.tasks.summary import refresh_statuses

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def alerts(province):
    from giamsat.accounts.models import User
    from giamsat.organizations.models import Organization

    tasks, users = province["tasks"], province["users"]
    for key, due in {"culture": D(2026, 1, 10), "science": D(2026, 1, 12), "both": D(2026, 1, 5)}.items():
        Task.objects.filter(pk=tasks[key].pk).update(due_date=due, deadline_kind="date")
    refresh_statuses([t.pk for t in tasks.values()])
    for key in ("focal_culture", "head_culture", "focal_science", "office"):
        User.objects.filter(pk=users[key].pk).update(email=f"{users[key].username}@laichau.gov.vn")
    Organization.objects.filter(pk=province["orgs"]["science"].pk).update(email="skhcn@laichau.gov.vn")
    return province


def _notices(user, word):
    return list(Notification.objects.filter(user=user, message__startswith=word).values_list("message", flat=True))


def _alert_reminders():
    return Reminder.objects.filter(task__isnull=True, period__isnull=True, message__startswith="Cảnh báo")


def test_each_level_reaches_its_recipients(alerts):
    users, today = alerts["users"], D(2026, 1, 10)
    remind(today)
    # Yellow (science's task, 2 days left, no product): the agency's users and its mailbox.
    assert _notices(users["focal_science"], "Cảnh báo vàng")
    yellow = [m for m in mail.outbox if "Cảnh báo vàng" in m.subject]
    assert {a for m in yellow for a in m.to} == {"skhcn@laichau.gov.vn",
                                                 f"{users['focal_science'].username}@laichau.gov.vn"}
    assert "Xây dựng nền tảng dữ liệu" in yellow[0].body
    # Red (culture's task due today): the head of the culture department, not its focal point.
    assert _notices(users["head_culture"], "Cảnh báo đỏ:")
    assert not _notices(users["focal_culture"], "Cảnh báo đỏ:")
    red = [m for m in mail.outbox if m.subject.startswith("[giamsat] Cảnh báo đỏ:")]
    assert [m.to for m in red] == [[f"{users['head_culture'].username}@laichau.gov.vn"]]
    # Special red (the shared task, 5 days late): the office, once per lead agency's digest.
    office = _notices(users["office"], "Cảnh báo đỏ đặc biệt")
    assert len(office) == 2 and not _notices(users["head_culture"], "Cảnh báo đỏ đặc biệt")
    assert set(AlertNotice.objects.values_list("task_id", "level")) == {
        (alerts["tasks"]["science"].pk, "yellow"), (alerts["tasks"]["culture"].pk, "red"),
        (alerts["tasks"]["both"].pk, "special_red"),
    }


def test_once_per_task_and_level(alerts):
    users = alerts["users"]
    remind(D(2026, 1, 10))
    sent, mails = _alert_reminders().count(), len(mail.outbox)
    remind(D(2026, 1, 10))  # run again the same day
    remind(D(2026, 1, 11))  # and the next: no level changed
    assert _alert_reminders().count() == sent
    assert not [m for m in mail.outbox[mails:] if "Cảnh báo" in m.subject]
    # 13/01: culture's task is 3 days late — special red, a new level: the office hears of it, once.
    remind(D(2026, 1, 13))
    assert AlertNotice.objects.filter(task=alerts["tasks"]["culture"], level="special_red").count() == 1
    assert len(_notices(users["office"], "Cảnh báo đỏ đặc biệt")) == 3
    remind(D(2026, 1, 14))
    assert len(_notices(users["office"], "Cảnh báo đỏ đặc biệt")) == 3


def test_a_new_due_date_is_a_new_alert_and_a_product_stops_yellow(alerts):
    from giamsat.tasks.models import Evidence, ProgressUpdate

    remind(D(2026, 1, 10))
    task = alerts["tasks"]["science"]
    Task.objects.filter(pk=task.pk).update(due_date=D(2026, 1, 11))  # a deadline adjusted: a new alert
    refresh_statuses([task.pk])
    remind(D(2026, 1, 10))
    assert AlertNotice.objects.filter(task=task, level="yellow").count() == 2
    update = ProgressUpdate.objects.create(task=task, organization=alerts["orgs"]["science"],
                                           reported_on=D(2026, 1, 10), state="in_progress", is_lead=True)
    Evidence.objects.create(update=update, link="https://laichau.gov.vn/san-pham")
    Task.objects.filter(pk=task.pk).update(due_date=D(2026, 1, 12))
    refresh_statuses([task.pk])
    remind(D(2026, 1, 10))  # a product is reported: no yellow, even for a new date
    assert AlertNotice.objects.filter(task=task, level="yellow").count() == 2


def test_a_dry_run_sends_and_records_nothing(alerts):
    result = remind(D(2026, 1, 10), dry_run=True)
    assert any(p.subject.startswith("Cảnh báo đỏ đặc biệt") for p in result.plan)
    assert not AlertNotice.objects.exists() and not _alert_reminders().exists()


def test_a_dissolved_lead_is_not_notified(alerts):
    from giamsat.organizations.models import Organization

    Organization.objects.filter(pk=alerts["orgs"]["science"].pk).update(valid_to=D(2026, 1, 1))
    remind(D(2026, 1, 10))
    assert not _notices(alerts["users"]["focal_science"], "Cảnh báo")
    assert not AlertNotice.objects.filter(task=alerts["tasks"]["science"]).exists()
