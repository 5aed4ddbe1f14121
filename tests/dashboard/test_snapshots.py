"""Dashboard snapshots (ADR 0011): kept until the data changes, per scope and day, shown stale only within
the configured window and always with the time they were computed.

Every test runs twice: on per-process memory and on Redis, the shared cache of several nodes
(`GIAMSAT_CACHE_URL`), each run under its own key prefix. The Redis run is skipped only when no Redis server
answers at GIAMSAT_TEST_REDIS_URL (default redis://127.0.0.1:6379/0; .ci/run starts one)."""

import datetime as dt
import os
import re
import uuid

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giamsat.core.actors import SYSTEM
from giamsat.dashboard import snapshots
from giamsat.tasks.services import task_create
from tests.dashboard_page import with_parts

pytestmark = pytest.mark.django_db
REDIS_URL = os.environ.get("GIAMSAT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_or_skip():
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
    except Exception as exc:  # the package missing or no server: say which
        pytest.skip(f"no Redis server answers at {REDIS_URL} ({type(exc).__name__}: {exc})")
    return client


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def backend(request, settings):
    """The snapshots' cache alias on each backend; on Redis, keys under this test's prefix, removed after."""
    if request.param == "locmem":
        yield "locmem"
        return
    client = _redis_or_skip()
    prefix = f"giamsat-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {**settings.CACHES, "snapshots": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix}}
    snapshots._local.clear()
    yield "redis"
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)

# "Nhiệm vụ chủ trì" on an agency's pages: its figures count the tasks it leads (issue #16).
TOTAL = re.compile(r'<div class="n">(\d+)</div><div class="l">(?:Tổng số nhiệm vụ|Nhiệm vụ chủ trì)</div>')


def _total(response) -> int:
    assert response.status_code == 200
    return int(TOTAL.search(response.content.decode()).group(1))


def _opened_and_kept(client, path="/bang-dieu-khien/") -> int:
    """A person opens the page (its parts loaded after it, ADR 0059), then again: that view finds every part
    kept and keeps the page whole, from which the stale window counts. The total of tasks shown."""
    with_parts(client, client.get(path).content.decode())
    return _total(client.get(path))


def _add_task(province, name="Nhiệm vụ mới"):
    return task_create(actor=SYSTEM, document=province["doc"], number="9", name=name,
                       deadline_text="Năm 2026", leads=[province["orgs"]["science"]])


def test_kept_snapshot_is_served_without_recomputing(province, login):
    client = login(province["users"]["leader"])
    with CaptureQueriesContext(connection) as first:
        assert _total(client.get("/bang-dieu-khien/")) == 3
    with CaptureQueriesContext(connection) as second:
        page = client.get("/bang-dieu-khien/")
    assert _total(page) == 3
    assert "Số liệu tính lúc" not in page.content.decode()  # current: no notice
    # The second request reads the session, the user and the data version, nothing of the figures.
    assert len(second) < len(first) and not any("tasks_task" in q["sql"] for q in second.captured_queries)


def test_a_write_makes_the_next_request_recompute(province, login):
    client = login(province["users"]["leader"])
    assert _total(client.get("/bang-dieu-khien/")) == 3
    _add_task(province)
    assert _total(client.get("/bang-dieu-khien/")) == 4


def test_within_the_stale_window_the_page_says_when_it_was_computed(province, login, settings):
    settings.DASHBOARD_MAX_STALE = 600
    client = login(province["users"]["leader"])
    assert _opened_and_kept(client) == 3
    _add_task(province)
    stale = client.get("/bang-dieu-khien/?thang=12")  # another parameter: its own snapshot, computed now
    assert _total(stale) == 4
    stale = client.get("/bang-dieu-khien/")
    assert _total(stale) == 3
    assert "Số liệu tính lúc" in stale.content.decode() and "tinh-lai=1" in stale.content.decode()
    fresh = client.get("/bang-dieu-khien/?tinh-lai=1")
    assert _total(fresh) == 4 and "Số liệu tính lúc" not in fresh.content.decode()
    assert _total(client.get("/bang-dieu-khien/")) == 4  # the recomputed snapshot is kept


