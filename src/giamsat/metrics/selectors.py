"""Computing the figures of `metrics.definitions` for a scope on a date (ADR 0025).

Scopes: the province (every row), one organization (the tasks it leads, the reports it owes, the
indicators it answers for, the feedback routed to it; with the units merged into it), one document (its
tasks, the reports of its rules, its indicators, the feedback about it). Readers that show a user's own
rows (the dashboard of an agency, the public page) give their task queryset to `task_figures`.

Query counts do not grow with the data: tasks are counted by one aggregate query on their current status
(`tasks.selectors.with_current_status`: the stored copy, computed in memory where stale) when the date is
today; for another date the statuses are computed in memory from their facts (`tasks.facts`), as the
aggregated report of a past period needs. Reports: three queries (`reporting.selectors`); indicators: the
three of `indicators.selectors`; feedback: one aggregate.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from giamsat.accounts.access import own_organization_ids, sees_all
from giamsat.core.dates import add_months, month_end
from giamsat.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from giamsat.documents.models import Document
from giamsat.documents.roots import documents_of_resolution
from giamsat.feedback.models import Feedback
from giamsat.feedback.selectors import owed, punctuality_counts
from giamsat.indicators.models import Indicator
from giamsat.indicators.selectors import indicator_list, indicators_assessed
from giamsat.indicators.status import STATUS_CODES as INDICATOR_CODES
from giamsat.metrics.definitions import (
    BY_KEY,
    DONE,
    DONE_OR_REPORTED,
    KEYS,
    PAUSED_OR_CANCELLED,
    REPORT_WINDOW_MONTHS,
    share,
)
from giamsat.organizations.models import Organization
from giamsat.organizations.selectors import organization_lineage_ids, successions_closure
from giamsat.reporting.models import ReportingPeriod
from giamsat.reporting.reporters import period_reporter_ids
from giamsat.reporting.submissions import SubmissionCode, first_sent_lateness, submission_code
from giamsat.tasks.alerts import OPEN_CODES, alert_level, current_rule
from giamsat.tasks.facts import assignment_rows, iter_with_status_facts, task_status
from giamsat.tasks.models import Task, TaskAssignment
from giamsat.tasks.selectors import evidenced_q, evidenced_task_ids, with_current_status
from giamsat.tasks.status import STATUS_CODES as TASK_CODES
from giamsat.tasks.status import StatusCode

SCOPE_HELP = "Phạm vi không hợp lệ: dùng province, organization:<số> hoặc document:<số>."


@dataclass(frozen=True)
class Scope:
    kind: str  # province | organization | document
    id: int | None = None

    def __str__(self) -> str:
        return self.kind if self.id is None else f"{self.kind}:{self.id}"


def parse_scope(text: str) -> Scope:
    kind, _, ident = (text or "province").strip().partition(":")
    if kind == "province" and not ident:
        return Scope("province")
    if kind in {"organization", "document"} and ident.isdigit() and len(ident) < 10:
        return Scope(kind, int(ident))
    raise ApplicationError(SCOPE_HELP, code="invalid_scope")


def parse_date(text: str | None) -> dt.date:
    if not text:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ApplicationError("Ngày không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2026-01-10.",
                               code="invalid_date") from None


def parse_resolution(text: str | None) -> str:
    """A root resolution's number as the filters take it ('57', '57-NQ/TW'), or refused."""
    from giamsat.core.text import clean_spaces

    text = clean_spaces(text or "")
    if len(text) > 64 or (text and not text[0].isalnum() and not text.startswith("#")):
        raise ApplicationError("Nghị quyết không hợp lệ: ghi số nghị quyết, ví dụ 57 hoặc 57-NQ/TW.",
                               code="invalid_resolution")
    return text


def default_scope(user) -> str:
    """An agency's own organization; the province for everyone else."""
    if not sees_all(user) and getattr(user, "organization_id", None):
        return f"organization:{user.organization_id}"
    return "province"


def authorize(user, scope: Scope) -> None:
    """Who may read a scope's figures: the read-all roles any scope; an agency its own organization only."""
    if scope.kind == "organization" and not Organization.objects.filter(pk=scope.id).exists():
        raise NotFoundError("Không tìm thấy cơ quan, đơn vị.")
    if scope.kind == "document" and not Document.objects.filter(pk=scope.id).exists():
        raise NotFoundError("Không tìm thấy văn bản.")
    if sees_all(user):
        return
    if scope.kind == "organization" and scope.id in own_organization_ids(user):
        return
    raise PermissionDeniedError("Bạn chỉ xem được số liệu của cơ quan, đơn vị mình.")


