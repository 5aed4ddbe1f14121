"""Dashboard snapshots: a dashboard's figures kept once computed, until the data they show changes (ADR 0011).

A national dashboard aggregates hundreds of thousands of tasks, every organization's reports and every
indicator; computing it takes seconds, reading a kept copy takes milliseconds. A snapshot is kept per
(kind of figures, the user's scope, the parameters, the day) in the cache alias `snapshots` (the local
directory, or Redis with `GIAMSAT_CACHE_URL`), tagged with the **versions** of what it shows:

- a version key per scope: `all` (what everyone who sees everything sees) and `org:<id>` (one organization's
  rows); a snapshot reads the keys of its scope (its user's organizations, or `all`) and of the organization
  it is about (`params["organization"]`);
- `any`, read by every snapshot: renewed by writes not attributed to some organizations;
- the same scopes narrowed to one kind of data (`tasks:all`, `tasks:org:<id>`, `reports:all`,
  `reports:org:<id>`, ADR 0052), read by the *parts* of a page (`kept_part`) that show only that kind: a
  report leaves a dashboard's task figures kept, a progress update its reporting punctuality;
- the generation, part of every snapshot's key: renewing it (`forget_all`: the daily job, a restore, a bulk
  load, figures computed by an older version) leaves no older snapshot to show, not even as stale.

Writes renew the versions when they commit (`transaction.on_commit`, ADR 0020): a progress update, a
decision or its evidence renews `all` and the keys of the task's organizations, a report `all` and its
organization's key; any other audited write (documents, indicators and their values, organizations,
periods, users ...) `any`, and a write of the indicators app `indicators` too (the kept assessments read only
that one, ADR 0053). The audit's `recorded` signal says which row was written: every audited write
counts. A progress update, decision or evidence also renews the `tasks:` keys of the same scopes, a report
the `reports:` ones. A version is a new random value, not a counter: no read-modify-write to race on, and a key lost by
the cache (evicted) is a new version, never an old one.

- Same versions: the snapshot is shown as it is.
- Newer version, snapshot younger than `DASHBOARD_MAX_STALE` seconds: still shown, with the time it was
  computed, so that a burst of writes does not make every leader's page recompute the country. The page
  has a "recompute" link (`recompute=True`).
- Older than that: still shown (with its time), and computed again in a background thread of the server
  (`refresh_in_background`: one at a time per snapshot in a process; on PostgreSQL one in the whole cluster,
  by an advisory lock), so that the next request finds it current.
- No snapshot for this day (or `DASHBOARD_MAX_STALE` is 0, or `recompute`): computed now and kept.

Each process also keeps the current snapshots it last read, so that a national summary (1.7 MB of JSON) is
not read, decompressed and unpickled on every request; such a copy is used only while its versions are the
ones the shared cache holds (one `get_many` per request).
"""

import datetime as dt
import hashlib
import json
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.utils import timezone

from giamsat.accounts.access import organization_ids_seen, scope_key
from giamsat.core import kept
from giamsat.core.jobs import in_thread

CACHE_ALIAS = "snapshots"
KEY_PREFIX = "giamsat:dashboard:v4"  # v4: versions per scope instead of the audit chain's head
KEEP_SECONDS = 2 * 24 * 3600  # a snapshot is for one day; two days covers the change of day
GENERATION = "generation"  # part of every key: renewed by `forget_all`
ANY = kept.ANY  # read by every snapshot: renewed by writes not attributed to some organizations
INDICATORS = "indicators"  # renewed (with `any`) by writes of indicators, their targets and values (ADR 0053)
LOCAL_ENTRIES = 32  # snapshots kept in each process: the scopes most read (the country, busy agencies)
logger = logging.getLogger(__name__)


def store():
    return caches[CACHE_ALIAS]


