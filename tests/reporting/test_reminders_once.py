"""Each reminder is sent once, whoever runs the job (ADR 0037): a unique key per day, kind, agency, period or
task, channel and recipient; two senders at once (PostgreSQL: two threads, two connections) and a resend of the
same plan send nothing twice; two period openers at once never fail."""

import datetime as dt
import threading
from collections import Counter

import pytest
import time_machine
from django.db import connection

from giamsat.reporting.models import Notification, Reminder, ReportingPeriod
from giamsat.reporting.reminders import remind, reminders_plan, reminders_send

TZ = dt.timezone(dt.timedelta(hours=7))
DAY = dt.datetime(2026, 1, 12, 7, 0, tzinfo=TZ)


def _deliveries():
    return Counter(Reminder.objects.values_list("period", "task", "organization", "kind", "channel", "recipient",
                                                "address"))


@pytest.mark.django_db
def test_the_same_plan_sent_twice_sends_it_once(province, rule, head_science):
    with time_machine.travel(DAY):
        from giamsat.reporting.period_services import periods_open

        periods_open()
        plan = reminders_plan()
        assert len(plan) >= 6
        first = reminders_send(plan)
        notified = Notification.objects.count()
        again = reminders_send(plan)  # a second runner that planned before the first committed
    assert first and again == []
    assert Notification.objects.count() == notified
    assert max(_deliveries().values()) == 1
    assert all(r.key for r in first) and len({r.key for r in first}) == len(first)


@pytest.mark.django_db
def test_the_next_day_may_urge_again(province, rule, head_science, settings):
    """The key holds the day: an overdue reminder repeated a week later is a new reminder."""
    settings.GIAMSAT_REMIND_REPEAT_DAYS = 1
    with time_machine.travel(DAY):
        first = remind()
    with time_machine.travel(DAY + dt.timedelta(days=1)):
        second = remind()
    assert {r.kind for r in second.sent} >= {"overdue"}
    assert not {r.key for r in first.sent} & {r.key for r in second.sent}


def _concurrently(target, n: int = 2) -> list:
    """Run `target()` in `n` threads released together, each on its own connection."""
    barrier, results, errors = threading.Barrier(n), [], []

    def run():
        try:
            barrier.wait(timeout=30)
            results.append(target())
        except Exception as exc:  # noqa: BLE001 - reported below, with the thread's exception
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == [], errors
    return results


@pytest.mark.django_db(transaction=True)
def test_remind_run_twice_at_once_sends_each_reminder_once(province, rule, head_science):
    """Two runners of the whole job (periods opened, then reminders) at the same moment on PostgreSQL, without
    the command's job lock: the period opening takes turns and the reminder keys let one of them send."""
    if connection.vendor != "postgresql":
        pytest.skip("two connections writing at once need PostgreSQL")
    with time_machine.travel(DAY, tick=True):
        results = _concurrently(remind)
    planned = [r for r in results if r.plan]
    assert planned, "nothing was due: the test would prove nothing"
    deliveries = _deliveries()
    assert deliveries and max(deliveries.values()) == 1  # each reminder once
    assert sum(len(r.sent) for r in results) == Reminder.objects.count()
    notes = Counter(Notification.objects.values_list("user", "message"))
    assert max(notes.values()) == 1  # nobody notified twice of the same thing
    periods = Counter(ReportingPeriod.objects.values_list("rule", "key"))
    assert max(periods.values()) == 1 and sum(len(r.opened) for r in results) == len(periods)


@pytest.mark.django_db(transaction=True)
def test_two_period_openers_at_once_both_succeed(province, rule):
    if connection.vendor != "postgresql":
        pytest.skip("two connections writing at once need PostgreSQL")
    from giamsat.reporting.period_services import periods_open

    results = _concurrently(lambda: periods_open(DAY.date()), n=3)
    opened = sum(len(r.opened) for r in results)
    assert opened == ReportingPeriod.objects.count() > 0
