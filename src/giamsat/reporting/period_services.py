"""Writes on reporting periods: opening every period due by a day (daily job), closing expired ones, and the
office's close / reopen. Reports themselves: `reporting.services`."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from giamsat.accounts.access import require_manager
from giamsat.audit.services import audit_event
from giamsat.core.errors import ApplicationError
from giamsat.reporting import conf
from giamsat.reporting.models import ReportingPeriod, ReportingRule
from giamsat.reporting.periods import periods_between


@dataclass
class PeriodsResult:
    opened: list[ReportingPeriod] = field(default_factory=list)
    closed: list[ReportingPeriod] = field(default_factory=list)


def rule_anchor(rule: ReportingRule) -> dt.date:
    """The first day a rule applies: its own start, else the document's date, else the day it was created."""
    return rule.starts_on or rule.document.date or timezone.localdate(rule.created_at)


@transaction.atomic
def periods_open(today: dt.date | None = None, *, close_expired: bool = True) -> PeriodsResult:
    """Open every period of the active rules that has started by `today`, and close the expired ones.

    Idempotent: a period that exists (same rule and key, or same dates) is left as it is.
    """
    today = today or timezone.localdate()
    grace, close_days = conf.get("GIAMSAT_REPORT_DUE_DAYS"), conf.get("GIAMSAT_REPORT_CLOSE_DAYS")
    rules = list(ReportingRule.objects.filter(is_active=True).select_related("document"))
    existing: dict[int, set] = {}
    for rule_id, key, start, end in ReportingPeriod.objects.filter(rule__in=rules).values_list(
        "rule_id", "key", "start", "end"
    ):
        existing.setdefault(rule_id, set()).update({key, (start, end)})
    result = PeriodsResult()
    for rule in rules:
        anchor = rule_anchor(rule)
        have = existing.get(rule.pk, set())
        for spec in periods_between(
            rule.frequency, anchor, today, due_day=rule.due_day, due_month=rule.due_month, grace_days=grace
        ):
            if spec.start > today or spec.key in have or (spec.start, spec.end) in have:
                continue
            result.opened.append(
                ReportingPeriod.objects.create(
                    rule=rule,
                    key=spec.key,
                    label=spec.label,
                    start=spec.start,
                    end=spec.end,
                    due_date=spec.due_date,
                    closes_on=spec.due_date + dt.timedelta(days=close_days) if close_days > 0 else None,
                )
            )
    if close_expired:
        result.closed = periods_close_expired(today)
    return result


def periods_close_expired(today: dt.date) -> list[ReportingPeriod]:
    closed = []
    for period in ReportingPeriod.objects.filter(is_closed=False, closes_on__lte=today).select_related(
        "rule"
    ):
        _close(period, reason="tự động khóa sau hạn gửi")
        closed.append(period)
    return closed


def _close(period: ReportingPeriod, *, reason: str) -> None:
    period.is_closed = True
    period.closed_at = timezone.now()
    period.save(update_fields=["is_closed", "closed_at", "updated_at"])
    audit_event("period_closed", period, reason=reason)


@transaction.atomic
def period_close(*, user, period: ReportingPeriod) -> ReportingPeriod:
    require_manager(user)
    if period.is_closed:
        raise ApplicationError(f"Kỳ {period.label} đã khóa sổ.")
    _close(period, reason="cơ quan theo dõi khóa")
    return period


@transaction.atomic
def period_reopen(*, user, period: ReportingPeriod, until: dt.date | None = None) -> ReportingPeriod:
    """Reopen a period for late entries; it closes itself again on `until` (or stays open)."""
    require_manager(user)
    today = timezone.localdate()
    if until is not None and until <= today:
        raise ApplicationError("Ngày tự khóa lại phải sau hôm nay.")
    period.is_closed = False
    period.closed_at = None
    period.closes_on = until
    period.save(update_fields=["is_closed", "closed_at", "closes_on", "updated_at"])
    audit_event("period_reopened", period, until=until)
    return period

