"""Reporting punctuality for the dashboard: periods × organizations, on time, late, missing (see
dashboard/selectors.py for how the figures are computed)."""

import datetime as dt
import functools
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import timezone

from giamsat.accounts.access import can_view_board, organization_ids_seen
from giamsat.core.dates import month_end
from giamsat.dashboard.selectors import OrgRef, months_back, org_refs, reverse_or_empty, share
from giamsat.metrics.selectors import submission_codes_by_period
from giamsat.reporting.submissions import SUBMISSION_LABELS, SubmissionCode

# ------------------------------------------------------------------------------------ reporting punctuality

PUNCTUALITY_CODES = list(SubmissionCode.values)
PUNCTUALITY_LABELS = SUBMISSION_LABELS
DUE_CODES = (SubmissionCode.ON_TIME, SubmissionCode.LATE, SubmissionCode.MISSING)  # the periods that were due


@dataclass
class HeatCell:
    counts: dict[str, int]
    url: str = ""

    @property
    def due(self) -> int:
        return sum(self.counts.get(c, 0) for c in DUE_CODES)

    @property
    def rate(self) -> float | None:
        return share(self.counts.get(SubmissionCode.ON_TIME, 0), self.due)

    @property
    def css(self) -> str:
        """hm-0 (nothing due) … hm-good / hm-late / hm-bad, for the heat map colours in app.css."""
        if not self.due:
            return "hm-pending" if self.counts.get(SubmissionCode.PENDING) else "hm-none"
        if self.counts.get(SubmissionCode.MISSING):
            return "hm-bad"
        if self.counts.get(SubmissionCode.LATE):
            return "hm-late"
        return "hm-good"

    @property
    def text(self) -> str:
        if not self.due:
            return "…" if self.counts.get(SubmissionCode.PENDING) else ""
        return f"{self.counts.get('on_time', 0)}/{self.due}"

    @property
    def title(self) -> str:
        parts = [f"{PUNCTUALITY_LABELS[c]}: {self.counts[c]}" for c in PUNCTUALITY_CODES if self.counts.get(c)]
        return "; ".join(parts) or "Không phải báo cáo"


@dataclass
class HeatRow:
    organization: "OrgRef"
    cells: list[HeatCell]
    totals: dict[str, int]

    @property
    def rate(self) -> float | None:
        due = sum(self.totals.get(c, 0) for c in DUE_CODES)
        return share(self.totals.get(SubmissionCode.ON_TIME, 0), due)


@dataclass
class Punctuality:
    columns: list[tuple[str, str]]  # key, label (mm/yyyy of the due date)
    rows: list[HeatRow]
    totals: dict[str, int]
    board_url: str = ""

    @property
    def rate(self) -> float | None:
        due = sum(self.totals.get(c, 0) for c in DUE_CODES)
        return share(self.totals.get(SubmissionCode.ON_TIME, 0), due)


@functools.cache
def _board_url(**params) -> str:
    url = reverse_or_empty("reporting:board")
    if not url:
        return ""
    query = urlencode({k: v for k, v in params.items() if v})
    return url + (f"?{query}" if query else "")


def _own_reports_url(**params) -> str:
    return reverse_or_empty("reporting:mine")


def punctuality(
    user, *, today: dt.date | None = None, months: int = 6, organization_ids: set[int] | None = None,
    resolution: str = "",
) -> Punctuality:
    """Organization × month (of the due date): the reports each organization had to send, and how.
    `resolution`: only the periods of rules of that root resolution's cascade (ADR 0040)."""
    from giamsat.reporting.models import ReportingPeriod

    today = today or timezone.localdate()
    months_list = months_back(today, months)
    first = dt.date(*months_list[0], 1)
    last = month_end(*months_list[-1])
    periods = ReportingPeriod.objects.filter(due_date__range=(first, last), rule__is_active=True).select_related("rule")
    if resolution:
        from giamsat.documents.roots import documents_of_resolution

        periods = periods.filter(rule__document_id__in=documents_of_resolution(resolution))
    # Agencies cannot open the office's submission board: their cells lead to their own reports.
    board_url = _board_url if can_view_board(user) else _own_reports_url
    org_ids = organization_ids_seen(user, among=organization_ids)
    if org_ids is not None and not org_ids:
        return Punctuality([(f"{y}-{m:02d}", f"{m:02d}/{y}") for y, m in months_list], [], {}, board_url())
    keys = [f"{y}-{m:02d}" for y, m in months_list]
    # (organization, month) → {code: n} and the rules behind the cell; plain dicts (national: ~20 000 cells).
    cell_counts: dict[tuple[int, str], dict[str, int]] = {}
    rules_in_cell: dict[tuple[int, str], set[int]] = {}
    # The rows come period by period: a period's month and rule read once for its thousands of cells.
    for period, items in submission_codes_by_period(periods, today=today, org_ids=org_ids):
        key, rule = f"{period.due_date:%Y-%m}", period.rule_id
        for org_id, code in items:
            cell = (org_id, key)
            counts = cell_counts.get(cell)
            if counts is None:
                counts = cell_counts[cell] = {}
                rules_in_cell[cell] = {rule}
            else:
                rules_in_cell[cell].add(rule)
            counts[code] = counts.get(code, 0) + 1
    totals = _added(cell_counts.values())
    orgs = sorted(org_refs({org_id for org_id, _ in cell_counts}).values(), key=lambda o: (o.level, o.name))
    urls = {None: board_url()}  # a few rules, thousands of cells: each URL built once
    rows = []
    for org in orgs:
        cells = []
        for key in keys:
            counts = cell_counts.get((org.pk, key), {})
            rules = rules_in_cell.get((org.pk, key), ())
            rule = next(iter(rules)) if len(rules) == 1 else None
            if rule not in urls:
                urls[rule] = board_url(rule=rule)
            cells.append(HeatCell(counts, urls[rule]))
        rows.append(HeatRow(org, cells, _added(cell.counts for cell in cells)))
    rows.sort(key=lambda r: (r.rate if r.rate is not None else 101, r.organization.name))
    return Punctuality([(k, f"{k[5:]}/{k[:4]}") for k in keys], rows, totals, board_url())


def _added(counts) -> dict[str, int]:
    """{code: n} dicts added up (plain dicts: `Counter.update` checks its argument's type each time, ≈60 000
    times for a country's heat map)."""
    out: dict[str, int] = {}
    for one in counts:
        for code, n in one.items():
            out[code] = out.get(code, 0) + n
    return out
