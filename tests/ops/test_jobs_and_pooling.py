"""Several nodes on one PostgreSQL (ADR 0037): one runner per job, the reminder job run twice at once sends
each reminder once, period opening tolerates a concurrent opener, and `audit verify` works without server-side
cursors (behind PgBouncer in transaction mode) and through Django's connection pool."""

import os
import subprocess
import sys
import threading

import pytest
from django.db import connection

from giamsat.core.jobs import lock_id, single_runner

pytestmark = pytest.mark.django_db(transaction=True)


def _postgres_or_skip():
    if connection.vendor != "postgresql":
        pytest.skip("another process or connection needs a database it can open (PostgreSQL)")


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _other_connection():
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"],
                           password=s["PASSWORD"] or None, dbname=s["NAME"], autocommit=True)


def _child_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=_database_url(), GIAMSAT_DATA_DIR=str(tmp_path), DEBUG="1", **extra)
    return env


def test_a_job_held_by_one_process_is_refused_to_another_until_released():
    _postgres_or_skip()
    other = _other_connection()
    try:
        with single_runner("remind") as mine:
            assert mine
            assert other.execute("SELECT pg_try_advisory_lock(%s)", [lock_id("remind")]).fetchone()[0] is False
        assert other.execute("SELECT pg_try_advisory_lock(%s)", [lock_id("remind")]).fetchone()[0] is True
        with single_runner("remind") as mine:  # now the other connection holds it
            assert not mine
    finally:
        other.close()


def test_a_command_started_while_another_node_runs_the_job_does_nothing(tmp_path):
    _postgres_or_skip()
    other = _other_connection()
    try:
        assert other.execute("SELECT pg_try_advisory_lock(%s)", [lock_id("periods")]).fetchone()[0]
        run = subprocess.run([sys.executable, "-m", "giamsat", "periods"], env=_child_env(tmp_path),
                             capture_output=True, text=True, timeout=120)
    finally:
        other.close()
    assert run.returncode == 0, run.stderr[-2000:]
    assert "đang được một tiến trình (hoặc máy chủ) khác chạy" in run.stdout and "Đã mở" not in run.stdout


def test_the_file_lock_on_sqlite_lets_one_holder_at_a_time(tmp_path, monkeypatch):
    """Beside a SQLite file (one machine, several processes): an exclusive lock, refused to a second holder."""
    import fcntl

    if connection.vendor != "sqlite":
        pytest.skip("the file lock is SQLite's")
    monkeypatch.setattr(connection, "is_in_memory_db", lambda: False)
    monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "giamsat.sqlite3"))
    with single_runner("remind") as mine:
        assert mine
        with open(tmp_path / "giamsat.sqlite3.remind.lock", "a+") as fh, pytest.raises(OSError):
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with single_runner("remind") as again:
            assert not again
    with single_runner("remind") as mine:
        assert mine


# ------------------------------------------------------------------------------- pooling and PgBouncer

def _entries(n: int) -> None:
    from giamsat.organizations.services import organization_create

    for i in range(n):
        organization_create(name=f"Sở thử {i}", kind="department", code=f"so-thu-{i}")


def test_audit_verify_pages_by_id_without_a_server_side_cursor(monkeypatch, settings):
    """With GIAMSAT_PGBOUNCER's setting on, Django opens no server-side cursor; verify never asks for one
    (a chunked cursor would raise here), walks the chain in pages, and still finds a tampered entry."""
    from giamsat.audit import services
    from giamsat.audit.models import AuditEntry

    _entries(7)
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)

    def refuse():
        raise AssertionError("audit verify asked for a server-side (chunked) cursor")

    monkeypatch.setattr(connection, "chunked_cursor", refuse)
    monkeypatch.setattr(services._in_id_order, "__defaults__", (3,))  # pages of 3: several pages
    count = AuditEntry.objects.count()
    assert count >= 7
    result = services.audit_verify()
    assert result.ok and result.checked == count
    victim = AuditEntry.objects.order_by("id")[4]
    AuditEntry.objects.filter(pk=victim.pk).update(object_repr="sửa trộm")
    result = services.audit_verify()
    assert not result.ok and result.bad_id == victim.pk


@pytest.mark.parametrize("extra", [{"GIAMSAT_PGBOUNCER": "1"}, {"GIAMSAT_PGBOUNCER": "1", "GIAMSAT_DB_POOL": "3"}])
def test_audit_verify_command_with_the_pgbouncer_and_pool_settings(tmp_path, extra):
    _postgres_or_skip()
    _entries(3)
    env = _child_env(tmp_path, **extra)
    check = subprocess.run([sys.executable, "-c", (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'giamsat.config.settings'); "
        "django.setup(); from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['DISABLE_SERVER_SIDE_CURSORS'], d.get('OPTIONS', {}).get('pool', {}).get('max_size'), "
        "d['CONN_MAX_AGE'])")], env=env, capture_output=True, text=True, timeout=60)
    assert check.stdout.split() == (["True", "3", "0"] if "GIAMSAT_DB_POOL" in extra else ["True", "None", "60"])
    run = subprocess.run([sys.executable, "-m", "giamsat", "audit", "verify"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]


def test_pooled_connections_serve_concurrent_threads(tmp_path):
    """Django's psycopg pool (GIAMSAT_DB_POOL): eight threads of one process share at most three connections."""
    _postgres_or_skip()
    script = (
        "import django, os, threading; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'giamsat.config.settings');"
        "django.setup()\n"
        "from django.db import connection\n"
        "pids, errors = set(), []\n"
        "def one():\n"
        "    try:\n"
        "        for _ in range(5):\n"
        "            with connection.cursor() as c:\n"
        "                c.execute('SELECT pg_backend_pid(), pg_sleep(0.02)'); pids.add(c.fetchone()[0])\n"
        "    except Exception as exc: errors.append(repr(exc))\n"
        "    finally: connection.close()\n"
        "ts = [threading.Thread(target=one) for _ in range(8)]\n"
        "[t.start() for t in ts]; [t.join() for t in ts]\n"
        "print(len(pids), len(errors))\n")
    run = subprocess.run([sys.executable, "-c", script], env=_child_env(tmp_path, GIAMSAT_DB_POOL="3"),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    backends, errors = map(int, run.stdout.split())
    assert errors == 0 and 1 <= backends <= 3


def test_threads_share_nothing_unsafe_when_one_holds_a_job():
    """The lock is per connection: a thread of the same process (its own connection) is refused too."""
    _postgres_or_skip()
    seen = []

    def other_thread():
        try:
            with single_runner("warnings") as mine:
                seen.append(mine)
        finally:
            connection.close()

    with single_runner("warnings") as mine:
        assert mine
        t = threading.Thread(target=other_thread)
        t.start()
        t.join()
    assert seen == [False]