class _LocalCopies:
    """This process's copies of current snapshots: key → (version, computed_at, value)."""

    def __init__(self, size: int):
        self.size, self.entries, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key: str, version: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self.entries.move_to_end(key)
            return entry[1:]

    def put(self, key: str, version: str, computed_at: dt.datetime, value) -> None:
        with self.lock:
            self.entries[key] = (version, computed_at, value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_local = _LocalCopies(LOCAL_ENTRIES)
# Pages' kept fragments (`current_only`), apart from the dashboards' copies so as not to push them out.
_local_pages = _LocalCopies(4 * LOCAL_ENTRIES)
# Searches' kept results (`keep_search`): many distinct queries, kept apart so as not to push the pages out.
_local_searches = _LocalCopies(4 * LOCAL_ENTRIES)


@dataclass(frozen=True)
class Snapshot:
    value: Any
    computed_at: dt.datetime
    current: bool  # computed from the data as it is now

    @property
    def stale(self) -> bool:
        return not self.current


# ------------------------------------------------------------------------------------------------ versions

def _version_key(scope: str) -> str:
    return f"{KEY_PREFIX}:version:{scope}"


def version_scopes(user, params: dict | None = None) -> list[str]:
    """The version keys a snapshot for this user (and these parameters) depends on, besides the global one."""
    scope = organization_ids_seen(user)
    scopes = [ANY] + (["all"] if scope is None else [f"org:{i}" for i in sorted(scope)])
    about = (params or {}).get("organization")
    if about is not None and f"org:{about}" not in scopes:
        scopes.append(f"org:{about}")
    return scopes


TASKS, REPORTS = "tasks", "reports"  # the kinds of data a part of a page may depend on alone (ADR 0052)


def part_scopes(user, part: str, params: dict | None = None) -> list[str]:
    """The version keys of a part of a page that shows only `part` data (TASKS or REPORTS) of the user's
    scope: `any` (reference data) and the user's scopes narrowed to that kind (`tasks:org:7`, ...)."""
    return [ANY, *(f"{part}:{s}" for s in version_scopes(user, params) if s != ANY)]


def versions(scopes: list[str]) -> list[str]:
    """The current versions of `scopes` (a key the cache lost gets a new version)."""
    cache = store()
    keys = [_version_key(s) for s in scopes]
    found = cache.get_many(keys)
    missing = {k: uuid.uuid4().hex[:16] for k in keys if k not in found}
    if missing:
        for key, value in missing.items():
            cache.add(key, value, None)  # whoever adds first wins; either value is a new version
        found.update(cache.get_many(list(missing)))
    return [str(found.get(k, "")) for k in keys]


def version_of(scopes: list[str]) -> str:
    """The current version of `scopes` as one string, the generation first (`forget_all` changes it too)."""
    return "|".join(versions([GENERATION, *scopes]))


def data_version(user=None, params: dict | None = None) -> str:
    """The versions of what a snapshot for `user` shows (everything without a user), generation first."""
    scopes = version_scopes(user, params) if user is not None else [ANY, "all"]
    return "|".join(versions([GENERATION, *scopes]))


def renew(scopes) -> None:
    """Give `scopes` new versions now: every snapshot that read one of them is no longer current."""
    store().set_many({_version_key(s): uuid.uuid4().hex[:16] for s in scopes}, None)


def renew_on_commit(scopes: Callable[[], list[str]]) -> None:
    """Renew the scopes `scopes()` names once the current transaction commits (now, outside one): a reader
    that computes before the commit cannot see the write, and must not be taken as current after it. The
    scopes are looked up after the commit, outside the writer's transaction and its locks. The agencies whose
    scopes they are get their kept pages computed again shortly after (`refresh_agencies_in_background`)."""

    def committed() -> None:
        written = set(scopes())
        renew(written)
        if settings.DASHBOARD_REFRESH_IN_BACKGROUND and AGENCY_SNAPSHOTS:
            refresh_agencies_in_background({int(s[4:]) for s in written if s.startswith("org:")})

    transaction.on_commit(committed)


def _key(kind: str, user, params: dict, today: dt.date, generation: str) -> str:
    """The generation is part of the key: after `forget_all` no older snapshot is found, even as stale."""
    args = json.dumps(params, sort_keys=True, default=str)
    digest = hashlib.sha1(args.encode()).hexdigest()[:16]
    scope = "everyone" if user is None else scope_key(user)  # None: what does not depend on who reads it
    return f"{KEY_PREFIX}:{generation}:{kind}:{scope}:{today.isoformat()}:{digest}"


def snapshot(
    kind: str,
    user,
    compute: Callable[[], Any],
    *,
    today: dt.date,
    params: dict | None = None,
    recompute: bool = False,
    first: Callable[[], tuple[Any, bool]] | None = None,
) -> Snapshot:
    """The figures `compute()` returns for this user, from the kept snapshot when it may be shown.

    `compute` must return something picklable that depends only on the user's scope, `params` and `today`.
    `first`: what this request computes when it must compute now, as (value, complete); an incomplete value
    (a page whose parts not kept are loaded after it, ADR 0059) is shown but not kept. The background
    refresh and the daily warm-up always run `compute`, which is complete.
    """
    params = params or {}
    scopes = version_scopes(user, params)
    # Read before computing: a write committed meanwhile makes the next read compute again.
    generation, *scope_versions = versions([GENERATION, *scopes])
    key, version = _key(kind, user, params, today, generation), "|".join(scope_versions)
    local = None if recompute else _local.get(key, version)
    if local is not None:
        return Snapshot(local[1], local[0], current=True)
    cache = store()
    kept = None if recompute else cache.get(key)
    now = timezone.now()
    if kept is not None:
        kept_version, computed_at, value = kept
        if kept_version == version:
            _local.put(key, version, computed_at, value)
            return Snapshot(value, computed_at, current=True)
        if (now - computed_at).total_seconds() < settings.DASHBOARD_MAX_STALE:
            return Snapshot(value, computed_at, current=False)
        if settings.DASHBOARD_MAX_STALE and settings.DASHBOARD_REFRESH_IN_BACKGROUND:
            refresh_in_background(key, compute, lambda: "|".join(versions(scopes)))
            return Snapshot(value, computed_at, current=False)
    value, complete = first() if first is not None else (compute(), True)
    if not complete:
        if recompute or kept is not None:
            # Computed now («Tính lại», or the kept one too old to show): the older snapshot is not shown again
            # meanwhile; the next view, its parts kept by then, keeps the whole page.
            cache.delete(key)
        return Snapshot(value, now, current=True)
    cache.set(key, (version, now, value), KEEP_SECONDS)
    _local.put(key, version, now, value)
    return Snapshot(value, now, current=True)


def everyone_sees(kind: str, compute: Callable[[], Any], *, today: dt.date) -> Any:
    """Figures that are the same for everyone (the public page), kept under the versions of everything (`any`
    and `all`) and shown only while current (`current_only`): a visitor has no "recompute" link and no notice
    to read, so never a stale copy (issue #25)."""
    return current_only(kind, None, compute, today=today)


def keep_metrics(user, scope, as_of: dt.date, compute: Callable[[], Any], *, resolution: str = ""):
    """The figures of GET /api/v1/metrics (giamsat.metrics) for a scope, kept as a snapshot: today's only (a
    past date is computed, from facts that do not change); one per root resolution asked (ADR 0040)."""
    if as_of != timezone.localdate():
        return compute()
    params = {"scope": str(scope), **({"resolution": resolution} if resolution else {})}
    if scope.kind == "organization":
        params["organization"] = scope.id
    return snapshot("metrics-api", user, compute, today=as_of, params=params).value


def keep_data_quality(user, today: dt.date, compute: Callable[[], Any]):
    """The data-quality checks (giamsat.metrics.quality), kept as a snapshot."""
    return snapshot("data-quality", user, compute, today=today).value


def current_only(kind: str, user, compute: Callable[[], Any], *, today: dt.date, params: dict | None = None,
                 scopes: list[str] | None = None, copies: _LocalCopies | None = None, recompute: bool = False,
                 local: bool = True, shared: bool = True, peek: bool = False) -> Any:
    """`compute()` kept like a snapshot, but shown only while current: never stale, never refreshed in the
    background. For pages where people expect their own write at once (the task lists, ADR 0045): a write
    renews the versions this value read, and the next view computes it again. `scopes`: the versions it
    depends on when not the user's rows (`[ANY]` for what only writes outside progress and reports change:
    organizations, documents, the alert rule). `copies`: this process's copies (the pages' by default).
    `recompute`: computed now and kept (the «Tính lại» link). `local=False`: not kept in this process's copies
    (a part read only when its page is computed again). `shared=False`: kept by this process only, not in the
    shared cache (values dearer to pickle and read back than to compute: each process computes them once a
    version). `peek`: None instead of computing it when it is not kept (nor when `recompute`)."""
    params = params or {}
    copies = (copies or _local_pages) if local else None
    if scopes is None:  # without a user (`everyone_sees`): the versions of everything
        scopes = version_scopes(user, params) if user is not None else [ANY, "all"]
    generation, *scope_versions = versions([GENERATION, *scopes])  # before computing, as `snapshot`
    key, version = _key(kind, user, params, today, generation), "|".join(scope_versions)
    found = None if recompute or copies is None else copies.get(key, version)
    if found is not None:
        return found[1]
    cache = store() if shared else None
    kept = None if recompute or cache is None else cache.get(key)
    if kept is not None and kept[0] == version:
        if copies is not None:
            copies.put(key, version, kept[1], kept[2])
        return kept[2]
    if peek:
        return None
    value = compute()
    now = timezone.now()
    if cache is not None:
        cache.set(key, (version, now, value), KEEP_SECONDS)
    if copies is not None:
        copies.put(key, version, now, value)
    return value


def kept_part(part: str, kind: str, user, compute: Callable[[], Any], *, today: dt.date,
              params: dict | None = None, recompute: bool = False, peek: bool = False) -> Any:
    """A part of a page that shows only `part` data (TASKS or REPORTS) of the user's scope, kept while current
    under `part_scopes` (ADR 0052): the first view after a write computes only the parts that write changed
    (a progress update: the task figures; a report: the punctuality), not the whole page. `kind` names the
    part; the kind of data, the user's scope, `params` and `today` are in its key (two kinds never share one).
    `peek`: None when it is not kept (`current_only`)."""
    # Read only when the page's snapshot is computed again: not kept in this process's copies, where it would
    # push out the task lists' fragments.
    return current_only(f"{part}:{kind}", user, compute, today=today, params=params,
                        scopes=part_scopes(user, part, params), recompute=recompute, local=False, peek=peek)


def keep_search(user, today: dt.date, params: dict, compute: Callable[[], Any]) -> Any:
    """A search's results (giamsat.search.selectors.find) for the user's scope, kept while current: every
    write that changes what may be found is audited and renews the versions the user's scope reads (ADR 0054)."""
    return current_only("search-1", user, compute, today=today, params=params, copies=_local_searches)


def keep_assessments(kind: str, today: dt.date, params: dict, compute: Callable[[], Any]) -> Any:
    """Every indicator's assessment (giamsat.indicators.selectors), the same for everyone, kept while current
    under the `indicators` version alone: progress, reports and other writes leave it. In each process: a
    country's 1 360 assessments (≈100 objects each) take longer to pickle than to compute (ADR 0053)."""
    return current_only(kind, None, compute, today=today, params=params, scopes=[INDICATORS], shared=False)


def keep_task_page(kind: str, user, today: dt.date, params: dict, compute: Callable[[], Any], *,
                   reference: bool = False) -> Any:
    """The task pages' rows (giamsat.tasks.views), kept while current; `reference`: what depends on the
    reference data alone (drop-downs, the alert rule), kept across progress updates and reports."""
    return current_only(kind, user, compute, today=today, params=params, scopes=[ANY] if reference else None)


def keep_page(kind: str, user, today: dt.date, params: dict, compute: Callable[[], Any], *,
              scopes: list[str] | None = None) -> Any:
    """Other pages' bodies (giamsat.core.kept: an agency's reports, the submission board, the reorganization
    page), kept while current. `scopes`: the versions they read when not their user's rows; the reporting
    pages show reports of any organization (those sent to an agency too) and read `reports:all`, which
    every report renews, rather than `all`, which every progress update renews."""
    return current_only(kind, user, compute, today=today, params=params, scopes=scopes)


# --------------------------------------------------------------------------- one background computation

_running: set[str] = set()  # keys this process is computing
_running_lock = threading.Lock()


@contextmanager
def _cluster_lock(key: str):
    """True when no other process computes `key`: on PostgreSQL a transaction-level advisory lock (held while
    computing; it also works behind a transaction-pooling PgBouncer). Elsewhere (SQLite: one server) always
    True: another process may compute the same snapshot at the same time, which costs CPU once per process
    and stores equal figures, so it is accepted."""
    if connection.vendor != "postgresql":
        yield True
        return
    lock_id = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock_id])
            mine = bool(cursor.fetchone()[0])
        yield mine