def test_stale_window_ends(province, login, settings):
    settings.DASHBOARD_MAX_STALE = 60
    client = login(province["users"]["leader"])
    assert _opened_and_kept(client) == 3
    _add_task(province)
    assert _total(client.get("/bang-dieu-khien/")) == 3
    with time_machine.travel(dt.datetime(2026, 1, 10, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=7)))):
        assert _total(client.get("/bang-dieu-khien/")) == 4


def test_scopes_do_not_share_snapshots(province, login):
    """The leader's figures are never shown to an agency, nor one agency's to another."""
    users = province["users"]
    assert _total(login(users["leader"]).get("/bang-dieu-khien/")) == 3
    culture = _total(login(users["focal_culture"]).get("/bang-dieu-khien/"))
    assert culture == 2  # its own task and the shared one (science's task is not its)
    other_user_same_org = login(users["head_culture"]).get("/bang-dieu-khien/")
    assert _total(other_user_same_org) == 2
    science = login(users["focal_science"]).get("/bang-dieu-khien/")
    assert _total(science) == 2  # lead of two; the culture task it coordinates is counted apart
    assert "Sở Khoa học và Công nghệ" in science.content.decode()
    assert "Sở Văn hóa" not in science.content.decode().split("Tình hình thực hiện")[1].split("</p>")[0]


def test_a_new_day_recomputes(province, login, settings):
    settings.DASHBOARD_MAX_STALE = 10**6
    client = login(province["users"]["leader"])
    assert "10/01/2026" in client.get("/bang-dieu-khien/").content.decode()
    with time_machine.travel(dt.datetime(2026, 1, 11, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))):
        client = login(province["users"]["leader"])  # yesterday's session has expired
        assert "11/01/2026" in client.get("/bang-dieu-khien/").content.decode()


def test_api_summary_says_when_and_whether_current(province, bearer, client, settings):
    settings.DASHBOARD_MAX_STALE = 600
    auth = bearer(province["users"]["leader"])
    first = client.get("/api/v1/dashboard/summary", **auth).json()
    assert first["current"] is True and first["tasks"]["total"] == 3
    _add_task(province)
    stale = client.get("/api/v1/dashboard/summary", **auth).json()
    assert stale["current"] is False and stale["tasks"]["total"] == 3
    assert stale["computed_at"] == first["computed_at"]
    fresh = client.get("/api/v1/dashboard/summary?recompute=true", **auth).json()
    assert fresh["current"] is True and fresh["tasks"]["total"] == 4


def test_forget_all_and_the_version(province):
    user = province["users"]["leader"]
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    today = dt.date(2026, 1, 10)
    version = snapshots.data_version()
    assert snapshots.snapshot("t", user, compute, today=today).value == 1
    assert snapshots.snapshot("t", user, compute, today=today).value == 1
    snapshots.forget_all()
    assert snapshots.snapshot("t", user, compute, today=today).value == 2
    _add_task(province)
    assert snapshots.data_version() != version
    assert snapshots.snapshot("t", user, compute, today=today).value == 3
    assert snapshots.snapshot("t", user, compute, today=today, params={"months": 12}).value == 4


def test_each_process_keeps_its_copy_until_data_or_generation_changes(province, monkeypatch):
    """A current snapshot is served from this process's copy, reading only the versions from the shared
    cache; another process's `forget_all` (a new generation) or a write (a new version) voids the copy."""
    user, today, calls = province["users"]["leader"], dt.date(2026, 1, 10), []

    def compute():
        calls.append(1)
        return len(calls)

    assert snapshots.snapshot("t", user, compute, today=today).value == 1
    shared_reads, backend = [], snapshots.store()
    real_get = backend.get
    monkeypatch.setattr(backend, "get", lambda key, *a, **k: shared_reads.append(key) or real_get(key, *a, **k))
    assert snapshots.snapshot("t", user, compute, today=today).value == 1
    # The figures came from this process's copy; only versions were read (locmem's get_many calls get).
    assert [key for key in shared_reads if ":version:" not in key] == []
    # Another process forgets every snapshot: the generation is renewed there, in the shared cache.
    backend.set(snapshots._version_key(snapshots.GENERATION), "another-process", None)
    assert snapshots.snapshot("t", user, compute, today=today).value == 2
    assert snapshots.snapshot("t", user, compute, today=today).value == 2
    _add_task(province)
    assert snapshots.snapshot("t", user, compute, today=today).value == 3


