"""Scope follows at once in every process (ADR 0032): a reorganization committed by another process is seen
on this process's next request, with no memo to wait out; the same holds for a write on a fresh connection."""

import datetime as dt
import os
import subprocess
import sys
import textwrap

import pytest
from django.db import connection

from tests.shared_cache import share_caches_through_redis

pytestmark = pytest.mark.django_db(transaction=True)

CHILD = textwrap.dedent("""
    import datetime as dt, os, sys
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamsat.config.settings")
    import django
    django.setup()
    from giamsat.core.actors import SYSTEM
    from giamsat.organizations.reorganize import ReorganizationInput, reorganization_record
    pred, succ = int(sys.argv[1]), int(sys.argv[2])
    reorganization_record(user=SYSTEM, data=ReorganizationInput(
        kind="merge", predecessor_ids=[pred], successor_ids=[succ], effective_date=dt.date(2025, 6, 1),
        document_number="99/QĐ-UBND"))
    print("ok")
""")


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.parametrize("keep_seconds", [0, 60])
def test_a_merge_committed_by_another_process_is_seen_on_the_next_request(client, settings, tmp_path, keep_seconds):
    """With nothing kept the other process's new scope version is read; otherwise the scope stamp it renewed
    in the cache both share (ADR 0055)."""
    if connection.vendor != "postgresql":
        pytest.skip("another process needs a database it can open (PostgreSQL)")
    settings.GIAMSAT_FRAME_CACHE_SECONDS = keep_seconds
    shared = share_caches_through_redis(settings) if keep_seconds else {}
    from giamsat.accounts.models import User
    from giamsat.core.actors import SYSTEM
    from giamsat.documents.models import Document
    from giamsat.organizations.services import organization_create
    from giamsat.tasks.models import ProgressUpdate
    from giamsat.tasks.services import task_create
    from giamsat.tasks.summary import refresh_statuses

    old = organization_create(name="Sở Thông tin và Truyền thông", kind="department", code="stttt")
    heir = organization_create(name="Sở Khoa học và Công nghệ", kind="department", code="skhcn")
    doc = Document.objects.create(doc_type="Kế hoạch", number="1/KH", title="Kế hoạch thử", issuer=heir)
    task = task_create(actor=SYSTEM, document=doc, name="Nền tảng số", deadline_text="Năm 2030", leads=[old])
    # A finished task stays with the old department (history): the heir reads it through its scope alone.
    history = task_create(actor=SYSTEM, document=doc, name="Hội nghị đã tổ chức", deadline_text="Năm 2024",
                          leads=[old])
    ProgressUpdate.objects.create(task=history, organization=old, reported_on=dt.date(2024, 5, 1), state="done")
    refresh_statuses([history.pk])
    user = User.objects.create(username="skhcn", role="focal", organization=heir)
    client.force_login(user)
    assert client.get(f"/api/v1/tasks/{history.pk}").status_code == 404  # this process has memoized the scope

    env = {**os.environ, "DATABASE_URL": _database_url(), "GIAMSAT_DATA_DIR": str(tmp_path), **shared}
    done = subprocess.run([sys.executable, "-c", CHILD, str(old.pk), str(heir.pk)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.strip().endswith("ok"), done.stderr[-2000:]

    assert client.get(f"/api/v1/tasks/{history.pk}").status_code == 200  # the next request sees the new scope
    ids = {t["id"] for t in client.get(f"/api/v1/tasks?organization={heir.pk}").json()["items"]}
    assert task.pk in ids


@pytest.mark.parametrize("keep_seconds, renewed", [(0, False), (60, True), (1, False)])
def test_withdrawn_scope_is_seen_on_the_next_request_after_a_write_on_another_connection(
        client, settings, keep_seconds, renewed):
    """A succession removed by a raw write elsewhere (no signal in this process) withdraws access at once when
    that writer does what `scope_version_bump` does: increment the version (compared when nothing is kept,
    GIAMSAT_FRAME_CACHE_SECONDS=0) and renew the scope stamp in the shared cache (ADR 0055). A writer that
    renews no stamp is seen once this process's memo is GIAMSAT_FRAME_CACHE_SECONDS old."""
    if connection.vendor != "postgresql":
        pytest.skip("a second connection to the same database needs PostgreSQL")
    import time

    import psycopg

    from giamsat.accounts.models import User
    from giamsat.core.frame import renew_stamp
    from giamsat.documents.models import Document
    from giamsat.organizations.models import Succession
    from giamsat.organizations.selectors import SCOPE_STAMP_KEY
    from giamsat.organizations.services import organization_create
    from giamsat.tasks.models import Task, TaskAssignment

    settings.GIAMSAT_FRAME_CACHE_SECONDS = keep_seconds
    old = organization_create(name="Sở Kế hoạch và Đầu tư", kind="department", code="skhdt")
    heir = organization_create(name="Sở Tài chính", kind="department", code="stc")
    doc = Document.objects.create(doc_type="Kế hoạch", number="2/KH", title="Kế hoạch thử", issuer=heir)
    task = Task.objects.create(document=doc, name="Việc đã xong của sở cũ")
    TaskAssignment.objects.create(task=task, organization=old, role="lead")
    Succession.objects.create(predecessor=old, successor=heir, effective_date=dt.date(2025, 3, 1))
    client.force_login(User.objects.create(username="stc", role="focal", organization=heir))
    assert client.get(f"/api/v1/tasks/{task.pk}").status_code == 200
    s = connection.settings_dict
    with psycopg.connect(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"],
                         dbname=s["NAME"], autocommit=True) as other:
        other.execute("DELETE FROM organizations_succession")
        other.execute("UPDATE organizations_scopeversion SET number = number + 1")
    if renewed:
        renew_stamp(SCOPE_STAMP_KEY)  # the shared cache, as that writer's `scope_version_bump` renews it
    if keep_seconds and not renewed:
        assert client.get(f"/api/v1/tasks/{task.pk}").status_code == 200  # kept: no query to notice it
        time.sleep(keep_seconds + 0.1)
    assert client.get(f"/api/v1/tasks/{task.pk}").status_code == 404