def refresh_in_background(key: str, compute: Callable[[], Any],
                          version: Callable[[], str] = data_version) -> threading.Thread | None:
    """Compute a stale snapshot again in a thread of this process while the stale one is shown, one
    computation per snapshot at a time (in this process: a set under a lock; across processes:
    `_cluster_lock`), so that no leader waits for the country to be added up. Returns the thread (None when
    this process is already computing it)."""
    with _running_lock:
        if key in _running:
            return None
        _running.add(key)

    def work() -> None:
        with _cluster_lock(key) as mine:
            if mine:
                current, started = version(), timezone.now()
                store().set(key, (current, started, compute()), KEEP_SECONDS)

    def done() -> None:
        with _running_lock:
            _running.discard(key)

    # On failure the stale snapshot stays, and the next stale request tries again.
    return in_thread("snapshot", work, done=done, failure=f"dashboard snapshot {key} could not be recomputed")


def forget_all() -> None:
    """Void every snapshot, in every process and on every node sharing the cache: after writes that leave no
    audit entry (the daily status refresh, a restore, a bulk load). The global version is renewed; nothing
    is deleted (the cache may hold other keys: no `clear()`), old snapshots expire by themselves."""
    renew([GENERATION])
    _local.clear()
    _local_pages.clear()
    _local_searches.clear()


