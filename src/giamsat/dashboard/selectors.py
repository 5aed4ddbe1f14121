"""Dashboard figures, composed from the selectors of the other apps. Read-only, scoped to the user.

How the figures are computed (docs/dev/dashboards.md):

- **Tasks.** Every task carries the stored copy of its computed status (tasks.summary: `status_code`,
  `status_warning`, `status_due`, refreshed on every write and each day). Figures read the current status
  (`with_current_status`: the stored columns, with the few rows not yet computed for today computed in
  memory; one query when nothing is stale; nothing is written), then every count is an aggregate query:
  by status, by solution group × status, by lead organization × status, due and done-of-due. Only the
  rows a page shows are loaded (the first 20 overdue and soon-due tasks).
- **Completion trend.** Aggregates by month on the stored due date and completion date
  (`status_done_on`, stored with the status).
- **Reporting punctuality.** Periods, the organizations that must report in them
  (`reporting.reporters.period_reporter_ids`), and the reports are read in a fixed number of queries;
  each cell follows `reporting.submissions.submission_status` (on time or late by the first version sent,
  missing once the due date has passed).
- **Indicators.** `indicators.selectors.indicator_list`: three queries for any number of indicators (an
  indicator's status needs its targets and values, so it is computed in Python over those rows).

Every figure carries the URL of the list behind it; tests/dashboard/test_query_counts.py proves the query
count of each page does not grow with the data.
"""
import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import BooleanField, Case, Count, DateField, QuerySet, Value, When
from django.db.models.functions import Cast, TruncMonth
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from giamsat.core.dates import month_end
from giamsat.documents.roots import documents_of_resolution
from giamsat.indicators.selectors import indicator_list, status_counts
from giamsat.indicators.status import STATUS_LABELS as INDICATOR_LABELS
from giamsat.metrics.definitions import share
from giamsat.metrics.selectors import agency_split, task_figures
from giamsat.organizations.models import Organization
from giamsat.tasks.alerts import current_rule
from giamsat.tasks.display import ROW_FIELDS
from giamsat.tasks.models import SolutionGroup, Task, TaskAssignment
from giamsat.tasks.selectors import stale_statuses, task_list, tasks_with_status, with_current_status, with_lead_names
from giamsat.tasks.status import LABELS as TASK_LABELS
from giamsat.tasks.status import StatusCode

OPEN_CODES = {StatusCode.NOT_STARTED, StatusCode.IN_PROGRESS, StatusCode.OVERDUE}
CLOSED_CODES = {StatusCode.CANCELLED, StatusCode.PAUSED}
DONE_CODES = {StatusCode.DONE_ON_TIME, StatusCode.DONE_LATE}


@functools.lru_cache(maxsize=64)
def _reversed(name: str, urlconf, prefix: str) -> str:
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return ""


def reverse_or_empty(name: str) -> str:
    """The URL of a page, or "" when its app is not mounted. Reversed once per URL configuration and script
    prefix (a dashboard builds thousands of links: reversing costs ≈0.1 ms each; issue #25)."""
    return _reversed(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


_PLAIN = re.compile(r"[A-Za-z0-9_.\-]*")


def query_string(params: dict) -> str:
    """`urlencode(params)` without its per-character quoting when every value is a number or a plain code
    (the breakdowns' thousands of links: a status code, an organization id); the same text either way."""
    parts = []
    for key, value in params.items():
        if value in (None, ""):
            continue
        if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str)
                                                                          and _PLAIN.fullmatch(value))):
            return urlencode({k: v for k, v in params.items() if v not in (None, "")})
        parts.append(f"{key}={value}")
    return "&".join(parts)


def tasks_url(*, base: str | None = None, **params) -> str:
    """The task list page with filters (web:tasks supports q, status, organization, role, document,
    solution_group, due_from, due_to). `base`: the page's address (default: reversed once, see
    `reverse_or_empty`)."""
    query = query_string(params)
    return (reverse_or_empty("web:tasks") if base is None else base) + (f"?{query}" if query else "")


