"""The monitoring office's aggregated report for a document and a period: the data, gathered once.

`aggregate_data` gathers everything (task statuses as of the data cut-off, results, difficulties and proposals
of the period, submissions); `aggregate.docx` and `aggregate.xlsx` lay it out, `aggregate.files` names the file.
"""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from giamsat.aggregate.headings import section_titles
from giamsat.core.errors import ApplicationError
from giamsat.core.text import clean_ooxml as clean
from giamsat.documents.models import Document
from giamsat.metrics.selectors import figures_of_statuses
from giamsat.organizations.models import Organization
from giamsat.reporting import conf
from giamsat.reporting.models import Report, ReportingPeriod, ReportingRule
from giamsat.reporting.periods import parse_period_key, period_ending
from giamsat.reporting.prefill import NOTHING, period_updates
from giamsat.reporting.submissions import period_submissions
from giamsat.tasks.models import ProgressUpdate, SolutionGroup, Task, TaskAssignment
from giamsat.tasks.selectors import task_status, with_status_facts
from giamsat.tasks.status import LABELS

# When several rules have a period ending in the same month, the shortest one is the report of that month.
_SPAN_ORDER = ["monthly", "quarterly", "6-month", "9-month", "annual", "once"]

@dataclass
class PeriodRef:
    key: str
    label: str
    start: dt.date
    end: dt.date
    due_date: dt.date | None = None
    period: ReportingPeriod | None = None  # the opened period, when the document has a rule for it


def aggregate_resolve_period(document: Document, key: str, *, frequency: str = "") -> PeriodRef:
    """`2025-06` (the period whose cut-off is in June 2025: the monthly one if the document has a monthly
    rule, else the longer one ending then), `2025-Q2`, `2025-H1`, `2025-9M` or `2025`."""
    parsed = parse_period_key(key)
    if parsed is None:
        raise ApplicationError(
            "Kỳ không hợp lệ: dùng dạng YYYY-MM (ví dụ 2025-06), hoặc 2025-Q2, 2025-H1, 2025-9M, 2025.",
            code="invalid_period",
        )
    freq, year, month = parsed
    if frequency and frequency not in _SPAN_ORDER:
        raise ApplicationError("Tần suất kỳ báo cáo không hợp lệ.", code="invalid_period")
    periods = ReportingPeriod.objects.filter(rule__document=document).select_related(
        "rule", "rule__recipient"
    )
    if freq == "monthly":
        periods = periods.filter(end__year=year, end__month=month)
    else:
        periods = periods.filter(key=key.upper() if "-" in key else key, rule__frequency=freq)
    if frequency:
        periods = periods.filter(rule__frequency=frequency)
    found = sorted(periods, key=lambda p: (_SPAN_ORDER.index(p.rule.frequency), p.rule_id))
    if found:
        p = found[0]
        return PeriodRef(p.key or key, p.label, p.start, p.end, p.due_date, p)
    try:
        spec = period_ending(frequency or freq, year, month, grace_days=conf.get("GIAMSAT_REPORT_DUE_DAYS"))
    except ValueError as exc:
        raise ApplicationError(
            "Không có kỳ báo cáo nào như vậy cho văn bản này.", code="invalid_period"
        ) from exc
    return PeriodRef(spec.key, spec.label, spec.start, spec.end, spec.due_date, None)


@dataclass
class TaskRow:
    task: Task
    group: str
    leads: str
    coordinators: str
    deadline: str
    lead_codes: str  # the leads' national identifiers (QCVN 102) and administrative-unit codes, for exports
    status_code: str
    status_label: str
    latest: ProgressUpdate | None


@dataclass
class GroupSummary:
    name: str
    counts: Counter
    results: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class AggregateData:
    document: Document
    period: PeriodRef
    as_of: dt.date
    generated_on: dt.date
    issuer: Organization | None
    place: str
    counts: list[tuple[str, str, int]]  # code, label, count (non-zero, in LABELS order)
    total: int
    due_done_ratio: float | None  # giamsat.metrics: due_done_share
    overdue_ratio: float | None  # giamsat.metrics: overdue_share
    groups: list[GroupSummary]
    shortcomings: list[tuple[str, str]]  # organization, text
    proposals: list[tuple[str, str]]
    tasks: list[TaskRow]
    submissions: list[tuple[Organization, object]] = field(default_factory=list)
    figures: dict = field(default_factory=dict)  # the task figures of giamsat.metrics at the cut-off
    outreach: list = field(default_factory=list)  # an outreach plan's counts by channel (outreach.selectors)
    addressee: str = ""  # "Kính gửi": whom the plan says it reports to

    @property
    def submission_counts(self) -> Counter:
        return Counter(sub.code for _, sub in self.submissions)


