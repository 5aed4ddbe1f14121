"""Reads of the reporting regime, always through the visibility rules of accounts.access.

- Administrators, the monitoring office, leaders and inspectors see every report, period and reminder.
- An agency (focal point, head) sees its own reports (drafts included), the reminders it received, and the
  reports *sent* to it when it is the recipient named by a rule (never another agency's drafts).

Who reports and their punctuality: `reporting.reporters`, `reporting.submissions`; a report's starting text:
`reporting.prefill`.
"""

import datetime as dt

from django.db.models import Max, QuerySet
from django.utils import timezone

from giamsat.accounts.access import acts_for, can_edit_reports
from giamsat.core.errors import NotFoundError
from giamsat.documents.models import with_document
from giamsat.reporting.models import Reminder, Report, ReportingPeriod, ReportingRule

# ------------------------------------------------------------------------------------------------ periods


def period_visible_queryset(user) -> QuerySet[ReportingPeriod]:
    """The periods the user sees (`ReportingPeriod.objects.visible_to`: agencies, of the rules they report
    under or receive), with their rule, document and recipient."""
    return with_document(ReportingPeriod.objects.visible_to(user).select_related("rule", "rule__recipient"),
                         "rule__document")


def period_list(user) -> QuerySet[ReportingPeriod]:
    """Visible periods, newest first, to be narrowed by `reporting.filters.PeriodFilterSet`."""
    return period_visible_queryset(user).order_by("-end", "rule_id")


def period_get(user, pk: int) -> ReportingPeriod:
    period = period_visible_queryset(user).filter(pk=pk).first()
    if period is None:
        raise NotFoundError("Không tìm thấy kỳ báo cáo hoặc bạn không có quyền xem.")
    return period


def period_is_open(period: ReportingPeriod, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return not period.is_closed and not (period.closes_on and today >= period.closes_on)


def rule_list(user) -> QuerySet[ReportingRule]:
    return with_document(ReportingRule.objects.visible_to(user).select_related("recipient")).order_by(
        "document__date", "document_id", "id"
    )


# ------------------------------------------------------------------------------------------------ reports


def report_list(user) -> QuerySet[Report]:
    """Visible reports, to be narrowed by `reporting.filters.ReportFilterSet`."""
    reports = Report.objects.visible_to(user).select_related("period", "period__rule", "period__rule__recipient",
                                                             "organization")
    return with_document(reports, "period__rule__document").order_by("-period__end", "organization__name",
                                                                       "-version")


def report_get(user, pk: int) -> Report:
    report = (
        Report.objects.visible_to(user)
        .select_related(
            "period",
            "period__rule",
            "period__rule__document",
            "period__rule__recipient",
            "organization",
            "approved_by",
            "sent_by",
            "updated_by",
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise NotFoundError("Không tìm thấy báo cáo hoặc bạn không có quyền xem.")
    return report


def report_versions(report: Report) -> list[Report]:
    return list(
        Report.objects.filter(period_id=report.period_id, organization_id=report.organization_id)
        .select_related("sent_by", "approved_by")
        .order_by("version")
    )


def report_latest(period_id: int, organization_id: int) -> Report | None:
    return (
        Report.objects.filter(period_id=period_id, organization_id=organization_id)
        .order_by("-version")
        .first()
    )


def report_is_editable_by(user, report: Report, *, today: dt.date | None = None) -> bool:
    return (
        can_edit_reports(user)
        and acts_for(user, report.organization_id)
        and report.state != Report.State.SENT
        and period_is_open(report.period, today)
    )

# ----------------------------------------------------------------------------------------------- reminders


def reminder_list(user) -> QuerySet[Reminder]:
    """Visible reminders, newest first, to be narrowed by `reporting.filters.ReminderFilterSet`."""
    return Reminder.objects.visible_to(user).select_related(
        "organization", "recipient", "period", "period__rule__document", "task"
    ).order_by("-sent_at", "-id")


def last_reminders(*, periods=(), tasks=()) -> dict[tuple[str, int, int, str], dt.datetime]:
    """(("period"|"task"), subject id, organization id, kind) → when the last such reminder was sent."""
    out = {}
    if periods:
        for row in (
            Reminder.objects.filter(period__in=list(periods))
            .values("period_id", "organization_id", "kind")
            .annotate(last=Max("sent_at"))
        ):
            out[("period", row["period_id"], row["organization_id"], row["kind"])] = row["last"]
    if tasks:
        for row in (
            Reminder.objects.filter(task__in=list(tasks))
            .values("task_id", "organization_id", "kind")
            .annotate(last=Max("sent_at"))
        ):
            out[("task", row["task_id"], row["organization_id"], row["kind"])] = row["last"]
    return out
