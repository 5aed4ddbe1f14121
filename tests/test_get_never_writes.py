"""GET requests never write (ADR 0020): a checksum of every table, before and after walking every page and
API route as every role, on the demo province seen weeks after it was built (every stored task status stale,
deadlines passed, an indicator's stored series missing), is the same.

Each client is signed in and has opened its profile page (which reads no derived data) before the first
checksum: the sliding session writes the session row at most once a minute (accounts.middleware), and the
walk runs with the clock stopped, so no table is left out of the comparison, django_session included.
"""

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from tests.routing import named_url_patterns

pytestmark = pytest.mark.django_db

BUILT = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
WALKED = BUILT + dt.timedelta(days=75)  # every status computed on BUILT is stale; Quý 1/2026 deadlines passed
ROLES = {  # the demo's users (demo/laichau.USERS), one per role; None: anonymous
    "anonymous": None, "focal": "svhttdl", "head": "ld-svhttdl", "office": "vanphong", "leader": "lanhdao",
    "inspector": "kiemtra", "admin": "quantri",
}
# Extra query strings: the pages' filters, status filters (the current status, computed where stale), the
# "recompute now" link, exports.
QUERIES = {
    "web:tasks": ["?status=overdue", "?status=warning", "?status=in_progress&q=chuyen+doi+so", "?page=2"],
    "api:tasks": ["?status=overdue", "?status=not_started", "?limit=5&offset=5"],
    "web:home": ["?tinh-lai=1"],
    "dashboard:leaders": ["?tinh-lai=1", "?months=6"],
    "api:dashboard_summary": ["?recompute=true"],
    "search:results": ["?q=so+hoa"],
    "api:search_api": ["?q=so+hoa"],
    "reporting:aggregate": ["?format=docx", "?format=xlsx"],
    "qa:ask": ["?q=nhiem+vu+nao+cua+So+Khoa+hoc+va+Cong+nghe+dang+qua+han", "?q=han+bao+cao+6+thang"],
    "qa:public_ask": ["?q=ty+trong+kinh+te+so"],
    "api:qa_ask": ["?q=so+nao+chu+tri+tuyen+truyen+tren+bao+chi", "?q=ty+le+dich+vu+cong+truc+tuyen"],
    "api:qa_public_ask": ["?q=hinh+thuc+tuyen+truyen"],
}
EXPORTS = [("tinh-trang", "csv"), ("nhom-giai-phap", "xlsx"), ("co-quan", "csv"), ("xu-huong", "csv"),
           ("qua-han", "xlsx"), ("sap-den-han", "csv"), ("bao-cao", "csv"), ("chi-tieu", "xlsx")]


