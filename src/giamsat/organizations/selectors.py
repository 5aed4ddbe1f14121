"""Reads about organizations: lineage through the 2025 reorganization, matching names to organizations."""

import datetime as dt
import time

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from giamsat.core.text import fold
from giamsat.organizations.models import Organization, OrganizationAlias, OrganizationGroup, Succession


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


def organization_lineage_ids(org_id: int) -> set[int]:
    """The organization and every unit that (transitively) passed its work to it: an agency user's scope,
    asked by each of their requests, read from the memoized closure."""
    return {org_id} | successions_closure().get(org_id, set())


_CLOSURE_TTL = 30.0  # seconds; successions change a few times a year, and every save clears the memo
_closure_memo: tuple[float, dict[int, set[int]]] | None = None


def successions_closure() -> dict[int, set[int]]:
    """organization id → the units whose work passed to it (transitively).

    Memoized briefly in each process (every save here clears it; another process's save is seen within
    `_CLOSURE_TTL`), so that computing many statuses, and every agency user's scope, costs no query."""
    global _closure_memo
    now = time.monotonic()
    if _closure_memo is not None and now - _closure_memo[0] < _CLOSURE_TTL:
        return _closure_memo[1]
    closure = _successions_closure()
    _closure_memo = (now, closure)
    return closure


def forget_successions(**kwargs) -> None:
    global _closure_memo
    _closure_memo = None


post_save.connect(forget_successions, sender=Succession, dispatch_uid="organizations.forget_successions_save")
post_delete.connect(forget_successions, sender=Succession, dispatch_uid="organizations.forget_successions_delete")


def _successions_closure() -> dict[int, set[int]]:
    preds: dict[int, set[int]] = {}
    for pred, succ in Succession.objects.values_list("predecessor_id", "successor_id"):
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