def indicators_url(**params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("indicators:list") + (f"?{query}" if query else "")


def months_back(today: dt.date, n: int) -> list[tuple[int, int]]:
    out = []
    y, m = today.year, today.month
    for _ in range(n):
        out.append((y, m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


@dataclass(frozen=True, slots=True)
class OrgRef:
    """An organization as a dashboard row names it: plain values, since a national table has thousands."""

    pk: int
    name: str
    short_name: str
    code: str
    level: str
    identifier_code: str = ""  # the national electronic identifier (QCVN 102:2016/BTTTT), in the exports

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


def org_refs(ids: set[int], *, active_on: dt.date | None = None) -> dict[int, OrgRef]:
    """id → OrgRef for these organizations, in one query of plain rows (every row when asked for many: a
    list of thousands of ids costs more to send than the rows); `active_on`: only those not dissolved by then."""
    rows = Organization.objects.values_list("pk", "name", "short_name", "code", "level", "identifier_code")
    if active_on is not None:
        rows = rows.exclude(valid_to__lt=active_on)
    if len(ids) <= 1000:
        rows = rows.filter(pk__in=ids)
    return {row[0]: OrgRef(*row) for row in rows if row[0] in ids}


# ------------------------------------------------------------------------------------------------- tasks


@dataclass(slots=True)
class Cell:
    """A count and the query string of the list behind it; the URL is put together when shown (a national
    breakdown has thousands of cells, and the API shows none of their URLs)."""

    n: int
    query: str | None = None  # `query_string` of the list's filters; None: no list to link to
    base: str | None = None  # the task list's address, reversed once for a whole breakdown

    @property
    def url(self) -> str:
        if self.query is None:
            return ""
        base = reverse_or_empty("web:tasks") if self.base is None else self.base
        return f"{base}?{self.query}" if self.query else base


@dataclass
class BreakdownRow:
    key: int | None
    label: str
    total: int
    params: dict | None
    cells: dict[str, Cell]  # status code → count and link
    done_share: float | None = None
    overdue_share: float | None = None
    base: str | None = None

    @property
    def url(self) -> str:
        return tasks_url(base=self.base, **self.params) if self.params is not None else ""


@dataclass
class TrendPoint:
    month: str  # mm/yyyy
    end: dt.date
    due: int
    done: int
    done_of_due: int
    ratio: float | None


@dataclass
class TaskSummary:
    total: int
    counts: dict[str, int]
    shares: dict[str, float | None]
    status_rows: list[tuple[str, str, int, float | None, str]]  # code, label, n, share, url
    by_group: list[BreakdownRow]
    by_org: list[BreakdownRow]
    overdue: list  # the first LIST_LIMIT, with their status
    overdue_count: int
    soon: list
    soon_count: int
    due_total: int
    due_done: int
    due_done_ratio: float | None
    overdue_ratio: float | None
    trend: list[TrendPoint]
    codes: list[str] = field(default_factory=list)  # the status columns worth showing (non-zero somewhere)
    figures: dict = field(default_factory=dict)  # the task figures of giamsat.metrics, by key
    coordinated: int | None = None  # an agency's tasks it only coordinates, shown apart (metrics.agency_split)
    overdue_qs: QuerySet | None = None  # the whole lists, for exports
    soon_qs: QuerySet | None = None


LIST_LIMIT = 20


def _breakdown(key, label, counts: dict[str, int], codes, url_params, base: str | None = None) -> BreakdownRow:
    total = sum(counts.values())
    done = sum(counts.get(c, 0) for c in DONE_CODES)
    base = reverse_or_empty("web:tasks") if base is None else base
    # The row's filters encoded once, each cell's status before them: the text `query_string({"status": c,
    # **url_params})` gives (a status code is plain), without its check of every value in every cell.
    row_query = query_string(url_params) if url_params is not None else None
    return BreakdownRow(
        key=key,
        label=label,
        total=total,
        params=url_params,
        cells={
            c: Cell(counts.get(c, 0), None if row_query is None else f"status={c}&{row_query}" if row_query
                    else f"status={c}", base)
            for c in codes
        },
        done_share=share(done, total),
        overdue_share=share(counts.get(StatusCode.OVERDUE, 0), total),
        base=base,
    )


def visible_tasks(user, *, today: dt.date, document: int | None = None) -> QuerySet[Task]:
    """The user's tasks with their current status for `today` (`cur_*`), unordered (ready to aggregate)."""
    tasks = task_list(user, coordinators=False)
    if document:
        tasks = tasks.filter(document_id=document)
    return with_current_status(tasks, today=today)


def task_summary(
    user, *, today: dt.date | None = None, document: int | None = None, trend_months: int = 12, lists: bool = True,
    resolution: str = "",
) -> TaskSummary:
    """Every task figure of the dashboard, by aggregate queries on the stored statuses (module docstring).
    `lists=False` leaves out the first overdue and soon-due tasks (the API gives their counts only).
    `resolution` ('57', '71'…): only the tasks of that root resolution's cascade (ADR 0040), as
    `metrics.figures(..., resolution=)` counts them; the lists behind the figures are filtered alike."""
    today = today or timezone.localdate()
    tasks = task_list(user, coordinators=False)
    if document:
        tasks = tasks.filter(document_id=document)
    if resolution:
        tasks = tasks.filter(document_id__in=documents_of_resolution(resolution))
    # An agency's figures count the tasks it leads (as GET /api/v1/metrics?scope=organization:<id>); the
    # tasks it only coordinates are counted apart.
    tasks, coordinated = agency_split(user, tasks)
    statuses = stale_statuses(tasks, today=today)  # normally none: the daily job computed them
    qs = with_current_status(tasks, statuses=statuses)
    flat = qs.order_by()
    base = {"document": document} if document else {}
    if resolution:
        base["resolution"] = resolution
    # One aggregate by (solution group, status) gives both the status counts and the group breakdown.
    by_group_counts: dict[int | None, dict[str, int]] = defaultdict(dict)
    counts: Counter = Counter()
    for group, code, n in flat.values_list("solution_group", "cur_code").annotate(n=Count("pk")):
        by_group_counts[group][code] = n
        counts[code] += n
    counts = dict(counts)
    total = sum(counts.values())
    codes = [c for c in TASK_LABELS if counts.get(c)]
    status_rows = [(c, TASK_LABELS[c], counts[c], share(counts[c], total), tasks_url(status=c, **base)) for c in codes]

    by_group = [
        _breakdown(g, label, by_group_counts[g], codes, {"solution_group": g, **base})
        for g, label in SolutionGroup.choices
        if by_group_counts.get(g)
    ]
    if by_group_counts.get(None):
        # The list page has no "without group" filter: this row's numbers are shown without links.
        by_group.append(_breakdown(None, "Chưa phân nhóm giải pháp", by_group_counts[None], codes, None))

    by_org_counts: dict[int, dict[str, int]] = defaultdict(dict)
    # From the tasks, joined once to their lead assignments (not the assignments of `task IN (the tasks)`: a
    # country's 203,020 ids hashed for nothing; ADR 0052). A unit dissolved by a reorganization is no active
    # lead: its open work shows under its successors. It is left out with the names (not by a third table in
    # the aggregate's join: ≈1,5 ms of its 6 at province scale).
    for org_id, code, n in (
        flat.filter(assignments__role=TaskAssignment.Role.LEAD)
        .values_list("assignments__organization_id", "cur_code")
        .annotate(n=Count("pk"))  # one lead row per (task, organization): assignment_unique
    ):
        by_org_counts[org_id][code] = n
    names = org_refs(set(by_org_counts), active_on=today)
    list_url = reverse_or_empty("web:tasks")  # once for thousands of rows (a country's organizations)
    by_org = sorted(
        (
            _breakdown(oid, names[oid].display_name, c, codes, {"organization": oid, "role": "lead", **base}, list_url)
            for oid, c in by_org_counts.items()
            if oid in names
        ),
        key=lambda r: (-r.cells.get(StatusCode.OVERDUE, Cell(0)).n, -r.total, r.label),
    )

    overdue_qs = qs.filter(cur_code=StatusCode.OVERDUE).order_by("cur_due", "id")
    soon_qs = qs.filter(cur_warning=True).order_by("cur_due", "id")
    # The headline figures ("due", "due and done", the shares, soon due): giamsat.metrics, the one definition.
    rule = current_rule()  # read once for the figures and the lists
    figures = task_figures(flat, today, rule=rule)
    first_overdue, first_soon = first_lists(overdue_qs, soon_qs, today=today, rule=rule) if lists else ([], [])
    return TaskSummary(
        total=total,
        counts=counts,
        shares={c: share(counts[c], total) for c in codes},
        status_rows=status_rows,
        by_group=by_group,
        by_org=by_org,
        overdue=first_overdue,
        overdue_count=counts.get(StatusCode.OVERDUE, 0),
        soon=first_soon,
        soon_count=figures["tasks_soon_due"],
        due_total=figures["tasks_due"],
        due_done=figures["tasks_due_done"],
        due_done_ratio=figures["due_done_share"],
        overdue_ratio=figures["overdue_share"],
        trend=completion_trend(flat, today, trend_months),
        codes=codes,
        figures=figures,
        coordinated=coordinated.order_by().count() if coordinated is not None else None,
        overdue_qs=overdue_qs,
        soon_qs=soon_qs,
    )


def first_lists(*querysets, today: dt.date, limit: int = LIST_LIMIT, rule=None) -> list[list[Task]]:
    """The first `limit` tasks of each queryset with their status: their leads' names, evidence, alert rule and
    transfers read once for all of them. `rule`: the alert rule in force, when the caller has read it."""
    # Of each task only what its row shows; its leads' names as plain rows, not its assignments as models.
    lists = [list(qs.prefetch_related(None).only(*ROW_FIELDS)[:limit]) for qs in querysets]
    with_lead_names([t for tasks in lists for t in tasks])
    tasks_with_status([t for tasks in lists for t in tasks], today=today, rule=rule)  # sets .status etc.
    return lists


def _month_of(field: str):
    """The first day of a date column's month, as a date: `TruncMonth` alone comes back from PostgreSQL as a
    timestamp with its time zone, parsed from text row by row (≈5 ms of the trend's 10 at province scale)."""
    return Cast(TruncMonth(field), DateField())


def completion_trend(tasks: QuerySet[Task], today: dt.date, months: int = 12) -> list[TrendPoint]:
    """Month by month (cumulative, at each month's end): one-off tasks due by then, done by then, and the
    share of the due ones that were done by then. Paused, cancelled and recurring tasks are left out.

    One aggregate query on the stored status, by (month of the due date, month of the completion date, done
    by today): a task counts as "done of due" at a month's end once both have passed, i.e. in the later of
    the two months (the month of the later date is the later month). Before issue #25 three queries, each a
    scan of every task (ADR 0052)."""
    current = with_current_status(tasks, today=today)
    one_off = current.filter(recurring=False).exclude(cur_code__in=CLOSED_CODES)
    is_done = Case(When(cur_code__in=DONE_CODES, cur_done_on__lte=today, then=Value(True)), default=Value(False),
                   output_field=BooleanField())
    passed = Case(When(cur_due__lte=today, then=Value(True)), default=Value(False), output_field=BooleanField())
    due_by_month: Counter = Counter()
    done_by_month: Counter = Counter()
    both_by_month: Counter = Counter()
    rows = (one_off.annotate(due_m=_month_of("cur_due"), done_m=_month_of("cur_done_on"), done=is_done,
                             passed=passed)
            .order_by().values_list("due_m", "done_m", "done", "passed").annotate(n=Count("pk")))
    for due_m, done_m, done, passed_, n in rows:
        due = (due_m.year, due_m.month) if due_m is not None else None
        if passed_:
            due_by_month[due] += n
        if done and done_m is not None:
            done_by_month[(done_m.year, done_m.month)] += n
            if due is not None:
                both_by_month[max(due, (done_m.year, done_m.month))] += n

    def upto(counter: Counter, year: int, month: int) -> int:
        return sum(n for (y, m), n in counter.items() if (y, m) <= (year, month))

    points = []
    for year, month in months_back(today, months):
        end = min(month_end(year, month), today)
        due, done_of_due = upto(due_by_month, year, month), upto(both_by_month, year, month)
        points.append(
            TrendPoint(
                f"{month:02d}/{year}",
                end,
                due,
                upto(done_by_month, year, month),
                done_of_due,
                share(done_of_due, due),
            )
        )
    return points


# -------------------------------------------------------------------------------------------- indicators


@dataclass
class IndicatorSummary:
    items: list
    counts: dict[str, int]
    rows: list[tuple[str, str, int, str]]  # code, label, n, url


def indicator_summary(
    user,
    *,
    today: dt.date | None = None,
    responsible_ids: set[int] | None = None,
    document: int | None = None,
    resolution: str = "",
) -> IndicatorSummary:
    queryset = None
    if resolution:  # the indicators of one root resolution's cascade (ADR 0040)
        from giamsat.indicators.models import Indicator

        queryset = Indicator.objects.visible_to(user).filter(document_id__in=documents_of_resolution(resolution))
    items = indicator_list(user, queryset, today=today, document=document, responsible_ids=responsible_ids)
    counts = status_counts(items)
    rows = [(c, INDICATOR_LABELS[c], n, indicators_url(status=c)) for c, n in counts.items()]
    return IndicatorSummary(items, counts, rows)