def table_checksums() -> dict[str, tuple[int, str]]:
    """Table → (row count, sha256 of every row), for every table of the database (the same on SQLite and
    PostgreSQL: rows are read with SELECT * and hashed in a fixed order)."""
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
                          for row in cursor.fetchall())
            out[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


def _ids() -> dict[str, list[int]]:
    """Route argument → ids of real objects to fill it with (a few of each, other agencies' included)."""
    from giamsat.accounts.models import ApiToken
    from giamsat.documents.models import Document
    from giamsat.feedback.models import Feedback
    from giamsat.imports.models import ImportJob
    from giamsat.indicators.models import ExplanationRequest, Indicator, IndicatorValue
    from giamsat.organizations.models import Organization
    from giamsat.outreach.models import OutreachActivity
    from giamsat.reporting.models import Report, ReportingPeriod
    from giamsat.tasks.models import Evidence, Task

    def some(model, n=2):
        return list(model.objects.order_by("pk").values_list("pk", flat=True)[:n]) or [1]

    from giamsat.accounts.models import User
    from giamsat.calendars.services import feed_create

    # A calendar feed's real address (made before the first checksum), and one that is nobody's.
    secrets = [feed_create(user=User.objects.get(username="svhttdl")), "khong-co"]

    return {
        "task": some(Task, 3), "document": some(Document), "indicator": some(Indicator),
        "org": some(Organization),
        "report": some(Report), "period": some(ReportingPeriod), "value": some(IndicatorValue),
        "explanation": some(ExplanationRequest), "evidence": some(Evidence), "import": some(ImportJob),
        "token": some(ApiToken), "job": some(ImportJob),
        "feedback": some(Feedback, 4), "outreach": some(OutreachActivity),
        "secret": secrets,
        "code": list(Feedback.objects.order_by("pk").values_list("tracking_code", flat=True)[:3]) or ["PA"],
    }


def _kind(route: str, arg: str) -> str:
    """Which object a route's argument names (by the argument's or the route's name)."""
    if arg == "tracking_code":
        return "code"
    if arg == "secret":
        return "secret"
    if arg == "feedback_id" or (arg == "pk" and route.startswith(("feedback:", "outreach:"))):
        return "outreach" if route.startswith("outreach:") else "feedback"
    for word in ("task", "doc", "indicator", "org", "report", "period", "value", "explanation", "evidence",
                 "import", "job", "token"):
        if word in arg:
            return {"doc": "document"}.get(word, word)
    name = route.split(":", 1)[1]
    for word, kind in (("value_review", "value"), ("explanation_answer", "explanation"),
                       ("evidence", "evidence"), ("token", "token"), ("import", "import"), ("period", "period"),
                       ("report", "report"),
                       ("indicator", "indicator"), ("organization", "org"), ("document", "document"),
                       ("task", "task"), ("explanation", "indicator"), ("value", "indicator"),
                       ("edit", "indicator"), ("detail", "indicator")):
        if word in name:
            return kind
    return "task"


def get_urls() -> list[str]:
    """Every route (the URL resolver's, so a new one is walked the day it is added), with real ids."""
    ids = _ids()
    urls = []
    for name, pattern in named_url_patterns():
        if name == "dashboard:export":
            urls += [reverse(name, kwargs={"name": n, "fmt": f}) for n, f in EXPORTS]
            continue
        args = re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
        for n in range(max((len(ids[_kind(name, a)]) for a in args), default=1)):
            kwargs = {a: ids[_kind(name, a)][n % len(ids[_kind(name, a)])] for a in args}
            url = reverse(name, kwargs=kwargs)
            urls += [url] + [url + q for q in QUERIES.get(name, [])]
    return urls


@pytest.fixture
def stale_demo(settings, tmp_path, monkeypatch):
    from giamsat.indicators.models import Indicator

    settings.DATA_DIR = tmp_path
    settings.DEBUG = True
    monkeypatch.setenv("GIAMSAT_DEMO_PASSWORD", "Demo-mat-khau-2025")
    with time_machine.travel(BUILT, tick=False):
        call_command("demo")
    # An indicator whose stored series was never computed (as after an upgrade): readers compute it in memory.
    Indicator.objects.filter(pk=Indicator.objects.order_by("pk").values("pk")[:1]).update(series=None)


def test_no_get_route_changes_a_row(stale_demo, client_factory):
    from giamsat.accounts.models import User
    from giamsat.tasks.models import Task

    with time_machine.travel(WALKED, tick=False):
        assert Task.objects.exclude(status_as_of=WALKED.date()).count() == Task.objects.count() > 0
        clients = {}
        for role, username in ROLES.items():
            client = client_factory()
            if username:
                client.force_login(User.objects.get(username=username))
                # The session's one touch of the minute, on a page that reads no derived data.
                assert client.get(reverse("accounts:profile")).status_code == 200
            clients[role] = client
        urls = get_urls()
        before = table_checksums()
        answers = {}
        for role, client in clients.items():
            for url in urls:
                answers[(role, url)] = client.get(url).status_code
        after = table_checksums()
    changed = {t: (before[t], after.get(t)) for t in before if before[t] != after.get(t)}
    assert not changed, changed
    assert set(after) == set(before)
    # The walk read real pages as every role, not only refusals.
    ok = {role: sum(1 for (r, _), code in answers.items() if r == role and code == 200) for role in ROLES}
    assert ok["anonymous"] >= 3 and all(n >= 30 for r, n in ok.items() if r != "anonymous"), ok
    assert 500 not in answers.values(), [k for k, v in answers.items() if v == 500]


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def test_the_checksum_sees_a_change_of_one_field(province):
    """The comparison can fail: one changed field of one row changes its table's checksum, nothing else's."""
    from giamsat.tasks.models import Task

    before = table_checksums()
    Task.objects.filter(pk=province["tasks"]["culture"].pk).update(name="Tên khác")
    after = table_checksums()
    assert {t for t in before if before[t] != after[t]} == {Task._meta.db_table}