# ----------------------------------------------------------------------- writes renew versions on commit

def _task_org_ids(task_id: int) -> set[int]:
    from giamsat.tasks.models import TaskAssignment

    return set(TaskAssignment.objects.filter(task_id=task_id).values_list("organization_id", flat=True))


def written_scopes(label: str, object_id: str, fields: dict) -> list[str]:
    """The version keys a write changes (see the module's docstring): `label` is the model's, `fields` the
    audited columns of the row (all of them for a new row, the changed ones for an edit)."""
    from giamsat.reporting.models import Report
    from giamsat.tasks.models import ProgressUpdate

    task_id = fields.get("task_id")
    if label == "tasks.evidence" and fields.get("update_id"):
        update = ProgressUpdate.objects.filter(pk=fields["update_id"])
        task_id = update.values_list("task_id", flat=True).first()
    if label in {"tasks.progressupdate", "tasks.taskdecision", "tasks.evidence"} and task_id:
        return _with_part(TASKS, ["all", *(f"org:{i}" for i in _task_org_ids(task_id))])
    if label == "reporting.report":
        org_id = fields.get("organization_id") or (
            Report.objects.filter(pk=object_id).values_list("organization_id", flat=True).first())
        if org_id:
            return _with_part(REPORTS, ["all", f"org:{org_id}"])
    if label.startswith("indicators."):
        return [ANY, INDICATORS]
    return [ANY]


