"""Every page a person opens (the list of bench/pages.py, issue #25) answers in a bounded number of queries
on a synthetic province, for the role that opens it: a page that starts querying per row fails here."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.bench_modules import bench_module

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 6, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
# The most queries each page may make on its second view (measured on the small synthetic country, with one
# query of room). Since session 11 most warm pages are kept bodies behind a frame that makes no query (ADR
# 0055): 0 for the office, 1 for an agency (its scope). The cold and after-a-write cases compute their page.
MAX_QUERIES = {
    "logged-in floor (frame)": 1,
    "profile page": 5,  # its cards: API tokens, second factor, notification channels, calendar address
    "home /": 2,
    "task list": 1,
    "task list, overdue": 1,
    "task list, page 5": 1,
    "task list, one organization": 1,
    "task list, search": 1,
    "agency task list": 2,
    "agency task list, page 2": 2,
    "agency task list, overdue": 2,
    "agency task list, page 5": 2,
    "task detail (≈150 updates)": 2,
    "task detail, own task": 4,
    "document page": 4,  # the document and its sources; its figures and cascade kept (ADR 0046)
    "cascade page": 2,
    "documents list": 1,
    "organization page": 1,
    "organizations list": 1,
    "indicator list": 2,
    "indicator list, page 2": 1,
    "indicator list, off track": 1,
    "indicator detail": 3,
    "indicator detail, another's published": 3,
    "reports (mine)": 2,
    "reporting board": 1,
    "province dashboard": 1,
    # A cold dashboard computes the task figures; its parts not kept come after it (ADR 0059; 33 and 35 before).
    "province dashboard, cold": 16,
    "province dashboard, cold: reports part": 10,
    "province dashboard, cold: indicators part": 5,
    "home /, cold": 31,
    "early warnings, cold": 11,  # its indicators and missing reports after it (ADR 0059; 26 before)
    "early warnings, cold: its parts": 13,
    "early warnings: its parts": 2,  # kept: the open explanation requests are read each time
    "early warnings": 2,
    "early warnings, a list's page": 1,
    "search": 2,
    "search, progress updates only": 1,
    "search API": 1,
    "metrics API": 1,
    "data quality": 1,
    "data quality, all agencies": 1,
    "evaluation list": 2,
    "feedback inbox": 2,
    "outreach summary": 1,
    "reorganization preview": 1,
    "organization chooser API": 2,
    "ask page": 1,
    "public page": 1,
    "feedback public form": 1,
    "a report": 2,
    "agency dashboard": 2,
    "agency dashboard, cold": 17,
    "agency dashboard, cold: reports part": 10,
    "agency dashboard, cold: indicators part": 5,
    "province dashboard, after a write": 1,
    "agency dashboard, after a write": 2,
    "home /, after a write": 2,
    "early warnings, after a write": 1,
    "feedback public lookup": 3,  # the item by its tracking code and its replies
}



def test_every_page_of_every_role_in_bounded_queries(client, settings):
    from giamsat.accounts.models import User
    from giamsat.synth import SCALES, generate

    settings.GIAMSAT_DEMO_MODE = True  # the synthetic users are demo accounts (ADR 0015)
    bench = bench_module("pages")
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
