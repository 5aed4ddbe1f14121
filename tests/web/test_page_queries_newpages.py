"""The new pages of this wave (issue #25, newpages): data quality, the reorganization page, the feedback inbox
and public pages, outreach, evaluation and ranking, the ask page and the public page answer in a bounded
number of queries that does not grow with their rows, on a synthetic province with every kind of row."""

import datetime as dt
import re

import pytest
import time_machine
from django import forms
from django.db import connection
from django.db.models import Count
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext

from giamsat.core.actors import SYSTEM
from giamsat.core.widgets import QuickSelectMultiple
from tests.bench_modules import bench_module

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 6, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))

# The most queries each page may make, for the role that opens it (measured on the small synthetic country,
# with a little room). The logged-in frame is one query; an agency's scope adds one.
BOUNDS = {
    ("/chat-luong-du-lieu/", "office"): 2,
    ("/sap-xep-co-quan/", "office"): 12,
    ("/phan-anh/", "office"): 6,
    ("/phan-anh/", "focal"): 6,
    ("/phan-anh-kien-nghi/", "anonymous"): 2,
    ("/tuyen-truyen/", "office"): 6,
    ("/tuyen-truyen/", "focal"): 7,
    ("/tuyen-truyen/tong-hop/", "office"): 6,
    ("/tuyen-truyen/tong-hop/", "focal"): 7,
    ("/danh-gia/", "office"): 3,
    ("/danh-gia/", "focal"): 4,
    ("ranking", "office"): 9,
    ("ranking", "focal"): 8,
    ("breakdown", "office"): 12,
    ("/hoi-dap/", "focal"): 2,
    ("/cong-khai/", "anonymous"): 0,  # kept per data version: no query at all for a visitor
    ("lookup", "anonymous"): 3,
}


def people() -> dict[str, str]:
    """bench/pages.py's users: the office, a leader, the busiest agency's focal point and head."""
    return bench_module("pages").people()


@pytest.fixture
def country(settings):
    """The small synthetic country with outreach activities, a published department evaluation and an
    applied merger of two units."""
    from giamsat.accounts.models import Role, User
    from giamsat.evaluation.services import evaluation_publish, evaluation_run
    from giamsat.organizations.models import Organization
    from giamsat.organizations.reorganize import ReorganizationInput, reorganization_record
    from giamsat.outreach.models import OutreachActivity, OutreachChannel
    from giamsat.synth import SCALES, generate

    settings.GIAMSAT_DEMO_MODE = True  # the synthetic users are demo accounts (ADR 0015)
    with time_machine.travel(DAY, tick=True):
        generate(SCALES["small"], seed=5, as_of=DAY.date())
        orgs = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
        # The channels a data migration writes (a transactional test run earlier on this worker may have emptied
        # the table).
        channels = list(OutreachChannel.objects.values_list("pk", flat=True)) or [
            OutreachChannel.objects.create(code=f"kenh-{i}", name=f"Kênh {i}").pk for i in range(3)]
        OutreachActivity.objects.bulk_create([
            OutreachActivity(organization_id=orgs[i % len(orgs)], channel_id=channels[i % len(channels)],
                             title=f"Tuyên truyền số {i}", date=DAY.date() - dt.timedelta(days=i), quantity=i + 1,
                             reach=10 * i or None) for i in range(120)])
        evaluation = evaluation_publish(actor=SYSTEM, evaluation=evaluation_run(
            actor=SYSTEM, period="2026-Q1", level="department", as_of=dt.date(2026, 3, 31)))
        office = User.objects.filter(role=Role.OFFICE, is_active=True).order_by("pk").first()
        kind = (Organization.objects.filter(valid_to__isnull=True).values_list("kind", flat=True)
                .annotate(n=Count("pk")).order_by("-n").first())
        units = list(Organization.objects.filter(valid_to__isnull=True, kind=kind).order_by("-pk")[:3])
        reorganization_record(user=office, data=ReorganizationInput(
            kind="merge", predecessor_ids=[units[0].pk, units[1].pk], successor_ids=[units[2].pk],
            effective_date=DAY.date(), document_number="12/QĐ-UBND"))
        yield {"evaluation": evaluation}


def _paths(users, evaluation) -> dict:
    from giamsat.accounts.models import User
    from giamsat.feedback.models import Feedback

    agency = User.objects.get(username=users["focal"]).organization_id
    shown = evaluation.results.order_by("rank").values_list("organization_id", flat=True).first()
    tracking = Feedback.objects.order_by("pk").values_list("tracking_code", flat=True).first()
    return {"ranking": f"/danh-gia/{evaluation.pk}/", "breakdown": f"/danh-gia/{evaluation.pk}/don-vi/{shown}/",
            "lookup": f"/phan-anh-kien-nghi/tra-cuu/?ma={tracking}", "agency": agency}


def _count(client, path) -> tuple[int, object]:
    client.get(path)  # the first view computes what is kept and moves the session's expiry on
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    return len(ctx.captured_queries), response


def _sign_in(client, users, role):
    from giamsat.accounts.models import User

    client.logout()
    if role != "anonymous":
        client.force_login(User.objects.get(username=users[role]))