# ----------------------------------------------------------------------------------------------------- tasks


def _grouped_today(tasks: QuerySet[Task], as_of: dt.date, *fields: str, rule=None):
    """(*fields, status code, early warning, due date passed, alert level, n) over the current status columns.

    One aggregate by the plain columns (status, warning, due date: a few thousand groups for a country), the
    "due date passed" and the alert level worked out per group by `alert_level`, the rule `alert_case` writes in
    SQL (tests/tasks/test_alerts.py: they agree). Evidence matters only to open tasks in the yellow window,
    counted apart in a second, small aggregate. Before issue #25 the alert level was one CASE with a correlated
    EXISTS per row in the aggregate: PostgreSQL costed it as run on every row, so sorted instead of hashing
    (and compiled it: ADR 0052), 0,5 s for 203,020 tasks. `rule`: the alert rule, when the caller read it."""
    current = with_current_status(tasks.order_by(), today=as_of)
    rule = rule or current_rule()
    columns = (*fields, "cur_code", "cur_warning", "cur_due")
    window = current.filter(cur_code__in=OPEN_CODES, cur_due__gt=as_of,
                            cur_due__lte=as_of + dt.timedelta(days=rule.yellow_days)).filter(evidenced_q())
    evidenced = {tuple(key): n for *key, n in window.order_by().values_list(*columns).annotate(n=Count("pk"))}
    code_at = len(fields)
    for *key, n in current.order_by().values_list(*columns).annotate(n=Count("pk")):
        *head, due = key
        code = head[code_at]
        passed = due is not None and due <= as_of
        with_product = evidenced.get(tuple(key), 0)
        for has_product, count in ((True, with_product), (False, n - with_product)):
            if count:
                yield (*head, passed, alert_level(code, due, has_product=has_product, today=as_of, rule=rule), count)


def _task_groups_today(tasks: QuerySet[Task], as_of: dt.date, rule=None) -> Counter:
    groups: Counter = Counter()
    for *key, n in _grouped_today(tasks, as_of, rule=rule):
        groups[tuple(key)] += n
    return groups


def _status_key(status, as_of: dt.date, *, has_product: bool, rule) -> tuple[str, bool, bool, str]:
    return (status.code, status.warning, status.due is not None and status.due <= as_of,
            alert_level(status.code, status.due, has_product=has_product, today=as_of, rule=rule))


def _statuses_on(tasks: QuerySet[Task], as_of: dt.date):
    """(task, its status key on `as_of`) computed in memory, in batches (another day than today)."""
    lineage, rule, batch = successions_closure(), current_rule(), []

    def flush():
        evidenced = evidenced_task_ids([t.pk for t in batch])
        for t in batch:
            yield t, _status_key(task_status(t, today=as_of, lineage=lineage), as_of,
                                 has_product=t.pk in evidenced, rule=rule)
        batch.clear()

    for task in iter_with_status_facts(tasks.order_by("pk")):
        batch.append(task)
        if len(batch) >= 2000:
            yield from flush()
    yield from flush()


def _task_groups_on(tasks: QuerySet[Task], as_of: dt.date) -> Counter:
    return Counter(key for _, key in _statuses_on(tasks, as_of))


def task_groups(tasks: QuerySet[Task], as_of: dt.date, *, rule=None) -> Counter:
    """(status code, early warning, due date passed, alert level) → number of tasks, on `as_of`; `rule`: the
    alert rule in force, when the caller has read it (today's figures)."""
    if as_of == timezone.localdate():
        return _task_groups_today(tasks, as_of, rule)
    return _task_groups_on(tasks, as_of)


def task_groups_by(tasks: QuerySet[Task], as_of: dt.date, field: str) -> dict[object, Counter]:
    """`task_groups` of `tasks` split by `field` (e.g. "document_id") in one query on today, so that a
    caller can add the groups of several values up and count them with `figures_of_groups`."""
    out: dict[object, Counter] = defaultdict(Counter)
    if as_of == timezone.localdate():
        for value, *key, n in _grouped_today(tasks, as_of, field):
            out[value][tuple(key)] += n
        return out
    values = dict(tasks.order_by().values_list("pk", field))
    for task, key in _statuses_on(tasks, as_of):
        out[values[task.pk]][key] += 1
    return out