def test_a_write_renews_only_the_scopes_whose_rows_it_changes(province):
    """A progress update of Sở KH&CN renews the versions of the scopes that see its task (everyone who sees
    everything, Sở KH&CN), not Sở VHTTDL's; a report, its organization's; other writes, every snapshot's."""
    from giamsat.tasks.services import progress_update_create

    users, today, calls = province["users"], dt.date(2026, 1, 10), []

    def compute():
        calls.append(1)
        return len(calls)

    def value(user):
        return snapshots.snapshot("t", user, compute, today=today).value

    leader, culture = value(users["leader"]), value(users["focal_culture"])
    science = value(users["focal_science"])
    progress_update_create(user=users["focal_science"], task=province["tasks"]["science"],
                           state="in_progress", narrative="Đang triển khai")
    assert value(users["focal_culture"]) == culture  # not its task: its snapshot is still current
    assert value(users["leader"]) > leader and value(users["focal_science"]) > science
    culture_again = value(users["focal_culture"])
    _add_task(province)  # a new task: not attributed to organizations, every snapshot is computed again
    assert value(users["focal_culture"]) > culture_again


@pytest.mark.django_db(transaction=True)
def test_versions_are_renewed_when_the_write_commits(province):
    """A reader computing while a write is not committed yet cannot see it: the version it reads must not be
    the one after the write. Renewed on commit; a rolled-back write renews nothing."""
    from django.db import transaction

    from giamsat.tasks.services import progress_update_create

    user, task = province["users"]["focal_science"], province["tasks"]["science"]
    before = snapshots.data_version(user)
    with transaction.atomic():
        progress_update_create(user=user, task=task, state="in_progress", narrative="Đang triển khai")
        assert snapshots.data_version(user) == before
    after = snapshots.data_version(user)
    assert after != before
    with pytest.raises(RuntimeError), transaction.atomic():
        progress_update_create(user=user, task=task, state="in_progress", narrative="Lần nữa")
        raise RuntimeError("rolled back")
    assert snapshots.data_version(user) == after


def test_forget_all_keeps_what_is_not_a_snapshot():
    """The cache may be shared (Redis with other programs, the default alias): forgetting snapshots deletes
    nothing, it renews the generation."""
    store = snapshots.store()
    store.set("not-a-snapshot", "kept", None)
    generation = snapshots.versions([snapshots.GENERATION])
    snapshots.forget_all()
    assert store.get("not-a-snapshot") == "kept" and snapshots.versions([snapshots.GENERATION]) != generation


def test_home_page_figures_are_a_snapshot_too(province, login, settings):
    settings.DASHBOARD_MAX_STALE = 600
    client = login(province["users"]["leader"])
    assert _total(client.get("/")) == 3
    _add_task(province)
    stale = client.get("/")
    assert _total(stale) == 3 and "Số liệu tính lúc" in stale.content.decode()
    assert "Xin chào" in stale.content.decode()  # the personal parts are not from the snapshot
    fresh = client.get("/?tinh-lai=1")
    assert _total(fresh) == 4 and "Số liệu tính lúc" not in fresh.content.decode()
    # An agency's home page is its own: never the leader's figures.
    assert _total(login(province["users"]["focal_culture"]).get("/")) == 2


def test_a_new_document_reaches_the_home_page_kept_in_its_snapshot(province, login):
    """The newest documents are part of the home page's snapshot: one query less per view, and a document
    added (an audited write) makes the next view current again."""
    from giamsat.documents.services import document_create

    client = login(province["users"]["leader"])
    first = client.get("/").content.decode()
    assert province["doc"].title[:40] in first
    with CaptureQueriesContext(connection) as kept:
        client.get("/")
    assert not any("documents_document" in q["sql"] for q in kept.captured_queries)
    document_create(actor=province["users"]["office"], doc_type="Kế hoạch", number="99/KH-UBND",
                    title="Kế hoạch chuyển đổi số năm 2027", date=dt.date(2026, 1, 9))
    assert "Kế hoạch chuyển đổi số năm 2027" in client.get("/").content.decode()


