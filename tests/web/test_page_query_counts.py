"""Every page a person opens (the list of bench/pages.py, issue #25) answers in a bounded number of queries
on a synthetic province, for the role that opens it: a page that starts querying per row fails here."""

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 6, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
# The most queries each page may make (measured on the small synthetic country, with a little room). The
# logged-in frame itself is one query (tests/web/test_logged_in_frame.py); an agency's scope adds one.
MAX_QUERIES = {
    "logged-in floor (frame)": 1,  # the ask page: the frame alone (ADR 0051)
    "profile page": 5,  # its cards: API tokens, notification channels, calendar address
    "home /": 3,
    "task list": 12,
    "task list, overdue": 13,
    "task list, page 5": 12,
    "task list, one organization": 12,
    "task list, search": 12,
    "agency task list": 13,
    "agency task list, page 2": 13,
    "agency task list, overdue": 14,
    "task detail (≈150 updates)": 16,
    "task detail, own task": 17,
    "document page": 5,  # its figures and cascade a snapshot (ADR 0046)
    "documents list": 6,
    "organization page": 9,
    "organizations list": 5,
    "indicator list": 10,
    "indicator list, page 2": 10,
    "indicator list, off track": 10,
    "indicator detail": 8,
    "indicator detail, another's published": 8,
    "reports (mine)": 18,
    "reporting board": 16,
    "province dashboard": 3,
    "province dashboard, cold": 40,
    "home /, cold": 40,
    "early warnings, cold": 40,
    "early warnings": 30,
    "search": 14,
    "metrics API": 3,
    "data quality": 4,
    "evaluation list": 6,
    "feedback inbox": 9,
    "outreach summary": 9,
    "reorganization preview": 10,
    "ask page": 2,
    "public page": 8,
    "feedback public form": 2,
    "a report": 8,
    "agency dashboard": 3,
    "agency dashboard, cold": 40,
    "evaluation ranking": 12,
    "feedback public lookup": 3,
}


def _bench_pages():
    spec = importlib.util.spec_from_file_location(
        "bench_pages", Path(__file__).resolve().parents[2] / "bench" / "pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_page_of_every_role_in_bounded_queries(client, settings):
    from giamsat.accounts.models import User
    from giamsat.synth import SCALES, generate

    settings.GIAMSAT_DEMO_MODE = True  # the synthetic users are demo accounts (ADR 0015)
    bench = _bench_pages()
    with time_machine.travel(DAY, tick=True):
        generate(SCALES["small"], seed=5, as_of=DAY.date())
        users = bench.people()
        measured, over = {}, {}
        for page in bench.pages(users):
            client.logout()
            if page.role != "anonymous":
                client.force_login(User.objects.get(username=users[page.role]))
            client.get(page.path)  # the first view computes snapshots and moves the session's expiry on
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(page.path)
            assert response.status_code == 200, (page, response.status_code)
            measured[(page.label, page.role)] = n = len(ctx.captured_queries)
            if n > MAX_QUERIES[page.label]:
                over[(page.label, page.role)] = (n, [q["sql"][:120] for q in ctx.captured_queries])
    assert not over, over
    assert len(measured) >= 40, measured  # every page of the list was opened