def _with_part(part: str, scopes: list[str]) -> list[str]:
    """`scopes` and the same narrowed to `part`: a whole page reads the first, its parts of that kind the other."""
    return [*scopes, *(f"{part}:{s}" for s in scopes)]


def _recorded(sender, entry, **kwargs) -> None:
    label, object_id = entry.object_type, entry.object_id
    fields = {**(entry.before or {}), **(entry.after or {})} if entry.action != "event" else {}
    renew_on_commit(lambda: written_scopes(label, object_id, fields))


# ------------------------------------------------------------------ agencies' snapshots refreshed on commit

# (kind, params, compute(user, today) → value): an agency's own pages kept as snapshots (the home page, the
# dashboard), registered by the apps that show them (web, dashboard; this module cannot import them).
AGENCY_SNAPSHOTS: list[tuple[str, dict, Callable[[Any, dt.date], Any]]] = []
REFRESH_DELAY = 2.0  # seconds after a commit: a burst of an agency's writes is computed once


def register_agency_snapshot(kind: str, compute: Callable[[Any, dt.date], Any], params: dict | None = None) -> None:
    if all(k != kind for k, _, _ in AGENCY_SNAPSHOTS):
        AGENCY_SNAPSHOTS.append((kind, params or {}, compute))


def agency_viewer(org_id: int):
    """One active agency user of the organization: the agency snapshots are per scope, one serves all."""
    from giamsat.accounts.access import AGENCY_USERS
    from giamsat.accounts.models import User

    return (User.objects.filter(AGENCY_USERS, organization_id=org_id).select_related("organization")
            .order_by("pk").first())