def _group_name(task: Task, titles: dict[str, str]) -> str:
    section = clean(task.section)
    if section:
        if re.fullmatch(r"[IVXLC0-9.\-]+", section):
            # A bare section number ("V.1"): the plan's own title of it, else "Mục V.1".
            return titles.get(section.strip(".")) or f"Mục {section}"
        return section
    if task.solution_group:
        return SolutionGroup(task.solution_group).label
    if task.source == "appendix":
        return "Nhiệm vụ tại phụ lục của văn bản"
    return "Các nhiệm vụ khác"


def _deadline(task: Task) -> str:
    due = task.status.due
    text = clean(task.deadline_text)
    if due and text:
        return f"{text} (hạn {due:%d/%m/%Y})"
    return text or (f"{due:%d/%m/%Y}" if due else "Không xác định")


def _meaningful(text: str) -> bool:
    return bool(clean(text)) and clean(text).rstrip(".").lower() != NOTHING.rstrip(".").lower()


def aggregate_data(document: Document, period: PeriodRef, *, today: dt.date | None = None) -> AggregateData:
    today = today or timezone.localdate()
    as_of = min(today, period.end)  # figures as of the data cut-off (Decree 09/2019, art. 12)
    latest_id = Subquery(
        ProgressUpdate.objects.filter(task=OuterRef("pk"), is_lead=True, reported_on__lte=as_of)
        .order_by("-reported_on", "-id")
        .values("id")[:1]
    )
    # Computed as of the cut-off, not read from the stored (today's) status; nothing is written.
    tasks = with_status_facts(
        Task.objects.filter(document=document).annotate(latest_id=latest_id).order_by("position", "id"),
        leads_only=True,
    )
    # Coordinators as plain names (a task for "các sở, ban, ngành, UBND các xã" has a hundred of them).
    coordinator_names: dict[int, list[str]] = {}
    for task_id, name, short_name in (
        TaskAssignment.objects.filter(task__document=document, role=TaskAssignment.Role.COORDINATOR)
        .order_by("task_id", "id")
        .values_list("task_id", "organization__name", "organization__short_name")
    ):
        coordinator_names.setdefault(task_id, []).append(short_name or name)
    for task in tasks:
        task.status = task_status(task, today=as_of)
    latest = ProgressUpdate.objects.select_related("organization").in_bulk(
        [t.latest_id for t in tasks if t.latest_id]
    )

    rows, groups = [], {}
    titles = section_titles(document.full_text)
    for task in tasks:
        name = _group_name(task, titles)
        groups.setdefault(name, GroupSummary(name, Counter()))
        groups[name].counts[task.status.code] += 1
        assignments = list(task.assignments.all())
        rows.append(
            TaskRow(
                task=task,
                group=name,
                leads="; ".join(a.organization.display_name for a in assignments if a.role == "lead")
                or clean(task.lead_text),
                coordinators="; ".join(coordinator_names.get(task.pk, [])),
                deadline=_deadline(task),
                lead_codes="; ".join(a.organization.codes for a in assignments if a.role == "lead"),
                status_code=task.status.code,
                status_label=task.status.label,
                latest=latest.get(task.latest_id),
            )
        )
    counts = Counter(t.status.code for t in tasks)
    # "Due", "due and done" and the shares: giamsat.metrics, the one definition (a done task without a
    # deadline is not due: issue #16).
    figures = figures_of_statuses({t.pk: t.status for t in tasks}, as_of)

    updates = period_updates(
        document_id=document.pk, organization_ids=None, start=period.start, end=period.end
    )
    group_of = {row.task.pk: row.group for row in rows}
    for u in updates:
        if u.state == ProgressUpdate.State.NOTHING or not _meaningful(u.narrative):
            continue
        ref = f"nhiệm vụ {u.task.number}" if u.task.number else "nhiệm vụ"
        groups[group_of[u.task_id]].results.append(
            f"{u.organization.display_name} ({ref}): {clean(u.narrative)}"
        )

    # Difficulties and proposals: an agency's sent report speaks for it (it was edited and approved);
    # agencies without one are represented by what they wrote in their progress updates.
    shortcomings, proposals, reported_orgs = [], [], set()
    submissions = []
    if period.period is not None:
        submissions = period_submissions(period.period, today=today)
        sent = (
            Report.objects.filter(period=period.period, state=Report.State.SENT)
            .select_related("organization")
            .order_by("organization__name", "-version")
        )
        for report in sent:
            if report.organization_id in reported_orgs:
                continue  # the latest version only
            reported_orgs.add(report.organization_id)
            if _meaningful(report.shortcomings):
                shortcomings.append((report.organization.display_name, clean(report.shortcomings)))
            if _meaningful(report.proposals):
                proposals.append((report.organization.display_name, clean(report.proposals)))
    for u in updates:
        if u.organization_id in reported_orgs:
            continue
        ref = f" (nhiệm vụ {u.task.number})" if u.task.number else ""
        if _meaningful(u.difficulties):
            shortcomings.append((u.organization.display_name + ref, clean(u.difficulties)))
        if _meaningful(u.proposals):
            proposals.append((u.organization.display_name + ref, clean(u.proposals)))

    rule = period.period.rule if period.period is not None else _document_rule(document)
    issuer = rule.recipient if rule is not None and rule.recipient_id else document.issuer
    # Whom the report goes to, when the plan names a body outside the system ("Bộ Khoa học và Công nghệ");
    # a recipient inside it is the issuer of the aggregated report itself.
    addressee = clean(rule.recipient_text) if rule is not None and not rule.recipient_id else ""
    return AggregateData(
        document=document,
        period=period,
        as_of=as_of,
        generated_on=today,
        issuer=issuer,
        place=document.place or settings.GIAMSAT_PROVINCE,
        counts=[(code, label, counts[code]) for code, label in LABELS.items() if counts.get(code)],
        total=len(tasks),
        due_done_ratio=figures["due_done_share"],
        overdue_ratio=figures["overdue_share"],
        groups=list(groups.values()),
        shortcomings=shortcomings,
        proposals=proposals,
        tasks=rows,
        submissions=submissions,
        figures=figures,
        outreach=outreach_rows(document, period.start, as_of),
        addressee=addressee,
    )