def test_every_new_page_in_bounded_queries(client, country):

    with time_machine.travel(DAY, tick=True):
        users = people()
        paths = _paths(users, country["evaluation"])
        over = {}
        for (key, role), most in BOUNDS.items():
            _sign_in(client, users, role)
            n, response = _count(client, paths.get(key, key))
            assert response.status_code == 200, (key, role, response.status_code)
            if n > most:
                over[(key, role)] = n
    assert not over, over


def test_the_outreach_summary_reads_the_channels_once(client, country):
    """It read the channel list again for every channel that had activities (13 queries at province scale)."""
    from giamsat.outreach.models import OutreachActivity, OutreachChannel

    with time_machine.travel(DAY, tick=True):
        users = people()
        _sign_in(client, users, "office")
        first = OutreachChannel.objects.order_by("pk").first()
        OutreachActivity.objects.exclude(channel=first).update(channel=first)
        one, response = _count(client, "/tuyen-truyen/tong-hop/")
        assert first.name in response.content.decode()
        OutreachActivity.objects.filter(pk__in=OutreachActivity.objects.order_by("pk").values("pk")[:60]).update(
            channel=OutreachChannel.objects.order_by("-pk").first())
        assert OutreachActivity.objects.values("channel").distinct().count() == 2
        many, _ = _count(client, "/tuyen-truyen/tong-hop/")
    assert one == many


def test_the_ranking_and_the_lists_do_not_query_per_row(client, country):
    """The ranking's and the lists' rows are written from what one query read: fewer rows, the same count."""
    from giamsat.outreach.models import OutreachActivity

    with time_machine.travel(DAY, tick=True):
        users = people()
        paths = _paths(users, country["evaluation"])
        _sign_in(client, users, "office")
        before = {p: _count(client, p)[0] for p in (paths["ranking"], "/tuyen-truyen/", "/phan-anh/")}
        body = client.get("/tuyen-truyen/").content.decode()
        assert body.count('<td data-label="Kênh">') == 50  # a full first page, written in Python
        OutreachActivity.objects.filter(pk__in=OutreachActivity.objects.order_by("-date").values("pk")[3:]).delete()
        after = {p: _count(client, p)[0] for p in before}
        assert client.get("/tuyen-truyen/").content.decode().count('<td data-label="Kênh">') == 3
    assert before == after


def test_the_reorganization_page_reads_each_decisions_transfers_once(client, country):
    """The revert check read all of a decision's transfers once for every part (four queries a decision)."""
    from giamsat.organizations.models import Transfer

    with time_machine.travel(DAY, tick=True):
        users = people()
        _sign_in(client, users, "office")
        assert Transfer.objects.exists()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/sap-xep-co-quan/")
    assert response.status_code == 200 and "12/QĐ-UBND" in response.content.decode()
    transfers = [q["sql"] for q in ctx.captured_queries if 'FROM "organizations_transfer"' in q["sql"]]
    assert len(transfers) == 1, transfers
    every = 'SELECT "organizations_organization"."id", "organizations_organization"."name"'
    organizations = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith(every)]
    assert len(organizations) <= 1, organizations  # the three drop-downs share one read


def test_the_public_page_is_kept_until_the_data_changes(client, country):
    """Kept per data version: no query while nothing changed, the new figures right after a write."""
    from giamsat.accounts.models import Role, User
    from giamsat.dashboard.services import document_set_published
    from giamsat.documents.models import Document

    with time_machine.travel(DAY, tick=True):
        n, response = _count(client, "/cong-khai/")
        assert n == 0
        hidden = Document.objects.filter(is_published=False).exclude(number="").order_by("pk").first()
        assert hidden is not None and hidden.number not in response.content.decode()
        office = User.objects.filter(role=Role.OFFICE, is_active=True).order_by("pk").first()
        document_set_published(user=office, document=hidden, published=True)
        with CaptureQueriesContext(connection) as ctx:
            again = client.get("/cong-khai/")
    assert len(ctx.captured_queries) > 0  # computed again: the write renewed the version
    assert hidden.number in again.content.decode()


def test_the_data_quality_rows_are_written_once_a_data_version(client, country):
    with time_machine.travel(DAY, tick=True):
        users = people()
        _sign_in(client, users, "office")
        first = client.get("/chat-luong-du-lieu/").content.decode()
        n, second = _count(client, "/chat-luong-du-lieu/")
    def body(page):  # the page without its CSRF tokens, masked anew on each response
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)

    assert body(second.content.decode()) == body(first) and "Theo cơ quan" in first
    assert n <= 2  # the frame: the checks and their markup from the snapshot (dashboard.snapshots)


@pytest.mark.parametrize("value", [None, [], [3], ["3", "12"], [99]])
def test_quick_select_multiple_writes_djangos_markup(value):
    choices = [(3, "Sở Khoa học & Công nghệ"), (12, "<b>UBND</b> xã \"Tân Phong\"")]
    attrs = {"id": "id_predecessors"}
    quick = QuickSelectMultiple(choices=choices, attrs={"size": 8}).render("predecessors", value, attrs)
    django = forms.SelectMultiple(choices=choices, attrs={"size": 8}).render("predecessors", value, attrs)
    assert parse_html(quick) == parse_html(django)
    assert quick.count(" selected") == len([v for v in value or [] if str(v) in {"3", "12"}])
