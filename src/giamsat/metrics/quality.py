"""Data-quality checks for the monitoring office (issue #16): what makes the figures untrustworthy, counted per
agency, each row linking to the item to fix. Read-only; a fixed number of queries per check.

Checks (stable keys, as in GET /api/v1/data-quality):
- tasks_without_deadline: one-off, not continuous, no due date (the explicit "Không có thời hạn" included);
- tasks_without_lead: no lead organization assigned;
- done_without_evidence: done (current status) with no evidence file or link on a lead update;
- dissolved_leads: open tasks led by an organization dissolved (valid_to in the past);
- backdated_updates: updates whose reported date is more than GIAMSAT_BACKDATE_DAYS before their recording;
- update_bursts: GIAMSAT_BURST_UPDATES or more updates by one account on a reporting deadline or the day
  before;
- indicator_values_out_of_range: values outside the indicator's declared range, or for a year before its
  baseline year or after its last target year;
- duplicate_tasks: two tasks of one plan with the same name (case and spaces aside).
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Lower, Trim, TruncDate
from django.urls import reverse
from django.utils import timezone

from giamsat.indicators.models import Indicator, IndicatorValue
from giamsat.organizations.models import Organization
from giamsat.reporting.models import ReportingPeriod
from giamsat.tasks.models import ProgressUpdate, Task, TaskAssignment
from giamsat.tasks.selectors import evidenced_q, with_current_status
from giamsat.tasks.status import DONE_CODES, StatusCode

ROWS_SHOWN = 200
NO_AGENCY = "(chưa có cơ quan)"


@dataclass
class Check:
    key: str
    label: str
    what: str
    count: int = 0
    by_organization: dict[int | None, int] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)  # {"organization", "title", "detail", "url"}
    organization_names: dict = field(default_factory=dict)
    organization_codes: dict = field(default_factory=dict)  # "mã định danh / mã ĐVHC" (issue #18)


def _task_url(pk: int) -> str:
    return reverse("web:task", args=[pk])


def _lead_counts(tasks: QuerySet[Task]) -> dict[int | None, int]:
    counts: dict[int | None, int] = dict(
        TaskAssignment.objects.filter(role=TaskAssignment.Role.LEAD, task__in=tasks.order_by().values("pk"))
        .order_by().values_list("organization_id").annotate(n=Count("task_id")))  # one row per (task, lead)
    without = tasks.exclude(Exists(TaskAssignment.objects.filter(task=OuterRef("pk"), role="lead"))).count()
    if without:
        counts[None] = without
    return counts


def _task_rows(tasks: QuerySet[Task], detail) -> list[dict]:
    rows = list(tasks.order_by("document_id", "position", "id").values(
        "pk", "number", "name", "document__number", "deadline_text")[:ROWS_SHOWN])
    leads, codes = defaultdict(list), defaultdict(list)
    for task_id, name, *code in (TaskAssignment.objects.filter(task_id__in=[r["pk"] for r in rows], role="lead")
                                 .order_by("id").values_list("task_id", "organization__name",
                                                             "organization__identifier_code",
                                                             "organization__admin_unit_code")):
        leads[task_id].append(name)
        if any(code):
            codes[task_id].append(_codes(*code))
    return [{"organization": "; ".join(leads[r["pk"]]) or NO_AGENCY, "codes": "; ".join(codes[r["pk"]]),
             "title": f"{r['number'] + '. ' if r['number'] else ''}{r['name'][:200]}",
             "detail": detail(r), "url": _task_url(r["pk"])} for r in rows]


def _codes(identifier: str, admin_unit: str) -> str:
    """As Organization.codes: "mã định danh / mã ĐVHC" (issue #18)."""
    return " / ".join(c for c in (identifier, admin_unit) if c)


def _task_check(key, label, what, tasks: QuerySet[Task], detail=lambda r: r["document__number"]) -> Check:
    return Check(key, label, what, tasks.count(), _lead_counts(tasks), _task_rows(tasks, detail))


# Set at start-up by giamsat.dashboard (a layer above): `keep(user, today, compute)` keeps the checks until
# the data changes (dashboard.snapshots, ADR 0011). Unset: computed on every request.
keep = None


def data_quality_for(user, *, rows: bool = True) -> list[Check]:
    """The checks as the office's page and API read them: kept while the data does not change."""
    today = timezone.localdate()
    if keep is None:
        return data_quality(today, rows=rows)
    checks = keep(user, today, lambda: data_quality(today))
    return checks if rows else [Check(c.key, c.label, c.what, c.count, c.by_organization, [],
                                      organization_names=c.organization_names,
                                      organization_codes=c.organization_codes) for c in checks]


def data_quality(today: dt.date | None = None, *, rows: bool = True) -> list[Check]:
    today = today or timezone.localdate()
    tasks = with_current_status(Task.objects.all(), today=today)
    checks = [
        _task_check("tasks_without_deadline", "Nhiệm vụ không có thời hạn",
                    "Nhiệm vụ một lần, không thường xuyên, không có hạn (kể cả chọn «Không có thời hạn»).",
                    without_deadline(tasks),
                    lambda r: r["deadline_text"] or "(trống)"),
        _task_check("tasks_without_lead", "Nhiệm vụ chưa có cơ quan chủ trì", "Chưa giao cơ quan chủ trì.",
                    tasks.exclude(Exists(TaskAssignment.objects.filter(task=OuterRef("pk"), role="lead")))),
        _task_check("done_without_evidence", "Hoàn thành nhưng không có minh chứng",
                    "Đã hoàn thành mà cơ quan chủ trì chưa gửi tệp hoặc đường dẫn minh chứng nào.",
                    tasks.filter(cur_code__in=DONE_CODES).exclude(evidenced_q())),
        _task_check("dissolved_leads", "Cơ quan chủ trì đã giải thể",
                    "Nhiệm vụ chưa hoàn thành mà cơ quan chủ trì đã giải thể (hết hiệu lực).",
                    tasks.exclude(cur_code__in=[*DONE_CODES, StatusCode.CANCELLED]).filter(Exists(
                        TaskAssignment.objects.filter(task=OuterRef("pk"), role="lead",
                                                      organization__valid_to__lt=today)))),
        _backdated(), _bursts(), _indicator_values(),
        _task_check("duplicate_tasks", "Nhiệm vụ trùng trong một văn bản",
                    "Hai nhiệm vụ cùng văn bản có tên giống nhau (không kể hoa thường, khoảng trắng).",
                    _duplicates()),
    ]
    names, codes = {}, {}
    for pk, name, ident, unit in Organization.objects.filter(
            pk__in={org for c in checks for org in c.by_organization if org}).values_list(
            "pk", "name", "identifier_code", "admin_unit_code"):
        names[pk], codes[pk] = name, _codes(ident, unit)
    for check in checks:
        check.organization_names = {org: names.get(org, NO_AGENCY) for org in check.by_organization}
        check.organization_codes = {org: codes.get(org, "") for org in check.by_organization}
        if not rows:
            check.rows = []
    return checks


def without_deadline(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.filter(due_date__isnull=True, recurring=False).exclude(deadline_kind="continuous")


def backdated_updates() -> QuerySet[ProgressUpdate]:
    return (ProgressUpdate.objects.annotate(recorded=TruncDate("created_at"))
            .filter(reported_on__lt=F("recorded") - dt.timedelta(days=settings.GIAMSAT_BACKDATE_DAYS)))


def _backdated() -> Check:
    days = settings.GIAMSAT_BACKDATE_DAYS
    qs = backdated_updates()
    rows = [{"organization": org, "codes": _codes(ident, unit),
             "title": f"{number + '. ' if number else ''}{name[:200]}",
             "detail": f"ngày báo cáo {reported:%d/%m/%Y}, ghi nhận {recorded:%d/%m/%Y}", "url": _task_url(task)}
            for task, number, name, org, ident, unit, reported, recorded in qs.order_by("-recorded", "-id").values_list(
                "task_id", "task__number", "task__name", "organization__name", "organization__identifier_code",
                "organization__admin_unit_code", "reported_on", "recorded")[:ROWS_SHOWN]]
    by_org = dict(qs.order_by().values_list("organization_id").annotate(n=Count("pk")))
    return Check("backdated_updates", "Cập nhật ghi lùi ngày quá quy định",
                 f"Ngày báo cáo sớm hơn ngày ghi nhận quá {days} ngày (GIAMSAT_BACKDATE_DAYS).",
                 sum(by_org.values()), by_org, rows)


def _bursts() -> Check:
    most = settings.GIAMSAT_BURST_UPDATES
    due_days = set(ReportingPeriod.objects.order_by().values_list("due_date", flat=True).distinct())
    days = due_days | {d - dt.timedelta(days=1) for d in due_days}
    groups = list(ProgressUpdate.objects.filter(author__isnull=False).annotate(day=TruncDate("created_at"))
                  .filter(day__in=days).order_by().values_list("author__username", "organization_id",
                                                               "organization__name", "organization__identifier_code",
                                                               "organization__admin_unit_code", "day")
                  .annotate(n=Count("pk")).filter(n__gte=most).order_by("-day", "-n"))
    by_org = Counter(org for _, org, *_ in groups)
    rows = [{"organization": name, "codes": _codes(ident, unit),
             "title": f"Tài khoản {user}: {n} cập nhật ngày {day:%d/%m/%Y}",
             "detail": "sát hạn gửi báo cáo", "url": reverse("web:organization", args=[org])}
            for user, org, name, ident, unit, day, n in groups[:ROWS_SHOWN]]
    return Check("update_bursts", "Cập nhật dồn dập sát hạn báo cáo",
                 f"Một tài khoản ghi từ {most} cập nhật trở lên trong ngày hạn gửi báo cáo hoặc ngày trước đó "
                 "(GIAMSAT_BURST_UPDATES).", len(groups), dict(by_org), rows)


def values_out_of_range() -> QuerySet[IndicatorValue]:
    # The years each indicator declares (baseline, last target), grouped by year: a few conditions on the
    # indexed end of period instead of a subquery per value.
    after: dict[int, list[int]] = defaultdict(list)
    before: dict[int, list[int]] = defaultdict(list)
    for pk, base, last in (Indicator.objects.annotate(last=Max("targets__year")).order_by()
                           .values_list("pk", "baseline_year", "last")):
        if base:
            before[base].append(pk)
        if last:
            after[last].append(pk)
    outside = (Q(indicator__min_value__isnull=False, value__lt=F("indicator__min_value"))
               | Q(indicator__max_value__isnull=False, value__gt=F("indicator__max_value")))
    for year, ids in before.items():
        outside |= Q(indicator_id__in=ids, period_end__lt=dt.date(year, 1, 1))
    for year, ids in after.items():
        outside |= Q(indicator_id__in=ids, period_end__gt=dt.date(year, 12, 31))
    return IndicatorValue.objects.filter(outside)


def _indicator_values() -> Check:
    qs = values_out_of_range()
    by_org = dict(qs.order_by().values_list("organization_id").annotate(n=Count("pk")))
    rows = [{"organization": org, "codes": _codes(ident or "", unit or ""),
             "title": f"{code} — kỳ {period}: {value.normalize():f}".replace(".", ","),
             "detail": f"khoảng hợp lệ {lo if lo is not None else '…'} – {hi if hi is not None else '…'}",
             "url": reverse("indicators:detail", args=[ind])}
            for ind, code, period, value, org, ident, unit, lo, hi in qs.order_by("indicator__code", "period")
            .values_list("indicator_id", "indicator__code", "period", "value", "organization__name",
                         "organization__identifier_code", "organization__admin_unit_code", "indicator__min_value",
                         "indicator__max_value")[:ROWS_SHOWN]]
    return Check("indicator_values_out_of_range", "Số liệu chỉ tiêu ngoài khoảng hoặc ngoài năm khai báo",
                 "Giá trị ngoài khoảng hợp lệ của chỉ tiêu, hoặc cho năm trước năm cơ sở, sau năm mục tiêu cuối.",
                 sum(by_org.values()), by_org, rows)


def _duplicates() -> QuerySet[Task]:
    same = (Task.objects.annotate(key=Lower(Trim("name")))
            .filter(document_id=OuterRef("document_id"), key=OuterRef("key")).exclude(pk=OuterRef("pk")))
    return Task.objects.annotate(key=Lower(Trim("name"))).filter(Exists(same))


def quality_answer(checks: list[Check]) -> dict:
    return {"checks": [{
        "key": c.key, "label": c.label, "what": c.what, "count": c.count,
        "by_organization": [{"id": org, "name": c.organization_names[org], "count": n}
                            for org, n in sorted(c.by_organization.items(), key=lambda kv: -kv[1])],
    } for c in checks]}


# The evaluation's data-quality criterion (issue #17) reads these findings per agency: the checks of this module
# that belong to an agency's own work and can be traced to a task or an indicator. Evidence is a criterion of
# its own there (evidence_complete); dissolved leads and bursts belong to no single item.
FINDING_LABELS = {
    "tasks_without_deadline": "nhiệm vụ không có thời hạn",
    "duplicate_tasks": "nhiệm vụ trùng trong văn bản",
    "backdated_updates": "cập nhật ghi lùi ngày quá quy định",
    "indicator_values_out_of_range": "số liệu ngoài khoảng hoặc ngoài năm khai báo",
}


def findings(task_ids, org_ids) -> tuple[dict[int, set[str]], list[tuple[int, str, int, str]]]:
    """({task id: the keys of its own findings} among `task_ids`, [(organization id, kind, id, key)] of the
    findings written by `org_ids`: back-dated updates (kind "task"), values out of range (kind "indicator")).
    Four queries; the data as it is now (the checks have no "as of")."""
    tasks = Task.objects.filter(pk__in=list(task_ids))
    by_task: dict[int, set[str]] = defaultdict(set)
    for pk in without_deadline(tasks).values_list("pk", flat=True):
        by_task[pk].add("tasks_without_deadline")
    for pk in _duplicates().filter(pk__in=list(task_ids)).values_list("pk", flat=True):
        by_task[pk].add("duplicate_tasks")
    written = [(org, "task", task, "backdated_updates") for org, task in backdated_updates().filter(
        organization_id__in=list(org_ids)).order_by("organization_id", "task_id").distinct().values_list(
        "organization_id", "task_id")]
    written += [(org, "indicator", ind, "indicator_values_out_of_range") for org, ind in values_out_of_range().filter(
        organization_id__in=list(org_ids)).order_by("organization_id", "indicator_id").distinct().values_list(
        "organization_id", "indicator_id")]
    return dict(by_task), written
