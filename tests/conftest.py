"""Shared fixtures: a small province with two agencies, a plan, tasks, and a user for every role.

Django models are imported inside the fixtures, so that tests/ingest can run without Django.
"""

import contextlib
import datetime as dt
from pathlib import Path

import pytest
import time_machine

from giamsat.core.actors import SYSTEM

PASSWORD = "Mat-khau-thu-nghiem-2025"
# The plans shipped with the demo: real documents, used as upload and extraction input.
DEMO_SAMPLES = Path(__file__).resolve().parents[1] / "src" / "giamsat" / "demo" / "samples"


@pytest.fixture(autouse=True)
def _test_settings(request, tmp_path):
    if not request.config.pluginmanager.hasplugin("django"):
        yield  # tests/ingest run without Django
        return
    settings = request.getfixturevalue("settings")
    # Rolled-back test transactions fire no signals: forget memoized successions between tests.
    from giamsat.organizations.selectors import forget_successions

    forget_successions()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GIAMSAT_AUDIT_ANCHOR = tmp_path / "audit-anchor.json"  # never the developer's data directory
    settings.AXES_ENABLED = False
    # Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Dashboard snapshots: kept per test process and forgotten between tests; shown only while current
    # unless a test says otherwise (tests/dashboard/test_snapshots.py runs them on Redis too).
    settings.CACHES = {alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
                       for alias in ("default", "snapshots")}
    settings.DASHBOARD_MAX_STALE = 0
    settings.DASHBOARD_REFRESH_IN_BACKGROUND = False  # a thread would not see the test's transaction
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()  # each test process's own memory
    if not request.node.get_closest_marker("django_db") or not request.node.get_closest_marker(
            "django_db").kwargs.get("transaction"):
        # The test's transaction never commits, so writes renew the snapshots' versions at once instead of on
        # commit; tests with transaction=True keep the real order (tests/dashboard/test_snapshots.py).
        from giamsat.dashboard import snapshots

        monkeypatch = request.getfixturevalue("monkeypatch")
        monkeypatch.setattr(snapshots, "renew_on_commit", lambda scopes: snapshots.renew(set(scopes())))
        from giamsat.reporting import unread  # the menu's unread count likewise (issue #25)

        monkeypatch.setattr(unread, "renew_on_commit", unread.renew)
    yield
    # The application's threads a test started (an import read or committed in the background) end before
    # its data is emptied: on SQLite's shared in-memory database one still writing locks the tables the
    # flush empties ("database table is locked" at teardown). This runs before pytest-django's flush: that
    # fixture is set up first (its autouse marker fixture) and so torn down last.
    from giamsat.core.jobs import background_threads

    for thread in background_threads():
        thread.join(120)


@contextlib.contextmanager
def kept_in_a_rolled_back_transaction(django_db_blocker, tmp: Path, **overrides):
    """Data built once for a group of tests (the demo province takes the better part of a minute): the block
    runs inside a transaction that is rolled back when it ends, so each test of the group runs in a savepoint
    of it and sees exactly what was built, and no other test sees any of it. Settings as the tests' own
    (`_test_settings`), the media and the audit anchor in `tmp`; `overrides` adds settings. Use it in a
    module-, class- or package-scoped fixture (`make test` runs with --dist loadscope: a module's tests run
    on one worker, so that a module builds it once)."""
    from django.db import transaction
    from django.test import override_settings

    caches = {alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"kept-{alias}"}
              for alias in ("default", "snapshots")}
    with (django_db_blocker.unblock(),
          override_settings(MEDIA_ROOT=tmp / "media", GIAMSAT_AUDIT_ANCHOR=tmp / "audit-anchor.json",
                            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], AXES_ENABLED=False,
                            CACHES=caches, DASHBOARD_REFRESH_IN_BACKGROUND=False, **overrides)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# The fixture province lives on 10/01/2026 so that its deadlines mean the same whenever tests run.
TODAY = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture
def frozen_today():
    with time_machine.travel(TODAY, tick=True):
        yield TODAY.date()


@pytest.fixture
def province(db, frozen_today):
    """Two departments with one task each, a shared task, and users of every role."""
    from giamsat.accounts.models import User
    from giamsat.documents.models import Document
    from giamsat.organizations.services import organization_create
    from giamsat.tasks.services import task_create

    ubnd = organization_create(name="Ủy ban nhân dân tỉnh Lai Châu", short_name="UBND tỉnh", kind="peoples_committee",
                               code="ubnd")
    office = organization_create(name="Văn phòng UBND tỉnh", code="vp", kind="office")
    culture = organization_create(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL",
                                  kind="department", code="svhttdl", aliases=["Sở VH,TT&DL"])
    science = organization_create(name="Sở Khoa học và Công nghệ", short_name="Sở KH&CN", kind="department",
                                  code="skhcn", aliases=["Sở KHCN"])
    doc = Document.objects.create(doc_type="Kế hoạch", number="2653/KH-UBND", date=dt.date(2025, 6, 6), issuer=ubnd,
                                  title="Tuyên truyền Nghị quyết số 57-NQ/TW")
    t_culture = task_create(actor=SYSTEM, document=doc, number="1", name="Tuyên truyền mục tiêu của tỉnh",
                            deadline_text="Tháng 6/2026", leads=[culture], coordinators=[science])
    t_science = task_create(actor=SYSTEM, document=doc, number="2", name="Xây dựng nền tảng dữ liệu",
                            deadline_text="Quý 1/2026", leads=[science])
    t_both = task_create(actor=SYSTEM, document=doc, number="3", name="Hội nghị chuyên đề",
                         deadline_text="Năm 2026", leads=[culture, science])

    def user(username, role, org=None):
        u = User(username=username, role=role, organization=org, is_staff=role == "admin",
                 is_superuser=role == "admin")
        u.set_password(PASSWORD)
        u.save()
        return u

    users = {
        "admin": user("quantri", "admin"),
        "office": user("vanphong", "office", office),
        "focal_culture": user("svhttdl", "focal", culture),
        "head_culture": user("ld-svhttdl", "head", culture),
        "focal_science": user("skhcn", "focal", science),
        "leader": user("lanhdao", "leader", ubnd),
        "inspector": user("kiemtra", "inspector"),
    }
    return {
        "orgs": {"ubnd": ubnd, "office": office, "culture": culture, "science": science},
        "doc": doc,
        "tasks": {"culture": t_culture, "science": t_science, "both": t_both},
        "users": users,
    }


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do


@pytest.fixture
def bearer():
    from giamsat.accounts.models import ApiToken

    def make(user, read_only=False):
        _, raw = ApiToken.issue(user=user, read_only=read_only)
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make
