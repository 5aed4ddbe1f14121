"""Early warnings: overdue, soon due and not reported tasks, late reports, unanswered explanations."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils import timezone

from giamsat.accounts.access import organization_ids_seen
from giamsat.dashboard.selectors import visible_tasks
from giamsat.documents.models import with_document
from giamsat.documents.roots import documents_of_resolution
from giamsat.indicators.selectors import explanation_list, indicator_list
from giamsat.indicators.status import IndicatorStatus
from giamsat.metrics.selectors import submission_codes_by_period
from giamsat.organizations.models import Organization
from giamsat.reporting.submissions import SubmissionCode
from giamsat.tasks.selectors import tasks_with_status
from giamsat.tasks.status import StatusCode

# -------------------------------------------------------------------------------------- early warnings


@dataclass
class Warnings:
    today: dt.date
    overdue: list
    soon: list
    not_reported: list
    indicators: list
    reports_missing: list  # (period, organization, submission)
    explanations: list
    # How many of each there are, when the lists hold only the first ones (the page: `shown`); else their
    # lengths.
    counts: dict[str, int] | None = None

    def _n(self, name: str) -> int:
        return self.counts[name] if self.counts and name in self.counts else len(getattr(self, name))

    @property
    def overdue_total(self) -> int:
        return self._n("overdue")

    @property
    def soon_total(self) -> int:
        return self._n("soon")

    @property
    def not_reported_total(self) -> int:
        return self._n(StatusCode.NOT_REPORTED)  # the list of the tasks of that status, named after it

    @property
    def indicators_total(self) -> int:
        return self._n("indicators")

    @property
    def reports_missing_total(self) -> int:
        return self._n("reports_missing")

    @property
    def total(self) -> int:
        return (
            self.overdue_total
            + self.soon_total
            + self.not_reported_total
            + self.indicators_total
            + self.reports_missing_total
            + len(self.explanations)
        )


def early_warnings(user, *, today: dt.date | None = None, lookback_days: int = 365,
                   shown: int | None = None, resolution: str = "") -> Warnings:
    """Tasks overdue or soon due, recurring tasks not reported this cycle and due soon, indicators off
    track or at risk, reports missing (due in the last `lookback_days`), open explanation requests.

    `shown`: only the first so many of each list, with how many there are (`Warnings.counts`): the page of a
    country, whose lists run to tens of thousands of rows (issue #25); the exports and the e-mail have all.
    `resolution` ('57', '71'…): only what belongs to that root resolution's cascade (ADR 0040): its tasks, the
    indicators of its documents, the periods of its reporting rules, the explanations on those indicators."""
    today = today or timezone.localdate()
    cascade = documents_of_resolution(resolution) if resolution else None
    overdue, soon, not_reported, counts = warning_tasks(user, today=today, shown=shown, cascade=cascade)
    indicators = lagging_indicators(user, today=today, cascade=cascade)
    missing = missing_reports(user, today=today, lookback_days=lookback_days, cascade=cascade)
    explanations = open_explanations(user, cascade=cascade)
    if shown is not None:
        counts.update(indicators=len(indicators), reports_missing=len(missing))
        indicators, missing = indicators[:shown], missing[:shown]
    return Warnings(today, overdue, soon, not_reported, indicators, missing, explanations, counts)


# The three task lists of the warnings, by their kept counts' names (one definition: the page, its list pages).
# The third is named by its status (`Warnings.not_reported`): the status code, not a copy of it.
TASK_LISTS = {
    "overdue": Q(cur_code=StatusCode.OVERDUE),
    "soon": Q(cur_warning=True) & ~Q(cur_code=StatusCode.NOT_REPORTED),
    StatusCode.NOT_REPORTED.value: Q(cur_warning=True, cur_code=StatusCode.NOT_REPORTED),
}


def _with_lists(qs):
    """The tasks, each marked with the lists it belongs to (`in_<name>`), by the lists' own conditions: one read
    of the three lists is split in memory exactly as the filters would split it."""
    return qs.annotate(**{f"in_{name}": ExpressionWrapper(cond, output_field=BooleanField())
                          for name, cond in TASK_LISTS.items()})


def _warning_scope(user, *, today: dt.date, cascade=None):
    qs = visible_tasks(user, today=today).order_by("cur_due", "id")
    return qs if cascade is None else qs.filter(document_id__in=cascade)


def warning_task_list(user, name: str, *, today: dt.date, cascade=None):
    """One of the three task lists (`TASK_LISTS`) as a queryset, in the page's order (earliest due first)."""
    return _warning_scope(user, today=today, cascade=cascade).filter(TASK_LISTS[name])


def warning_tasks(user, *, today: dt.date, shown: int | None = None, cascade=None, fields: tuple = ()):
    """(overdue, soon due, recurring not reported, counts): the three task lists of the warnings, the first
    `shown` of each with how many there are (`counts`, None without `shown`). `cascade`: the documents of one
    root resolution. `fields`: only these columns of each task (the page: `tasks.display.ROW_FIELDS`)."""
    qs = _warning_scope(user, today=today, cascade=cascade)
    rows = qs.only(*fields) if fields else qs
    counts = None
    if shown is not None:
        counts = qs.order_by().aggregate(**{name: Count("pk", filter=cond) for name, cond in TASK_LISTS.items()})
    if counts is None or max(counts.values()) <= shown:
        # One read of the three lists, split here as the filters would: the evidence, alert rule and transfers
        # of `tasks_with_status` read once, not once per list (issue #25).
        flagged = tasks_with_status(_with_lists(rows.filter(Q(cur_code=StatusCode.OVERDUE) | Q(cur_warning=True))),
                                    today=today)
        overdue, soon, not_reported = ([t for t in flagged if getattr(t, f"in_{name}")] for name in TASK_LISTS)
    else:  # the first `shown` of each: their rows in one read (not one per list), their status for those only
        firsts = Q()
        for cond in TASK_LISTS.values():
            firsts |= Q(pk__in=qs.filter(cond).values("pk")[:shown])
        flagged = tasks_with_status(_with_lists(rows.filter(firsts)), today=today)
        overdue, soon, not_reported = ([t for t in flagged if getattr(t, f"in_{name}")][:shown] for name in TASK_LISTS)
    return overdue, soon, not_reported, counts


def lagging_indicators(user, *, today: dt.date, cascade=None) -> list:
    """The indicators off track or at risk, off track first."""
    from giamsat.indicators.models import Indicator

    lagging = {IndicatorStatus.OFF_TRACK, IndicatorStatus.AT_RISK}
    narrowed = None if cascade is None else Indicator.objects.visible_to(user).filter(document_id__in=cascade)
    indicators = [i for i in indicator_list(user, narrowed, today=today) if i.assessment.status in lagging]
    indicators.sort(key=lambda i: (i.assessment.status != IndicatorStatus.OFF_TRACK, i.code))
    return indicators


def missing_reports(user, *, today: dt.date, lookback_days: int = 365, cascade=None) -> list:
    """(period, organization, submission) of the reports due in the last `lookback_days` and not sent."""
    from giamsat.reporting.models import ReportingPeriod
    from giamsat.reporting.submissions import Submission

    periods = ReportingPeriod.objects.filter(
        due_date__gte=today - dt.timedelta(days=lookback_days),
        due_date__lt=today,
        rule__is_active=True,
    ).select_related("rule")
    periods = with_document(periods, "rule__document")
    if cascade is not None:
        periods = periods.filter(rule__document_id__in=cascade)
    codes = submission_codes_by_period(periods, today=today, org_ids=organization_ids_seen(user))
    subs = [(period, org_id) for period, cells in codes for org_id, code in cells if code == SubmissionCode.MISSING]
    orgs = Organization.objects.in_bulk({org_id for _, org_id in subs})
    return sorted(
        ((p, orgs[o], Submission(SubmissionCode.MISSING)) for p, o in subs if o in orgs),
        key=lambda x: (x[0].due_date, x[1].name),
    )


# What the warnings show of an open explanation request (page, e-mail, export, API): the request, its
# indicator's code and its organization's names and codes. Not the four joined tables' every column: Django
# compiled ≈60 columns on every view of the page, ≈4 ms, for a list that is mostly empty (issue #25).
EXPLANATION_FIELDS = ("indicator", "organization", "message", "created_at", "due_date", "state", "indicator__code",
                      "organization__name", "organization__short_name", "organization__identifier_code",
                      "organization__admin_unit_code")


def open_explanations(user, *, cascade=None) -> list:
    explanations = (explanation_list(user, state="open").select_related(None)
                    .select_related("indicator", "organization")
                    .only(*EXPLANATION_FIELDS))
    if cascade is not None:
        explanations = explanations.filter(indicator__document_id__in=cascade)
    return list(explanations)