def figures_of_groups(groups: Counter) -> dict:
    """The task figures from `task_groups`: the one place where "due", "done" and the shares are counted."""
    by_code, alerts = Counter(), Counter()
    due = due_done = soon = 0
    for (code, warning, passed, alert), n in groups.items():
        by_code[code] += n
        alerts[alert] += n
        if passed and code not in PAUSED_OR_CANCELLED:
            due += n
            due_done += n if code in DONE_OR_REPORTED else 0
        soon += n if warning else 0
    total = sum(by_code.values())
    out = {"tasks_total": total, **{f"tasks_{c}": by_code.get(c, 0) for c in TASK_CODES}}
    out.update(
        tasks_done=sum(by_code.get(c, 0) for c in DONE), tasks_due=due, tasks_due_done=due_done,
        due_done_share=share(due_done, due), overdue_share=share(by_code.get(StatusCode.OVERDUE, 0), total),
        tasks_soon_due=soon,
        **{f"tasks_alert_{level}": alerts.get(level, 0) for level in ("yellow", "red", "special_red")},
    )
    return out


def figures_of_statuses(statuses: dict, as_of: dt.date) -> dict:
    """The task figures of statuses already computed for `as_of` ({task id: `tasks.status.TaskStatus`}): the
    aggregated report computes them for its cut-off and counts them here, by the same definitions."""
    evidenced, rule = evidenced_task_ids(list(statuses)), current_rule()
    return figures_of_groups(Counter(_status_key(status, as_of, has_product=pk in evidenced, rule=rule)
                                     for pk, status in statuses.items()))


def task_figures(tasks: QuerySet[Task], as_of: dt.date | None = None, *, rule=None) -> dict:
    """Every task figure of the tasks of `tasks` on `as_of` (today by default); `rule`: the alert rule in force,
    when the caller has read it for its lists too (one query fewer)."""
    return figures_of_groups(task_groups(tasks, as_of or timezone.localdate(), rule=rule))


# --------------------------------------------------------------------------------------------------- reports


def report_window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    first = add_months(dt.date(as_of.year, as_of.month, 1), -(REPORT_WINDOW_MONTHS - 1))
    return first, month_end(as_of.year, as_of.month)


def window_periods(as_of: dt.date, *, document: int | None = None, months: int | None = None,
                   documents: QuerySet | None = None):
    if months is None:
        first, last = report_window(as_of)
    else:
        first, last = add_months(dt.date(as_of.year, as_of.month, 1), -(months - 1)), month_end(as_of.year,
                                                                                              as_of.month)
    periods = ReportingPeriod.objects.filter(due_date__range=(first, last), rule__is_active=True)
    if document is not None:
        periods = periods.filter(rule__document_id=document)
    if documents is not None:  # the cascade of one root resolution (ADR 0040)
        periods = periods.filter(rule__document_id__in=documents)
    return periods.select_related("rule")


def submission_codes(periods, *, today: dt.date, org_ids: set[int] | None = None):
    """(period, organization id, punctuality code) for every organization that must report in each period
    (only those of `org_ids` when given), from plain rows: a national dashboard reads tens of thousands."""
    return [(period, org_id, code) for period, cells in submission_codes_by_period(periods, today=today,
                                                                                   org_ids=org_ids)
            for org_id, code in cells]


def submission_codes_by_period(periods, *, today: dt.date, org_ids: set[int] | None = None):
    """`submission_codes` period by period: (period, [(organization id, code), …]) for callers that read a
    period's own values (its month, its rule) once for its thousands of cells."""
    periods = list(periods)
    reporters = period_reporter_ids(periods, among=org_ids)
    lateness = first_sent_lateness(periods, org_ids=org_ids)
    out = []
    for period in periods:
        # A cell's code depends on the period and on its first version sent (late, on time, none): the three
        # worked out once a period, not once for each of a country's hundred thousand cells.
        code_of = {sent: submission_code(period, sent, today=today) for sent in (True, False, None)}
        pk = period.pk
        out.append((period, [(org_id, code_of[lateness.get((pk, org_id))])
                             for org_id in sorted(reporters.get(pk, ()))]))
    return out


