"""A report's starting text, composed from the organization's progress updates in the period (Decree 09
outline)."""

import datetime as dt

from django.db.models import Exists, OuterRef

from giamsat.core.report_sections import sections_text
from giamsat.organizations.models import Organization
from giamsat.reporting.models import ReportingPeriod
from giamsat.tasks.models import ProgressUpdate, Task, TaskAssignment, TaskDecision


def _task_ref(task: Task) -> str:
    name = task.name if len(task.name) <= 120 else task.name[:117].rstrip() + "…"
    return f"Nhiệm vụ {task.number}. {name}" if task.number else f"Nhiệm vụ: {name}"


def period_updates(
    *, document_id: int, organization_ids, start: dt.date, end: dt.date
) -> list[ProgressUpdate]:
    """Updates of these organizations on the document's tasks reported in [start, end], without the ones a
    later update corrects (a correction replaces what it corrects)."""
    qs = ProgressUpdate.objects.filter(task__document_id=document_id, reported_on__range=(start, end))
    if organization_ids is not None:
        qs = qs.filter(organization_id__in=organization_ids)
    updates = list(
        qs.select_related("task", "organization").order_by("task__position", "task_id", "reported_on", "id")
    )
    corrected = {u.corrects_id for u in updates if u.corrects_id}
    return [u for u in updates if u.pk not in corrected]


NOTHING = "Không phát sinh."


def compose_report_text(updates) -> dict:
    """Results, shortcomings and proposals of a report from progress updates (oldest first)."""
    results, shortcomings, proposals = [], [], []
    for u in updates:
        ref = _task_ref(u.task)
        if u.state == ProgressUpdate.State.NOTHING:
            results.append(f"- {ref}: không phát sinh ({u.reported_on:%d/%m/%Y}).")
            continue
        state = u.get_state_display() + (f" {u.percent}%" if u.percent is not None else "")
        text = u.narrative or "(không ghi kết quả)"
        results.append(f"- {ref}: {text} ({state}, {u.reported_on:%d/%m/%Y}).")
        if u.difficulties:
            shortcomings.append(f"- {ref}: {u.difficulties}")
        if u.proposals:
            proposals.append(f"- {ref}: {u.proposals}")
    return {
        "results": "\n".join(results) if results else NOTHING,
        "shortcomings": "\n".join(shortcomings) if shortcomings else NOTHING,
        "proposals": "\n".join(proposals) if proposals else NOTHING,
        "nothing_to_report": not results or all("không phát sinh" in line for line in results),
    }


def report_prefill(period: ReportingPeriod, organization: Organization) -> dict:
    """The draft's text from the organization's progress updates in the period (Decree 09 outline)."""
    from giamsat.organizations.selectors import organization_lineage_ids

    org_ids = organization_lineage_ids(organization.pk)
    updates = period_updates(
        document_id=period.rule.document_id, organization_ids=org_ids, start=period.start, end=period.end
    )
    text = compose_report_text(updates)
    # Next period: the tasks it leads that are not done (no "done" word from it or the office by the cut-off)
    # and not cancelled. One query; the full status rules are for the pages, this is only a starting text.
    done_update = ProgressUpdate.objects.filter(
        task=OuterRef("pk"),
        organization_id__in=org_ids,
        state=ProgressUpdate.State.DONE,
        reported_on__lte=period.end,
    )
    closed = TaskDecision.objects.filter(
        task=OuterRef("pk"), decided_on__lte=period.end, kind__in=["done", "cancelled"]
    )
    led = (
        Task.objects.filter(
            document_id=period.rule.document_id,
            pk__in=TaskAssignment.objects.filter(
                organization_id__in=org_ids, role=TaskAssignment.Role.LEAD
            ).values("task_id"),
        )
        .exclude(Exists(done_update))
        .exclude(Exists(closed))
        .order_by("position", "id")
        .only("id", "number", "name", "due_date", "status_due")[:50]
    )
    # The current due date (a recurring task's current cycle, an adjusted deadline), not the first one (#16).
    next_tasks = [f"- {_task_ref(t)}" + (f" (hạn {due:%d/%m/%Y})" if (due := t.status_due or t.due_date) else "")
                  for t in led]
    # Other apps' sections (the outreach record by channel: core.report_sections) follow the results.
    extra = sections_text(org_ids, period.start, period.end)
    if extra:
        results = text.get("results", "")
        text = {**text, "results": extra if results in ("", NOTHING) else f"{results}\n\n{extra}"}
    return {**text, "next_tasks": "\n".join(next_tasks)}
