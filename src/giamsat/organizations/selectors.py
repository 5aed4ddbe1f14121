"""Reads about organizations: lineage through the 2025 reorganization, matching names to organizations."""

import datetime as dt
import itertools
import math
import threading
import time

from django.core.signals import request_started
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from giamsat.core.frame import current_stamp, frame_keep_seconds, renew_stamp_now_and_on_commit
from giamsat.core.text import fold
from giamsat.organizations.models import (
    Organization,
    OrganizationAlias,
    OrganizationGroup,
    Reorganization,
    ScopeVersion,
    Succession,
    Transfer,
    successions_written,
)


def organization_list() -> QuerySet[Organization]:
    return Organization.objects.select_related("parent").order_by("level", "name")


def organization_current(org: Organization, *, on: dt.date | None = None) -> list[Organization]:
    """Who is responsible now for what `org` was given: follow successions in force on `on` (default today).

    A merge gives one successor; a split gives several. Cycles in bad data are cut.
    """
    on = on or dt.date.today()
    result, seen, frontier = [], {org.pk}, [org]
    while frontier:
        current = frontier.pop(0)
        nexts = [
            s.successor
            for s in Succession.objects.filter(predecessor=current, effective_date__lte=on).select_related("successor")
            if s.successor_id not in seen
        ]
        if not nexts:
            result.append(current)
        for successor in nexts:
            seen.add(successor.pk)
            frontier.append(successor)
    return result


def organization_lineage_ids(org_id: int, *, on: dt.date | None = None) -> set[int]:
    """The organization and every unit that (transitively) passed its work to it by `on` (default today): an
    agency user's scope, asked by each of their requests, read from the memoized closure."""
    return {org_id} | successions_closure(on=on).get(org_id, set())


# The closure of successions in force, per day, memoized in each process under the **scope stamp** it was
# computed for (ADR 0032, its mechanism as ADR 0055 says): the first read of each request compares the stamp
# in the shared `default` cache — a file read, or Redis shared by every node — with the memo's, so a change of
# successions committed by any process is seen on the next request, with no query. Every write of
# successions renews the stamp at once and again on commit (`scope_version_bump`), and increments
# `ScopeVersion`, the number compared instead when GIAMSAT_FRAME_CACHE_SECONDS is 0. A memo lives that many
# seconds at most: the bound for a write that renews nothing (raw SQL).
SCOPE_STAMP_KEY = "giamsat-scope-stamp"


class _Memo:
    def __init__(self, stamp: str, checked: int, seconds: int):
        # `checked`: the number of the last request started when the stamp was read (before computing).
        self.stamp, self.checked, self.days = stamp, checked, {}
        self.expires = time.monotonic() + seconds if seconds > 0 else math.inf


_memo: _Memo | None = None
# Each request takes a new number when it starts; a memo checked under the number still current was checked
# after the start of every request running (threads of one process share the memo).
_request_numbers = itertools.count(1)
_last_request = 0
# A transaction that wrote successions reads them before they commit: the closures its thread computes are
# kept apart from the process's memo until then (no other thread serves them, none is kept on a rollback).
_writing = threading.local()


def scope_version() -> int:
    return ScopeVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def scope_version_bump() -> None:
    """Called by every write that changes successions (the services, the admin through the signals, the
    queryset's bulk writes): every process's closure is computed anew on its next request."""
    if not ScopeVersion.objects.filter(pk=1).update(number=F("number") + 1):
        ScopeVersion.objects.get_or_create(pk=1, defaults={"number": 1})  # a counter: not audited
    renew_scopes()


def renew_scopes() -> None:
    """Every process computes its closure anew on its next request (the stamp; a restore, which loads
    successions beside the ORM and its ScopeVersion row with them, calls this alone)."""
    forget_successions()
    renew_stamp_now_and_on_commit(SCOPE_STAMP_KEY)
    if transaction.get_connection().in_atomic_block:
        _writing.memo = _Memo("", 0, 0)
        transaction.on_commit(_committed)


def _committed() -> None:
    _writing.memo = None


def successions_closure(*, on: dt.date | None = None) -> dict[int, set[int]]:
    """organization id → the units whose work passed to it (transitively) by `on` (default today).

    Memoized per process and per day, checked against the scope stamp once per request: computing many
    statuses, and every agency user's scope, costs no query while the successions do not change."""
    day = on or timezone.localdate()
    days = _current_memo().days
    if day not in days:
        if len(days) > 32:
            days.clear()
        days[day] = _successions_closure(day)
    return days[day]