def _document_rule(document: Document):
    """The plan's reporting rule when no period of it was opened (its recipient decides the issuer)."""
    return ReportingRule.objects.filter(document=document).select_related("recipient").order_by("id").first()


def outreach_rows(document: Document, start: dt.date, end: dt.date) -> list:
    """For an outreach plan (its title says tuyên truyền, or activities name it): every agency's activities
    of the period by channel."""
    from giamsat.core.text import fold
    from giamsat.outreach.models import OutreachActivity
    from giamsat.outreach.selectors import channel_table

    if "tuyen truyen" not in fold(document.title) and not OutreachActivity.objects.filter(document=document).exists():
        return []
    return channel_table(None, start, end)


def text_lines(text: str) -> list[str]:
    """The items of a multi-line text, without their "- " / "+ " bullet marks."""
    out = []
    for line in clean(text).split("\n"):
        line = re.sub(r"^[-+•*]\s+", "", line.strip())
        if line:
            out.append(line)
    return out


def latest_text(update: ProgressUpdate | None) -> str:
    if update is None:
        return "Chưa có cập nhật"
    state = update.get_state_display() + (f" {update.percent}%" if update.percent is not None else "")
    narrative = clean(update.narrative)
    if len(narrative) > 300:
        narrative = narrative[:297].rstrip() + "…"
    text = f"{update.reported_on:%d/%m/%Y} – {update.organization.display_name}: {state}"
    return f"{text}. {narrative}" if narrative else text


def lower_first(text: str) -> str:
    """ "Quý II/2025" → "quý II/2025": lower-casing the whole label would break the Roman numeral."""
    return text[:1].lower() + text[1:]


def title_text(data: AggregateData) -> str:
    doc = data.document
    ref = f"{doc.doc_type} số {doc.number}" if doc.number else doc.doc_type
    return f"Kết quả thực hiện {ref} {lower_first(data.period.label)}"