_pending: set[int] = set()  # organizations whose snapshots this process will compute again shortly
_pending_lock = threading.Lock()


def refresh_agencies_in_background(org_ids, *, delay: float = REFRESH_DELAY) -> threading.Thread | None:
    """`refresh_agencies` in a thread of this process, `delay` seconds after the commit (nothing is read in
    the writer's request): the writes of a burst meanwhile are computed once."""
    with _pending_lock:
        new = set(org_ids) - _pending
        _pending.update(new)
    if not new:
        return None

    def work() -> None:
        time.sleep(delay)
        forget_pending()
        refresh_agencies(new)

    def forget_pending() -> None:
        with _pending_lock:
            _pending.difference_update(new)

    # On failure the next view computes them, as without this.
    return in_thread("agency-snapshots", work, done=forget_pending,
                     failure=f"agency snapshots of {sorted(new)} could not be recomputed")


def refresh_agencies(org_ids, *, today: dt.date | None = None) -> int:
    """Compute again the agency snapshots of these organizations that are kept for today and no longer
    current, so that the agency's next view (after its own write, or an office decision on its tasks) shows
    current figures without waiting for them (issue #25: "refreshed on commit"). A snapshot nobody opened
    today (and the daily job did not warm) is left to be computed when opened. Returns how many."""
    today = today or timezone.localdate()
    done = 0
    for org_id in sorted(org_ids):
        user = agency_viewer(org_id)
        if user is None:
            continue
        for kind, params, compute in AGENCY_SNAPSHOTS:
            scopes = version_scopes(user, params)
            generation, *scope_versions = versions([GENERATION, *scopes])
            key = _key(kind, user, params, today, generation)
            kept = store().get(key)
            if kept is None or kept[0] == "|".join(scope_versions):
                continue  # never computed today (nobody looks), or current
            snapshot(kind, user, lambda u=user, c=compute: c(u, today), today=today, params=params,
                     recompute=True)
            done += 1
    return done


def connect() -> None:
    """Called once by the app's `ready()`: every audited write renews the versions it changes, on commit."""
    from giamsat.audit.services import recorded

    recorded.connect(_recorded, dispatch_uid="dashboard.snapshots.recorded")