def _current_memo() -> _Memo:
    global _memo
    writing = getattr(_writing, "memo", None)
    if writing is not None and transaction.get_connection().in_atomic_block:
        return writing
    memo, request = _memo, _last_request
    if memo is not None and memo.checked == request and time.monotonic() < memo.expires:
        return memo
    seconds = frame_keep_seconds()
    stamp = current_stamp(SCOPE_STAMP_KEY) if seconds > 0 else f"v{scope_version()}"
    if memo is None or memo.stamp != stamp or time.monotonic() >= memo.expires:
        memo = _Memo(stamp, request, seconds)
    else:
        memo.checked = request
    _memo = memo
    return memo


def forget_successions(**kwargs) -> None:
    global _memo
    _memo = None
    _writing.memo = None


def _request_started(**kwargs) -> None:
    global _last_request
    _last_request = next(_request_numbers)


def _succession_changed(**kwargs) -> None:
    scope_version_bump()


request_started.connect(_request_started, dispatch_uid="organizations.scope_version_check")
post_save.connect(_succession_changed, sender=Succession, dispatch_uid="organizations.forget_successions_save")
post_delete.connect(_succession_changed, sender=Succession, dispatch_uid="organizations.forget_successions_delete")
successions_written.connect(_succession_changed, dispatch_uid="organizations.forget_successions_bulk")


def _successions_closure(day: dt.date) -> dict[int, set[int]]:
    preds: dict[int, set[int]] = {}
    rows = Succession.objects.filter(effective_date__lte=day).values_list("predecessor_id", "successor_id")
    for pred, succ in rows:
        preds.setdefault(succ, set()).add(pred)
    closure: dict[int, set[int]] = {}
    for org in preds:
        seen, frontier = set(), [org]
        while frontier:
            for p in preds.get(frontier.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    frontier.append(p)
        closure[org] = seen
    return closure


def organization_match(phrase: str) -> Organization | OrganizationGroup | None:
    """Exact (accent-insensitive) match of a phrase against names, short names, aliases and group phrases."""
    key = fold(phrase)
    if not key:
        return None
    alias = OrganizationAlias.objects.filter(key=key).select_related("organization").first()
    if alias:
        return alias.organization
    for org in Organization.objects.only("id", "name", "short_name"):
        if key in {fold(org.name), fold(org.short_name)}:
            return org
    for group in OrganizationGroup.objects.all():
        if key in group.keys:
            return group
    return None


# ------------------------------------------------------------------------------------- reorganizations


def organization_is_active(org: Organization, on: dt.date | None = None) -> bool:
    return org.is_active_on(on or timezone.localdate())


def organization_lineage(org: Organization) -> dict:
    """Predecessors and successors of an organization, with the dates and the deciding documents."""
    rows_in = Succession.objects.filter(successor=org).select_related("predecessor", "reorganization")
    rows_out = Succession.objects.filter(predecessor=org).select_related("successor", "reorganization")
    return {
        "predecessors": [(s.predecessor, s) for s in rows_in.order_by("effective_date", "predecessor__name")],
        "successors": [(s.successor, s) for s in rows_out.order_by("effective_date", "successor__name")],
    }


def reorganization_list() -> QuerySet:
    return (Reorganization.objects.select_related("corrects").prefetch_related("predecessors", "successors")
            .order_by("-effective_date", "-id"))


def transferred_from_refs(what: str, object_ids) -> dict[int, list[dict]]:
    """object id → the units its work passed from, by applied reorganizations, as the API gives them:
    [{"id", "name", "reorganization_id", "effective_date"}] in the order they happened (one query)."""
    rows = (Transfer.objects.filter(what=what, object_id__in=list(object_ids), from_organization__isnull=False,
                                    reorganization__state=Reorganization.State.APPLIED)
            .values_list("object_id", "from_organization_id", "from_organization__name", "reorganization_id",
                         "reorganization__effective_date").order_by("id"))
    out: dict[int, list[dict]] = {}
    for object_id, org_id, name, reorg_id, effective in rows:
        refs = out.setdefault(object_id, [])
        if all(r["id"] != org_id for r in refs):
            refs.append({"id": org_id, "name": name, "reorganization_id": reorg_id, "effective_date": effective})
    return out


def transferred_from(what: str, object_ids) -> dict[int, list[str]]:
    """object id → the names of the units its work passed from ("chuyển từ …"), by applied reorganizations."""
    rows = (Transfer.objects.filter(what=what, object_id__in=list(object_ids), from_organization__isnull=False,
                                    reorganization__state=Reorganization.State.APPLIED)
            .values_list("object_id", "from_organization__name").order_by("id"))
    out: dict[int, list[str]] = {}
    for object_id, name in rows:
        if name not in out.setdefault(object_id, []):
            out[object_id].append(name)
    return out
