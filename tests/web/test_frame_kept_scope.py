"""An agency user's scope (its organization and the units merged into it, ADR 0032) checked against a stamp in
the shared cache (ADR 0055): its kept pages cost no query, and every way successions are written — the
services, a reorganization and its revert, bulk writes, a deletion that cascades, a commit after a read
meanwhile, a rollback — shows on the very next page. The organization tree (parents, new units) is no part
of a scope: agencies never see another's rows through it. tests/organizations/test_scope_other_process.py
runs the write in another process sharing Redis."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

MERGED = dt.date(2025, 3, 1)  # a succession in force (the tests' today is later)
KEPT_PAGES = ("/nhiem-vu/", "/nhiem-vu/?status=not_started", "/", "/hoi-dap/")


def _page(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def _sees(client, task) -> bool:
    """Both ways an agency meets a task: its kept task list and the task itself (the API answers 404)."""
    listed = task.name in _page(client, "/nhiem-vu/")[0]
    opened = client.get(f"/api/v1/tasks/{task.pk}").status_code == 200
    assert listed == opened, (task.name, listed, opened)
    return listed


@pytest.fixture
def merge(province, django_capture_on_commit_callbacks):
    """Sở KH&CN's work passed to Sở VHTTDL; each write committed (the callbacks run) before the next page."""
    from giamsat.organizations.services import organization_succeed

    def merge_science_into_culture():
        with django_capture_on_commit_callbacks(execute=True):
            return organization_succeed(predecessors=[province["orgs"]["science"]],
                                        successor=province["orgs"]["culture"], effective_date=MERGED)
    return merge_science_into_culture


def test_an_agencys_kept_pages_cost_no_query(client, province):
    client.force_login(province["users"]["focal_culture"])
    for path in KEPT_PAGES:
        first, _ = _page(client, path)
        again, queries = _page(client, path)
        assert queries == [], (path, queries)  # the user, the scope, the rows: all kept
    own = province["tasks"]["culture"]
    _page(client, f"/nhiem-vu/{own.pk}/")
    assert len(_page(client, f"/nhiem-vu/{own.pk}/")[1]) <= 4  # the task's own reads, no scope version


def test_a_merge_by_the_service_widens_the_scope_on_the_next_page(client, province, merge):
    science_only = province["tasks"]["science"]
    client.force_login(province["users"]["focal_culture"])
    assert not _sees(client, science_only)
    merge()
    assert _sees(client, science_only)
    for path in KEPT_PAGES:  # kept again under the new scope
        _page(client, path)
        assert _page(client, path)[1] == [], path


def test_the_successor_gains_and_the_predecessor_keeps_only_its_own(client, province, merge):
    """The merge widens the successor's scope alone: the merged unit's users see no more than before."""
    culture_only = province["tasks"]["culture"]
    client.force_login(province["users"]["focal_science"])
    assert _sees(client, culture_only)  # Sở KH&CN coordinates it
    merge()
    assert _sees(client, culture_only)
    from giamsat.tasks.models import Task, TaskAssignment

    private = Task.objects.create(document=province["doc"], name="Việc riêng của Sở VHTTDL")
    TaskAssignment.objects.create(task=private, organization=province["orgs"]["culture"], role="lead")
    assert not _sees(client, private)


def test_bulk_writes_of_successions_show_on_the_next_page(client, province, django_capture_on_commit_callbacks):
    from giamsat.organizations.models import Succession

    science_only = province["tasks"]["science"]
    culture, science = province["orgs"]["culture"], province["orgs"]["science"]
    client.force_login(province["users"]["focal_culture"])
    assert not _sees(client, science_only)
    with django_capture_on_commit_callbacks(execute=True):
        Succession.objects.bulk_create([Succession(predecessor=science, successor=culture, effective_date=MERGED)])
    assert _sees(client, science_only)
    with django_capture_on_commit_callbacks(execute=True):  # in force only next year: withdrawn today
        Succession.objects.filter(successor=culture).update(effective_date=dt.date(2099, 1, 1))
    assert not _sees(client, science_only)
    with django_capture_on_commit_callbacks(execute=True):
        rows = list(Succession.objects.filter(successor=culture))
        for row in rows:
            row.effective_date = MERGED
        Succession.objects.bulk_update(rows, ["effective_date"])
    assert _sees(client, science_only)
    with django_capture_on_commit_callbacks(execute=True):
        Succession.objects.filter(successor=culture).delete()
    assert not _sees(client, science_only)


