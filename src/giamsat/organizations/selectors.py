"""Reads about organizations: lineage through the 2025 reorganization, matching names to organizations."""

import datetime as dt

from django.db.models import QuerySet

from giamsat.core.compiled import CompiledQuery
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


_PREDECESSORS = CompiledQuery(
    lambda args: Succession.objects.filter(successor_id__in=args.orgs).order_by().values_list("predecessor_id")
)


def organization_lineage_ids(org_id: int) -> set[int]:
    """The organization and every unit that (transitively) passed its work to it. Asked by every agency
    user's request: compiled once (core.compiled)."""
    ids, frontier = {org_id}, [org_id]
    while frontier:
        preds = {pred for pred, in _PREDECESSORS.rows(orgs=frontier)}
        frontier = list(preds - ids)
        ids |= preds
    return ids


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
