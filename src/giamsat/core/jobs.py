"""One runner per scheduled job across every node (ADR 0037).

Cron (or a systemd timer) may start the same job on several machines; `single_runner(name)` lets one of them
run it and tells the others so, and the jobs are idempotent besides (a reminder has a unique key, period
opening tolerates a concurrent opener): a second run later the same day does nothing twice.

- PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) on the job's name, released at the end
  (and by PostgreSQL if the process dies). Behind PgBouncer in transaction mode a session lock does not
  hold: the scheduler then connects to PostgreSQL directly (docs/deploy.md), and the unique keys remain.
- SQLite (one machine): an exclusive file lock beside the database file, released at the end or at death.
"""

import fcntl
import hashlib
import logging
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)


def lock_id(name: str) -> int:
    """A stable signed 64-bit number for `name` (advisory locks are keyed by bigint)."""
    return int.from_bytes(hashlib.sha256(f"giamsat.job:{name}".encode()).digest()[:8], "big", signed=True)


@contextmanager
def single_runner(name: str):
    """Yields True when this process is the one running job `name` now, False when another runs it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_id(name)])
            mine = bool(cursor.fetchone()[0])
        try:
            yield mine
        finally:
            if mine and connection.connection is not None:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_id(name)])
        return
    if connection.is_in_memory_db():  # a test database: one process only
        yield True
        return
    # next to the database file: two instances sharing a data directory do not share their jobs' locks
    path = Path(f"{connection.settings_dict['NAME']}.{name}.lock")
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


THREAD_PREFIX = "giamsat-"


def in_thread(name: str, work: Callable[[], object], *, done: Callable[[], None] | None = None,
              failure: str = "") -> threading.Thread:
    """`work()` in a daemon thread of this process named `giamsat-<name>` (so that the application's own threads
    can be told from the server's: `background_threads`). A failure is logged (`failure`), never raised into
    a request; `done` runs in every case, then the thread's own database connection is closed."""

    def run() -> None:
        close_old_connections()
        try:
            work()
        except Exception:
            logger.exception(failure or f"background work {name} failed")
        finally:
            if done is not None:
                done()
            connection.close()

    thread = threading.Thread(target=run, name=THREAD_PREFIX + name, daemon=True)
    thread.start()
    return thread


def run_once_in_thread(name: str, work: Callable[[], object]) -> threading.Thread:
    """`work()` in a daemon thread of this process, only if no process (on any node) runs job `name` now
    (`single_runner`): the background reading and committing of an import."""

    def once() -> None:
        with single_runner(name) as mine:
            if mine:
                work()

    return in_thread(name, once)


def background_threads(name: str = "") -> list[threading.Thread]:
    """The application's background threads of this process still running (those of job `name` only, if
    given): what a test waits for before its data is emptied."""
    wanted = THREAD_PREFIX + name
    return [t for t in threading.enumerate() if t.name == wanted or (not name and t.name.startswith(wanted))]


BUSY = "Công việc «{name}» đang được một tiến trình (hoặc máy chủ) khác chạy: lần chạy này bỏ qua, không làm gì."


class OneRunnerCommand:
    """Mixed into a management command (before BaseCommand): its `handle` runs only in the process that holds
    the job `job_name`; another process started meanwhile says so and exits with 0 (nothing to do)."""

    job_name = ""

    def execute(self, *args, **options):
        with single_runner(self.job_name) as mine:
            if not mine:
                logger.warning("job %s is running elsewhere: skipped", self.job_name)
                self.stdout.write(self.style.WARNING(BUSY.format(name=self.job_name)))
                return ""
            return super().execute(*args, **options)