def test_a_write_by_another_process_shows_on_the_next_kept_page(client, province):
    """What another process's write leaves here: the rows in the database and a new stamp in the shared cache,
    no signal in this process (tests/organizations/test_scope_other_process.py runs one for real on Redis)."""
    from giamsat.core.frame import renew_stamp
    from giamsat.organizations.models import Succession
    from giamsat.organizations.selectors import SCOPE_STAMP_KEY

    science_only = province["tasks"]["science"]
    client.force_login(province["users"]["focal_culture"])
    assert not _sees(client, science_only)
    assert _page(client, "/nhiem-vu/")[1] == []
    Succession._base_manager.bulk_create([Succession(predecessor=province["orgs"]["science"],
                                                     successor=province["orgs"]["culture"], effective_date=MERGED)])
    assert _page(client, "/nhiem-vu/")[1] == []  # nothing here knows yet: the memo and the rows kept
    renew_stamp(SCOPE_STAMP_KEY)  # that process's `scope_version_bump`, in the cache both share
    assert _sees(client, science_only)


def test_a_saved_and_a_deleted_succession_show_on_the_next_page(client, province, merge,
                                                                 django_capture_on_commit_callbacks):
    science_only = province["tasks"]["science"]
    client.force_login(province["users"]["focal_culture"])
    (succession,) = merge()
    assert _sees(client, science_only)
    with django_capture_on_commit_callbacks(execute=True):
        succession.effective_date = dt.date(2099, 1, 1)  # an administrator corrects the date (the admin saves)
        succession.save()
    assert not _sees(client, science_only)
    with django_capture_on_commit_callbacks(execute=True):
        succession.effective_date = MERGED
        succession.save()
    assert _sees(client, science_only)
    with django_capture_on_commit_callbacks(execute=True):
        succession.delete()
    assert not _sees(client, science_only)


def test_a_reorganization_and_its_revert_show_on_the_next_page(client, province, django_capture_on_commit_callbacks):
    """The reorganization service (recorded and applied, then reverted): the successor's agency sees the
    merged unit's finished task, which stays with it (history), then no longer."""
    from giamsat.core.actors import SYSTEM
    from giamsat.documents.models import Document
    from giamsat.organizations.reorganize import ReorganizationInput, reorganization_record, reorganization_revert
    from giamsat.organizations.services import organization_create
    from giamsat.tasks.models import ProgressUpdate
    from giamsat.tasks.services import task_create
    from giamsat.tasks.summary import refresh_statuses

    old = organization_create(name="Sở Thông tin và Truyền thông", kind="department", code="stttt")
    doc = Document.objects.create(doc_type="Kế hoạch", number="2/KH", title="Kế hoạch thử",
                                  issuer=province["orgs"]["ubnd"])
    history = task_create(actor=SYSTEM, document=doc, name="Hội nghị đã tổ chức của sở cũ",
                          deadline_text="Năm 2024", leads=[old])
    ProgressUpdate.objects.create(task=history, organization=old, reported_on=dt.date(2024, 5, 1), state="done")
    refresh_statuses([history.pk])
    client.force_login(province["users"]["focal_science"])
    assert not _sees(client, history)
    with django_capture_on_commit_callbacks(execute=True):
        reorg = reorganization_record(user=SYSTEM, data=ReorganizationInput(
            kind="merge", predecessor_ids=[old.pk], successor_ids=[province["orgs"]["science"].pk],
            effective_date=MERGED, document_number="99/QĐ-UBND"))
    assert _sees(client, history)
    with django_capture_on_commit_callbacks(execute=True):
        reorganization_revert(user=SYSTEM, reorg=reorg, note="Nhập nhầm")
    assert not _sees(client, history)


def test_deleting_a_merged_unit_withdraws_it_on_the_next_page(client, province, merge,
                                                              django_capture_on_commit_callbacks):
    """An organization's deletion cascades to its successions (their signals renew the stamp): the next page
    computes the scope again, and lists what the agency sees without the deleted unit."""
    from giamsat.organizations.models import Succession
    from giamsat.organizations.services import organization_create, organization_succeed

    gone = organization_create(name="Trung tâm đã giải thể", code="ttgt")
    with django_capture_on_commit_callbacks(execute=True):
        organization_succeed(predecessors=[gone], successor=province["orgs"]["culture"], effective_date=MERGED)
    client.force_login(province["users"]["focal_culture"])
    _page(client, "/nhiem-vu/")
    assert _page(client, "/nhiem-vu/")[1] == []
    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()
    assert not Succession.objects.filter(predecessor_id=gone.pk).exists()
    _, queries = _page(client, "/nhiem-vu/")
    assert any("organizations_succession" in sql for sql in queries), queries  # the scope read again