def test_summary_api_answer_matches_its_schema(province, bearer, client):
    from giamsat.dashboard.api import SummaryOut

    auth = bearer(province["users"]["leader"])  # issuing a token is a write: one token for both reads
    body = client.get("/api/v1/dashboard/summary", **auth).json()
    parsed = SummaryOut.model_validate(body)
    assert parsed.tasks.total == 3 and parsed.current is True
    again = client.get("/api/v1/dashboard/summary", **auth).json()
    assert again == body  # the kept JSON is the same answer


def test_a_country_of_indicators_shows_the_hundred_needing_attention_first():
    from types import SimpleNamespace

    from giamsat.dashboard.views import INDICATORS_SHOWN, _indicators_shown

    def item(code, status):
        return SimpleNamespace(code=code, assessment=SimpleNamespace(status=status))

    few = [item(f"C{i:03d}", "achieved") for i in range(5)]
    assert _indicators_shown(few) is few  # a province's indicators: all, in their order
    statuses = ["achieved", "on_track", "no_data", "at_risk", "off_track"]
    many = [item(f"C{i:04d}", statuses[i % 5]) for i in range(1000)]
    shown = _indicators_shown(many)
    assert len(shown) == INDICATORS_SHOWN
    assert {i.assessment.status for i in shown} == {"off_track"}  # 200 off track: the first 100 by code
    assert [i.code for i in shown] == sorted(i.code for i in many if i.assessment.status == "off_track")[:100]


def test_the_daily_refresh_forgets_every_snapshot(province, login, settings):
    """What changes figures without an audit entry (here: a stored status edited behind the ORM's back, as a
    new version computing differently would) is shown after `giamsat refresh-statuses`."""
    from django.core.management import call_command

    from giamsat.tasks.models import Task

    settings.DASHBOARD_MAX_STALE = 10**6
    client = login(province["users"]["leader"])
    page = client.get("/bang-dieu-khien/").content.decode()
    assert "?status=cancelled" not in page
    Task.objects.filter(pk=province["tasks"]["science"].pk).update(status_code="cancelled")  # no audit entry
    assert "?status=cancelled" not in client.get("/bang-dieu-khien/").content.decode()  # the snapshot
    call_command("refresh-statuses", "--no-warm")  # recomputes the status too; the snapshot must not survive
    Task.objects.filter(pk=province["tasks"]["science"].pk).update(status_code="cancelled")
    assert "?status=cancelled" in client.get("/bang-dieu-khien/").content.decode()


def test_the_daily_refresh_computes_the_shared_dashboards_beforehand(province, login, settings):
    """After `giamsat refresh-statuses` the first leader of the day is served kept figures (computed by the
    command, from the data as it is then), not a computation: no task is read in the request."""
    from django.core.management import call_command

    settings.DASHBOARD_MAX_STALE = 0
    _add_task(province)  # four tasks now; nothing computed them yet
    call_command("refresh-statuses")
    client = login(province["users"]["office"])  # another user who sees everything: the same snapshots
    for url in ("/", "/bang-dieu-khien/"):
        with CaptureQueriesContext(connection) as first_view:
            assert _total(client.get(url)) == 4
        assert not any("tasks_task" in q["sql"] for q in first_view.captured_queries), url
    with CaptureQueriesContext(connection) as summary:
        answer = client.get("/api/v1/dashboard/summary").json()
    assert answer["tasks"]["total"] == 4 and answer["current"] is True
    assert not any("tasks_task" in q["sql"] for q in summary.captured_queries)
    for user in ("office", "leader"):  # the early warnings, kept per role (issue #25)
        client = login(province["users"][user])
        with CaptureQueriesContext(connection) as warnings:
            assert client.get("/canh-bao/").status_code == 200
        assert not any("tasks_task" in q["sql"] for q in warnings.captured_queries), user