def report_figures_of(codes: Counter) -> dict:
    out = {f"reports_{c}": codes.get(c, 0) for c in SubmissionCode.values}
    out["reports_on_time_share"] = share(out["reports_on_time"],
                                         out["reports_on_time"] + out["reports_late"] + out["reports_missing"])
    return out


def report_figures(as_of: dt.date, *, org_ids: set[int] | None = None, document: int | None = None,
                   documents: QuerySet | None = None) -> dict:
    codes = Counter(code for _, _, code in submission_codes(window_periods(as_of, document=document,
                                                                         documents=documents),
                                                          today=as_of, org_ids=org_ids))
    return report_figures_of(codes)


# ------------------------------------------------------------------------------------ indicators, feedback


def indicator_figures(indicators: list[Indicator]) -> dict:
    """From assessed indicators (`indicators.selectors`)."""
    counts = Counter(i.assessment.status for i in indicators)
    return {"indicators_total": len(indicators), **{f"indicators_{c}": counts.get(c, 0) for c in INDICATOR_CODES}}


def feedback_figures(items: QuerySet[Feedback], as_of: dt.date) -> dict:
    """Answers owed by `as_of`, on time or late by the feedback app's own rule (feedback.selectors)."""
    row = owed(items).filter(answer_due__lte=as_of).order_by().aggregate(
        due=Count("pk"), **punctuality_counts(as_of))
    return _feedback_out(row["due"], row["on_time"], row["late"])


def _feedback_out(due: int, on_time: int, late: int) -> dict:
    return {
        "feedback_due": due, "feedback_answered_on_time": on_time, "feedback_answered_late": late,
        "feedback_unanswered": due - on_time - late, "feedback_on_time_share": share(on_time, due),
    }


# ----------------------------------------------------------------------------------------------------- scopes


def _led_by(org_ids) -> QuerySet[Task]:
    leads = TaskAssignment.objects.filter(role=TaskAssignment.Role.LEAD, organization_id__in=org_ids)
    return Task.objects.filter(pk__in=leads.values("task_id"))


def agency_split(user, tasks: QuerySet[Task]) -> tuple[QuerySet[Task], QuerySet[Task] | None]:
    """(the tasks an agency's figures count, the tasks it only coordinates) among `tasks` (the user's visible
    ones): an agency's figures count the tasks it leads, with the units merged into it — the scope
    organization:<id> of the API, the evaluation's lead share — and its dashboard and home page show the tasks
    it coordinates apart, labelled (issue #16). The read-all roles: every task, nothing apart (None)."""
    org_ids = own_organization_ids(user)
    if not org_ids:
        return tasks, None
    led = _led_by(org_ids).values("pk")
    return tasks.filter(pk__in=led), tasks.exclude(pk__in=led)


def scope_tasks(scope: Scope) -> QuerySet[Task]:
    if scope.kind == "organization":
        return _led_by(organization_lineage_ids(scope.id))
    if scope.kind == "document":
        return Task.objects.filter(document_id=scope.id)
    return Task.objects.all()


def figures(scope: Scope, as_of: dt.date | None = None, *, user=None, resolution: str = "") -> dict:
    """Every figure (`definitions.KEYS`) of a scope on `as_of`. Indicators are assessed as `user` sees them
    (pending values too for those who see them; verified values only without a user). `resolution`: only
    what belongs to the cascade of that root resolution ('57', '71'…: documents.roots, ADR 0040)."""
    as_of = as_of or timezone.localdate()
    cascade = documents_of_resolution(resolution) if resolution else None
    tasks = scope_tasks(scope)
    if cascade is not None:
        tasks = tasks.filter(document_id__in=cascade)
    out = task_figures(tasks, as_of)
    org_ids = organization_lineage_ids(scope.id) if scope.kind == "organization" else None
    document = scope.id if scope.kind == "document" else None
    out.update(report_figures(as_of, org_ids=org_ids, document=document, documents=cascade))
    indicators = Indicator.objects.all()
    if org_ids is not None:
        indicators = indicators.filter(responsible_id__in=org_ids)
    if cascade is not None:
        indicators = indicators.filter(document_id__in=cascade)
    out.update(indicator_figures(indicator_list(user, indicators, document=document, today=as_of)))
    items = Feedback.objects.all()
    if cascade is not None:
        items = items.filter(document_id__in=cascade)
    if org_ids is not None:
        items = items.filter(routed_to_id__in=org_ids)
    if document is not None:
        items = items.filter(document_id=document)
    out.update(feedback_figures(items, as_of))
    return {key: out[key] for key in KEYS}