def test_the_organization_tree_is_no_part_of_a_scope(client, province, django_capture_on_commit_callbacks):
    """A parent (by save or bulk update) or a new child unit gives an agency nothing of another's: scopes are
    the organization and the units merged into it, nothing else (accounts.access)."""
    from giamsat.organizations.models import Organization
    from giamsat.tasks.models import Task, TaskAssignment

    culture, science = province["orgs"]["culture"], province["orgs"]["science"]
    private = Task.objects.create(document=province["doc"], name="Việc riêng của Sở VHTTDL")
    TaskAssignment.objects.create(task=private, organization=culture, role="lead")
    client.force_login(province["users"]["focal_science"])
    assert not _sees(client, private)
    with django_capture_on_commit_callbacks(execute=True):
        culture.parent = science  # the parent by a save
        culture.save()
    assert not _sees(client, private)
    client.force_login(province["users"]["focal_culture"])
    science_only = province["tasks"]["science"]
    assert not _sees(client, science_only)
    with django_capture_on_commit_callbacks(execute=True):  # and by bulk updates
        Organization.objects.filter(pk=culture.pk).update(parent=None)
        Organization.objects.filter(pk=science.pk).update(parent=culture)
    assert not _sees(client, science_only)
    with django_capture_on_commit_callbacks(execute=True):
        child = Organization.objects.create(name="Trung tâm Văn hóa tỉnh", code="ttvh", parent=culture)
    child_task = Task.objects.create(document=province["doc"], name="Việc của trung tâm trực thuộc")
    TaskAssignment.objects.create(task=child_task, organization=child, role="lead")
    assert not _sees(client, child_task)
    assert _sees(client, private)


def _in_another_thread(function):
    """What a request served by another thread of this process would read (its own connection)."""
    out = {}

    def run():
        from giamsat.organizations import selectors

        try:
            selectors._request_started()
            out["value"] = function()
        except Exception as exc:  # said in the test's failure
            out["value"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    return out["value"]


@pytest.mark.django_db(transaction=True)
def test_a_scope_read_before_the_commit_is_never_served_after_it(province):
    """A request read during the writer's transaction sees the old scope and may keep it under the stamp the
    write set at once; the commit sets another. The writer's own thread sees its write at once; another
    thread is never served the writer's uncommitted closure."""
    from django.core.cache import caches

    from giamsat.core.frame import FRAME_CACHE_ALIAS
    from giamsat.organizations import selectors
    from giamsat.organizations.selectors import organization_lineage_ids
    from giamsat.organizations.services import organization_succeed

    culture, science = province["orgs"]["culture"], province["orgs"]["science"]
    cache = caches[FRAME_CACHE_ALIAS]
    selectors._request_started()
    assert organization_lineage_ids(culture.pk) == {culture.pk}
    before = cache.get(selectors.SCOPE_STAMP_KEY)
    with transaction.atomic():
        organization_succeed(predecessors=[science], successor=culture, effective_date=MERGED)
        during = cache.get(selectors.SCOPE_STAMP_KEY)
        assert during != before  # at once
        assert organization_lineage_ids(culture.pk) == {culture.pk, science.pk}  # the writer's own view
        if connection.vendor == "postgresql":  # SQLite locks the table the transaction wrote against readers
            assert _in_another_thread(lambda: organization_lineage_ids(culture.pk)) == {culture.pk}
    assert cache.get(selectors.SCOPE_STAMP_KEY) not in (before, during)  # and again on commit
    assert _in_another_thread(lambda: organization_lineage_ids(culture.pk)) == {culture.pk, science.pk}
    selectors._request_started()
    assert organization_lineage_ids(culture.pk) == {culture.pk, science.pk}


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_of_successions_is_never_served(province):
    from giamsat.organizations import selectors
    from giamsat.organizations.selectors import organization_lineage_ids
    from giamsat.organizations.services import organization_succeed

    culture, science = province["orgs"]["culture"], province["orgs"]["science"]
    with transaction.atomic():
        organization_succeed(predecessors=[science], successor=culture, effective_date=MERGED)
        assert organization_lineage_ids(culture.pk) == {culture.pk, science.pk}
        transaction.set_rollback(True)
    selectors._request_started()
    assert organization_lineage_ids(culture.pk) == {culture.pk}
    assert _in_another_thread(lambda: organization_lineage_ids(culture.pk)) == {culture.pk}


def test_without_the_cache_the_scope_version_is_read_on_every_page(client, province, settings, merge):
    """GIAMSAT_FRAME_CACHE_SECONDS=0: nothing kept, ADR 0032's one read of the version per request."""
    settings.GIAMSAT_FRAME_CACHE_SECONDS = 0
    client.force_login(province["users"]["focal_culture"])
    _page(client, "/nhiem-vu/")
    _, queries = _page(client, "/nhiem-vu/")
    assert sum("organizations_scopeversion" in sql for sql in queries) == 1, queries
    merge()
    assert _sees(client, province["tasks"]["science"])
