"""Who reports in a period: a rule's reporters (or the leads of its document's tasks), each replaced by its
successors in force at the period's cut-off (2025 reorganization)."""

import datetime as dt
from bisect import bisect_right
from collections import defaultdict

from giamsat.organizations.models import Organization, Succession
from giamsat.reporting.models import ReportingPeriod, ReportingRule
from giamsat.tasks.models import TaskAssignment


def _successor_map() -> dict[int, list[tuple[int, dt.date]]]:
    edges: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
    for pred, succ, day in Succession.objects.values_list("predecessor_id", "successor_id", "effective_date"):
        edges[pred].append((succ, day))
    return edges


def _current_ids(org_ids, *, on: dt.date, edges, validity) -> set[int]:
    """Who answers on `on` for what these organizations were given (2025 reorganization, seed 001 §V.10)."""
    out: set[int] = set()
    for start in org_ids:
        seen, frontier = {start}, [start]
        while frontier:
            org_id = frontier.pop()
            nexts = [s for s, day in edges.get(org_id, ()) if day <= on and s not in seen]
            if nexts:
                seen.update(nexts)
                frontier.extend(nexts)
                continue
            valid_from, valid_to = validity.get(org_id, (None, None))
            # Dissolved without a successor, or not yet established: nobody reports for it.
            if (valid_from is None or valid_from <= on) and (valid_to is None or on <= valid_to):
                out.add(org_id)
    return out


def _change_days(org_ids, *, edges, validity) -> list[dt.date]:
    """The days on which `_current_ids(org_ids, on=day)` may answer otherwise than the day before: a succession
    taking effect, a unit established, the day after a unit's last, among every unit reachable from `org_ids`.
    Between two of them, every comparison `_current_ids` makes comes out the same."""
    days: set[dt.date] = set()
    seen, frontier = set(org_ids), list(org_ids)
    while frontier:
        org_id = frontier.pop()
        valid_from, valid_to = validity.get(org_id, (None, None))
        if valid_from is not None:
            days.add(valid_from)
        if valid_to is not None:
            days.add(valid_to + dt.timedelta(days=1))
        for successor, day in edges.get(org_id, ()):
            days.add(day)
            if successor not in seen:
                seen.add(successor)
                frontier.append(successor)
    return sorted(days)


def period_reporter_ids(periods, *, among: set[int] | None = None) -> dict[int, set[int]]:
    """period id → ids of the organizations that report in it; a fixed number of queries for any number.

    A rule's reporters are its `reporters`, or else every organization that leads a task of its document;
    each is replaced by its successor(s) in force at the period's cut-off.

    `among`: only these organizations are wanted (an agency's dashboard, an organization's page), so only
    their rows are read. It must hold the units merged into its members (`organization_lineage_ids`), whose
    duties pass to them.
    """
    periods = list(periods)
    if not periods:
        return {}
    rule_ids = {p.rule_id for p in periods}
    reporters = ReportingRule.reporters.through.objects.filter(reportingrule_id__in=rule_ids)
    with_list = set(reporters.values_list("reportingrule_id", flat=True).distinct())
    explicit: dict[int, set[int]] = defaultdict(set)
    if among is not None:
        reporters = reporters.filter(organization_id__in=among)
    for rule_id, org_id in reporters.values_list("reportingrule_id", "organization_id"):
        explicit[rule_id].add(org_id)
    # The rules' documents: from the periods when their rules were read with them (select_related), else read.
    doc_of_rule = {p.rule_id: p.rule.document_id for p in periods if ReportingPeriod.rule.is_cached(p)}
    if not rule_ids <= doc_of_rule.keys():
        doc_of_rule = dict(ReportingRule.objects.filter(pk__in=rule_ids).values_list("pk", "document_id"))
    lead_rows = TaskAssignment.objects.filter(
        role=TaskAssignment.Role.LEAD, task__document_id__in=set(doc_of_rule.values())
    )
    if among is not None:
        lead_rows = lead_rows.filter(organization_id__in=among)
    leads: dict[int, set[int]] = defaultdict(set)
    for doc_id, org_id in lead_rows.values_list("task__document_id", "organization_id").distinct():
        leads[doc_id].add(org_id)
    edges = _successor_map()
    validity = {
        pk: (vf, vt) for pk, vf, vt in Organization.objects.values_list("pk", "valid_from", "valid_to")
    }
    # A rule's reporters are worked out once for each stretch of days in which no succession takes effect and
    # no unit is established or dissolved (`_change_days`), not once a period: the country's last year of
    # periods (510, of 102 rules) takes one walk a rule (ADR 0061).
    change_days: dict[int, list[dt.date]] = {}
    answered: dict[tuple[int, int], set[int]] = {}
    out = {}
    for period in periods:
        if period.rule_id in with_list:
            base = explicit.get(period.rule_id, set())
        else:
            base = leads.get(doc_of_rule.get(period.rule_id), set())
        if period.rule_id not in change_days:
            change_days[period.rule_id] = _change_days(base, edges=edges, validity=validity)
        stretch = (period.rule_id, bisect_right(change_days[period.rule_id], period.end))
        if stretch not in answered:
            answered[stretch] = _current_ids(base, on=period.end, edges=edges, validity=validity)
        current = answered[stretch]
        out[period.pk] = set(current) if among is None else current & among  # each period its own set
    return out


def reporters_for(period: ReportingPeriod) -> list[Organization]:
    ids = period_reporter_ids([period]).get(period.pk, set())
    return list(Organization.objects.filter(pk__in=ids).order_by("level", "name"))


def current_lead_ids(tasks, *, on: dt.date) -> dict[int, set[int]]:
    """task id → organizations that lead it now (successors of dissolved leads); tasks need `assignments`."""
    edges = _successor_map()
    validity = {
        pk: (vf, vt) for pk, vf, vt in Organization.objects.values_list("pk", "valid_from", "valid_to")
    }
    return {
        t.pk: _current_ids(
            {a.organization_id for a in t.assignments.all() if a.role == "lead"},
            on=on,
            edges=edges,
            validity=validity,
        )
        for t in tasks
    }