@pytest.mark.django_db(transaction=True)
def test_past_the_window_the_stale_page_is_shown_while_a_thread_recomputes(province, login, settings):
    """Nobody waits for the country to be added up: the request past the window gets the stale page at once,
    one background computation runs (not two), and the next request finds current figures."""
    from django.db import connection

    if connection.vendor == "sqlite":
        # The test database is shared-cache in-memory SQLite, where a reading thread locks the tables the
        # request then writes (its session). A served SQLite file in WAL mode lets readers and a writer be.
        pytest.skip("threads on the in-memory test database lock each other's tables; tested on PostgreSQL")
    settings.DASHBOARD_MAX_STALE = 60
    settings.DASHBOARD_REFRESH_IN_BACKGROUND = True
    client = login(province["users"]["leader"])
    assert _opened_and_kept(client) == 3
    _add_task(province)
    started = []
    original = snapshots.refresh_in_background

    def spy(key, compute, version):
        thread = original(key, compute, version)
        started.append(thread)
        return thread

    later = dt.datetime(2026, 1, 10, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    with time_machine.travel(later), pytest.MonkeyPatch.context() as mp:
        mp.setattr(snapshots, "refresh_in_background", spy)
        stale = client.get("/bang-dieu-khien/")
        assert _total(stale) == 3 and "Số liệu tính lúc" in stale.content.decode()
        assert started and started[0] is not None
        started[0].join(timeout=30)
        assert _total(client.get("/bang-dieu-khien/")) == 4  # current now, computed by the thread
        assert "Số liệu tính lúc" not in client.get("/bang-dieu-khien/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_one_background_computation_per_snapshot_at_a_time():
    import threading

    release, calls = threading.Event(), []

    def slow():
        calls.append(1)
        release.wait(timeout=30)
        return "figures"

    first = snapshots.refresh_in_background("k", slow)
    assert first is not None
    assert snapshots.refresh_in_background("k", slow) is None  # this process is computing it
    release.set()
    first.join(timeout=30)
    assert calls == [1] and snapshots.store().get("k")[2] == "figures"
    again = snapshots.refresh_in_background("k", lambda: 1 / 0)  # a failure keeps what was kept
    again.join(timeout=30)
    assert snapshots.store().get("k")[2] == "figures"
    assert snapshots.refresh_in_background("k", lambda: "next") is not None  # nothing left marked


@pytest.mark.django_db(transaction=True)
def test_another_process_computing_a_snapshot_is_left_to_it():
    """On PostgreSQL one computation per snapshot in the whole cluster: while another connection holds the
    snapshot's advisory lock, this process computes nothing (SQLite serves one machine: not needed)."""
    import hashlib

    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; on SQLite a duplicate computation is accepted "
                    "(ADR 0011)")
    other = connections.create_connection("default")
    lock_id = int.from_bytes(hashlib.sha256(b"k2").digest()[:8], "big", signed=True)
    calls = []
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [lock_id])
        snapshots.refresh_in_background("k2", lambda: calls.append(1) or "figures").join(timeout=30)
        assert calls == [] and snapshots.store().get("k2") is None
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_id])
        snapshots.refresh_in_background("k2", lambda: calls.append(1) or "figures").join(timeout=30)
        assert calls == [1] and snapshots.store().get("k2")[2] == "figures"
    finally:
        other.close()


def test_organization_page_figures_are_a_snapshot_too(province, login):
    client = login(province["users"]["leader"])
    url = f"/co-quan/{province['orgs']['science'].pk}/"
    assert "Nhiệm vụ chủ trì, phối hợp (3)" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as again:
        page = client.get(url).content.decode()
    assert "Nhiệm vụ chủ trì, phối hợp (3)" in page and "Chỉ tiêu do đơn vị chịu trách nhiệm" in page
    assert not any("tasks_task" in q["sql"] or "indicators_" in q["sql"] for q in again.captured_queries)
    _add_task(province)
    assert "Nhiệm vụ chủ trì, phối hợp (4)" in client.get(url).content.decode()
    agency = login(province["users"]["focal_culture"])  # another scope: its own snapshot, tasks hidden
    assert "Bạn chỉ xem được nhiệm vụ của cơ quan mình" in agency.get(url).content.decode()
