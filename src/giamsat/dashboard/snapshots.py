"""Dashboard snapshots: a dashboard's figures kept once computed, until the data changes (ADR 0011).

A national dashboard aggregates hundreds of thousands of tasks, every organization's reports and every
indicator; computing it takes seconds, reading a kept copy takes milliseconds. A snapshot is kept per
(kind of figures, the user's scope, the parameters, the day) and tagged with the **data version**: the id
and hash of the newest audit entry. Every write to the data is audited in its own transaction, and the
audit chain's lock makes entries commit in id order, so a new write always means a new version.

- Same version (nothing written since): the snapshot is shown as it is.
- Newer version, snapshot younger than `DASHBOARD_MAX_STALE` seconds: still shown, with the time it was
  computed, so that a burst of writes does not make every leader's page recompute the country. The page
  has a "recompute" link (`recompute=True`).
- Older than that: still shown (with its time), and computed again in a background thread of the server
  (`refresh_in_background`, one at a time per snapshot), so that the next request finds it current.
- No snapshot for this day (or `DASHBOARD_MAX_STALE` is 0, or `recompute`): computed now and kept.

What changes figures without an audit entry clears every snapshot (`forget_all`): the daily status
refresh changes the day (part of the key), a restored backup and the synthetic data generator call it.
Snapshots live in Django's cache, which by default is a directory shared by every server process. Each
process also keeps the current snapshots it last read, so that a national summary (1.7 MB of JSON) is not
read, decompressed and unpickled from a file on every request; such a copy is used only while it is
current and while the shared cache's **generation** (renewed by `forget_all`, in whatever process) is the
one it was read under.
"""

import datetime as dt
import hashlib
import json
import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from giamsat.accounts.access import scope_key
from giamsat.audit.services import chain_head

KEY_PREFIX = "giamsat:dashboard:v3"  # v2: the summary API keeps bytes; v3: the home page's documents inside
KEEP_SECONDS = 2 * 24 * 3600  # a snapshot is for one day; two days covers the change of day
REFRESH_TIMEOUT = 600  # the marker's life: a process killed mid-computation blocks others this long at most
GENERATION_KEY = f"{KEY_PREFIX}:generation"
LOCAL_ENTRIES = 32  # snapshots kept in each process: the scopes most read (the country, busy agencies)
logger = logging.getLogger(__name__)


class _LocalCopies:
    """This process's copies of current snapshots: key → (generation, version, computed_at, value)."""

    def __init__(self, size: int):
        self.size, self.entries, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key: str, generation: str, version: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[:2] != (generation, version):
                return None
            self.entries.move_to_end(key)
            return entry[2:]

    def put(self, key: str, generation: str, version: str, computed_at: dt.datetime, value) -> None:
        with self.lock:
            self.entries[key] = (generation, version, computed_at, value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_local = _LocalCopies(LOCAL_ENTRIES)


def generation() -> str:
    """The shared cache's generation: a new one after every `forget_all`, in any process."""
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        current = cache.get(GENERATION_KEY)
    return current


@dataclass(frozen=True)
class Snapshot:
    value: Any
    computed_at: dt.datetime
    current: bool  # computed from the data as it is now

    @property
    def stale(self) -> bool:
        return not self.current


def data_version() -> str:
    """The id and hash of the newest audit entry: changes with every committed write."""
    head = chain_head()
    return f"{head[0]}:{head[1][:16]}" if head else "empty"


def _key(kind: str, user, params: dict, today: dt.date) -> str:
    args = json.dumps(params, sort_keys=True, default=str)
    digest = hashlib.sha1(args.encode()).hexdigest()[:16]
    return f"{KEY_PREFIX}:{kind}:{scope_key(user)}:{today.isoformat()}:{digest}"


def snapshot(
    kind: str,
    user,
    compute: Callable[[], Any],
    *,
    today: dt.date,
    params: dict | None = None,
    recompute: bool = False,
) -> Snapshot:
    """The figures `compute()` returns for this user, from the kept snapshot when it may be shown.

    `compute` must return something picklable that depends only on the user's scope, `params` and `today`.
    """
    key = _key(kind, user, params or {}, today)
    version = data_version()  # read before computing: a write meanwhile makes the next read recompute
    gen = generation()
    local = None if recompute else _local.get(key, gen, version)
    if local is not None:
        return Snapshot(local[1], local[0], current=True)
    kept = None if recompute else cache.get(key)
    now = timezone.now()
    if kept is not None:
        kept_version, computed_at, value = kept
        if kept_version == version:
            _local.put(key, gen, version, computed_at, value)
            return Snapshot(value, computed_at, current=True)
        if (now - computed_at).total_seconds() < settings.DASHBOARD_MAX_STALE:
            return Snapshot(value, computed_at, current=False)
        if settings.DASHBOARD_MAX_STALE and settings.DASHBOARD_REFRESH_IN_BACKGROUND:
            refresh_in_background(key, compute)
            return Snapshot(value, computed_at, current=False)
    value = compute()
    cache.set(key, (version, now, value), KEEP_SECONDS)
    _local.put(key, gen, version, now, value)
    return Snapshot(value, now, current=True)


def refresh_in_background(key: str, compute: Callable[[], Any]) -> threading.Thread | None:
    """Compute a stale snapshot again in a thread of this process while the stale one is shown, at most one
    computation per snapshot at a time (a marker in the cache), so that no leader waits for the country
    to be added up. Returns the thread (None when one is already at work)."""
    if not cache.add(f"{key}:refreshing", 1, REFRESH_TIMEOUT):
        return None

    def run() -> None:
        try:
            version, started = data_version(), timezone.now()
            cache.set(key, (version, started, compute()), KEEP_SECONDS)
        except Exception:  # the stale snapshot stays, and the next stale request tries again
            logger.exception("dashboard snapshot %s could not be recomputed", key)
        finally:
            cache.delete(f"{key}:refreshing")
            connection.close()  # this thread's own database connection

    thread = threading.Thread(target=run, name="giamsat-snapshot", daemon=True)
    thread.start()
    return thread


def forget_all() -> None:
    """Drop every snapshot (the cache holds nothing else): after writes that leave no audit entry. The new
    generation tells the other processes that their own copies are void too."""
    cache.clear()
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    _local.clear()
