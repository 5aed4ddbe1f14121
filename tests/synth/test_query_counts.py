"""The task list (API and page) and the home page answer in a constant number of queries whatever the data
size: measured on the small synthetic country and on one with three times the tasks, for a national leader
(who sees everything), a department and a commune (who see their own tasks).

The day is 20/06/2026, ten days before many deadlines ("Tháng 6/2026", "Quý 2/2026"), so that every list on
these pages has rows in both measurements (an empty list saves its prefetch queries and would hide a
difference)."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 6, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
URLS = [
    "/api/v1/tasks?limit=50",
    "/api/v1/tasks?limit=50&status=in_progress",
    "/api/v1/tasks?limit=50&status=overdue",
    "/nhiem-vu/",
    "/nhiem-vu/?status=overdue",
    "/",
]
USERS = ["syn.lanhdao", "syn.ha-noi.skhcn", "syn.ha-noi.x001"]


def _rows(response) -> list[int]:
    """How many rows each list of the answer shows (the guard that nothing was empty)."""
    if response["Content-Type"].startswith("application/json"):
        return [len(response.json()["items"])]
    context = response.context
    if "shown" in context:  # the task list's rows are a kept fragment (ADR 0045): it says how many
        return [context["shown"]]
    if "page" in context:
        return [len(context["page"].object_list)]
    return [len(context["overdue"]), len(context["soon"])]


def _measure(client) -> tuple[dict, dict]:
    from giamsat.accounts.models import User

    queries, rows = {}, {}
    for username in USERS:
        client.force_login(User.objects.get(username=username))
        for url in URLS:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, (username, url, response.status_code)
            queries[(username, url)] = len(ctx.captured_queries)
            rows[(username, url)] = _rows(response)
    return queries, rows


@pytest.fixture
def june_day():
    with time_machine.travel(DAY, tick=True):
        yield DAY.date()


def test_task_lists_and_home_do_a_constant_number_of_queries(client, june_day, settings):
    from giamsat.synth import SCALES, generate

    settings.GIAMSAT_DEMO_MODE = True  # the synthetic users are demo accounts (ADR 0015)

    measured = []
    for scale in (SCALES["small"], SCALES["small"].times(3)):
        savepoint = transaction.savepoint()
        result = generate(scale, seed=5, as_of=june_day)
        measured.append((result.counts["tasks.Task"], *_measure(client)))
        transaction.savepoint_rollback(savepoint)
        caches["default"].clear()  # the menu's cached unread counts were of rows rolled back (ids are reused)
    (small_tasks, small, small_rows), (large_tasks, large, large_rows) = measured
    assert large_tasks > 2.5 * small_tasks
    empty = {k: v for k, v in {**small_rows, **large_rows}.items() if not all(v)}
    assert not empty, empty  # every list has rows in both measurements
    assert large == small, {k: (small[k], large[k]) for k in small if small[k] != large[k]}
    assert max(small.values()) <= 40, small  # a sanity bound; the point is that the counts do not grow