def labelled(values: dict) -> dict:
    """{key: {"value", "label", "unit"}}: the API's answer."""
    return {key: {"value": values[key], "label": BY_KEY[key].label, "unit": BY_KEY[key].unit} for key in values}


# --------------------------------------------------------------------------------------- many organizations


def by_organization(org_ids, as_of: dt.date | None = None, *, user=None) -> dict[int, dict]:
    """{organization id: {key: value}} for many organizations in one pass (the evaluation's input): the same
    figures as `figures(Scope("organization", id))`, each organization with the units merged into it. A task
    led by two units merged into the same organization counts twice for it (rare: a merger of co-leads)."""
    as_of = as_of or timezone.localdate()
    wanted = list(dict.fromkeys(org_ids))
    closure = successions_closure()
    owners: dict[int, list[int]] = defaultdict(list)  # a unit's id → the wanted organizations it counts for
    for org in wanted:
        for unit in {org} | closure.get(org, set()):
            owners[unit].append(org)
    groups: dict[int, Counter] = {org: Counter() for org in wanted}
    if as_of == timezone.localdate():
        tasks = _led_by(list(owners)).filter(assignments__role=TaskAssignment.Role.LEAD,
                                             assignments__organization_id__in=list(owners))
        for unit, *key, n in _grouped_today(tasks, as_of, "assignments__organization_id"):
            for org in owners[unit]:
                groups[org][tuple(key)] += n
    else:
        for task, key in _statuses_on(_led_by(list(owners)), as_of):
            for a in assignment_rows(task):
                for org in owners.get(a.organization_id, ()) if a.role == "lead" else ():
                    groups[org][key] += 1
    out = {org: figures_of_groups(groups[org]) for org in wanted}
    codes: dict[int, Counter] = {org: Counter() for org in wanted}
    for _, unit, code in submission_codes(window_periods(as_of), today=as_of, org_ids=set(owners)):
        for org in owners.get(unit, ()):
            codes[org][code] += 1
    assessed = indicators_assessed(
        list(Indicator.objects.filter(responsible_id__in=list(owners)).select_related(
            "numerator", "denominator").prefetch_related("targets")), user=user, today=as_of)
    by_responsible: dict[int, list] = defaultdict(list)
    for ind in assessed:
        for org in owners.get(ind.responsible_id, ()):
            by_responsible[org].append(ind)
    feedback: dict[int, Counter] = defaultdict(Counter)
    for unit, on_time, late, due in (
        owed(Feedback.objects.filter(routed_to_id__in=list(owners), answer_due__lte=as_of)).order_by()
        .values_list("routed_to_id").annotate(**punctuality_counts(as_of), due=Count("pk"))
    ):
        for org in owners.get(unit, ()):
            feedback[org].update(on_time=on_time, late=late, due=due)
    for org in wanted:
        f = feedback[org]
        out[org].update(report_figures_of(codes[org]))
        out[org].update(indicator_figures(by_responsible[org]))
        out[org].update(_feedback_out(f["due"], f["on_time"], f["late"]))
        out[org] = {key: out[org][key] for key in KEYS}
    return out


HEADLINE = ["tasks_total", "tasks_due", "tasks_due_done", "due_done_share", "tasks_overdue", "overdue_share",
            "tasks_soon_due"]
HEADLINE_ALL = [*HEADLINE, "reports_on_time", "reports_late", "reports_missing", "reports_on_time_share",
                "indicators_total", "indicators_off_track", "feedback_due", "feedback_on_time_share"]


def rows(values: dict, keys=HEADLINE) -> list[tuple[str, object, str]]:
    """(label, value, unit) of the figures `keys` present in `values`, for `metrics/_figures.html`."""
    return [(BY_KEY[k].label, values[k], BY_KEY[k].unit) for k in keys if k in values]
