"""The reporting regime of each province's plan and the agencies' reports, with realistic lateness.

Rules as in the seed documents: monthly by the 15th, six-monthly by 15 June, yearly by 15 December, to the
People's Committee's office. Periods come from `reporting.periods` (Decree 09/2019 cut-off on the 14th).
Every department and every commune (from the 2025 reorganization on) reports: about 70% on time, 15% late,
7% stuck as a draft, 8% never; a few sent reports are corrected by a second version.
"""

import datetime as dt

from giamsat.reporting import conf
from giamsat.reporting.models import Report, ReportingPeriod, ReportingRule
from giamsat.reporting.periods import periods_between
from giamsat.synth import vocab
from giamsat.synth.clock import REORGANIZATION, VN
from giamsat.synth.organizations import Province

RULE_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "document_id",
    "frequency",
    "due_day",
    "due_month",
    "recipient_id",
    "recipient_text",
    "source_text",
    "is_active",
    "starts_on",
)
REPORTER_COLUMNS = ("id", "reportingrule_id", "organization_id")
PERIOD_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "rule_id",
    "key",
    "label",
    "start",
    "end",
    "due_date",
    "closes_on",
    "is_closed",
    "closed_at",
)
REPORT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "period_id",
    "organization_id",
    "version",
    "state",
    "nothing_to_report",
    "results",
    "shortcomings",
    "next_tasks",
    "proposals",
    "lock_version",
    "updated_by_id",
    "approved_by_id",
    "approved_at",
    "sent_at",
    "sent_by_id",
    "is_late",
    "previous_id",
    "is_demo",
)
Reporter = ReportingRule.reporters.through

TABLES = [
    (ReportingRule, RULE_COLUMNS),
    (Reporter, REPORTER_COLUMNS),
    (ReportingPeriod, PERIOD_COLUMNS),
    (Report, REPORT_COLUMNS),
]

RULES = [  # frequency, due day, due month, sentence of the plan
    ("monthly", 15, None, "Báo cáo định kỳ hằng tháng trước ngày 15"),
    ("6-month", 15, 6, "Báo cáo 6 tháng trước ngày 15/6"),
    ("annual", 15, 12, "Báo cáo năm trước ngày 15/12"),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=VN)


def build_reporting(ctx, prov: Province, plan) -> list[dict]:
    """Rules, periods and reports of the province's plan; returns the periods (the benchmark's handles)."""
    loader, as_of = ctx.loader, ctx.as_of
    office = prov.orgs["vp-ubnd"]
    reporters = prov.issuers + prov.communes
    close_days = conf.get("GIAMSAT_REPORT_CLOSE_DAYS")
    created = _at(plan.date, 11)
    periods_out = []
    for frequency, due_day, due_month, sentence in RULES:
        rule_id = loader.new_id(ReportingRule)
        loader.add(
            ReportingRule,
            (
                rule_id,
                created,
                created,
                plan.id,
                frequency,
                due_day,
                due_month,
                office.id,
                office.name,
                sentence,
                True,
                plan.date,
            ),
        )
        for org in reporters:
            loader.add(Reporter, (loader.new_id(Reporter), rule_id, org.id))
        for spec in periods_between(frequency, plan.date, as_of, due_day=due_day, due_month=due_month):
            closes_on = spec.due_date + dt.timedelta(days=close_days) if close_days else None
            closed = closes_on is not None and closes_on <= as_of
            period_id = loader.new_id(ReportingPeriod)
            opened = _at(spec.start, 7)
            loader.add(
                ReportingPeriod,
                (
                    period_id,
                    opened,
                    _at(closes_on, 7) if closed else opened,
                    rule_id,
                    spec.key,
                    spec.label,
                    spec.start,
                    spec.end,
                    spec.due_date,
                    closes_on,
                    closed,
                    _at(closes_on, 7) if closed else None,
                ),
            )
            periods_out.append(
                {
                    "id": period_id,
                    "frequency": frequency,
                    "key": spec.key,
                    "end": spec.end,
                    "due_date": spec.due_date,
                    "closed": closed,
                }
            )
            for org in reporters:
                if org.role == "commune" and spec.end < REORGANIZATION:
                    continue  # the commune did not exist yet
                _reports(ctx, period_id, spec, org)
    return periods_out


def _reports(ctx, period_id: int, spec, org) -> None:
    rng, as_of = ctx.rng, ctx.as_of
    if spec.due_date > as_of:  # still open: some agencies already have a draft
        if spec.start <= as_of and rng.random() < 0.4:
            _report(ctx, period_id, org, "draft", _at(min(as_of, spec.end), 9), None)
        return
    outcome = rng.choices(("on_time", "late", "draft", "missing"), (70, 15, 7, 8))[0]
    if outcome == "missing":
        return
    if outcome == "draft":
        _report(ctx, period_id, org, rng.choice(("draft", "approved")), _at(spec.end, 9), None)
        return
    if outcome == "on_time":
        sent = spec.end + dt.timedelta(days=rng.randint(0, max(0, (spec.due_date - spec.end).days)))
    else:
        sent = spec.due_date + dt.timedelta(days=rng.randint(1, 25))
        if sent > as_of:
            _report(ctx, period_id, org, "approved", _at(spec.end, 9), None)
            return
    first = _report(ctx, period_id, org, "sent", _at(sent - dt.timedelta(days=2), 9), (sent, spec.due_date))
    correction = sent + dt.timedelta(days=rng.randint(2, 20))
    if rng.random() < 0.03 and correction <= as_of:
        _report(
            ctx,
            period_id,
            org,
            "sent",
            _at(correction, 9),
            (correction, spec.due_date),
            version=2,
            previous=first,
        )


def _report(
    ctx,
    period_id: int,
    org,
    state: str,
    created: dt.datetime,
    sent_and_due,
    *,
    version: int = 1,
    previous: int | None = None,
) -> int:
    loader, rng = ctx.loader, ctx.rng
    pk = loader.new_id(Report)
    nothing = rng.random() < 0.05
    results = vocab.NOTHING if nothing else rng.choice(vocab.REPORT_RESULTS)
    shortcomings = "" if nothing else rng.choice(vocab.DIFFICULTIES)
    proposals = "" if nothing else rng.choice(vocab.PROPOSALS)
    sent_at = approved_at = None
    is_late = False
    if sent_and_due:
        sent, due = sent_and_due
        sent_at = _at(sent, 16)
        approved_at = _at(sent, 10)
        is_late = sent > due
    elif state == "approved":
        approved_at = created
    loader.add(
        Report,
        (
            pk,
            created,
            sent_at or approved_at or created,
            period_id,
            org.id,
            version,
            state,
            nothing,
            results,
            shortcomings,
            "Tiếp tục triển khai các nhiệm vụ theo kế hoạch.",
            proposals,
            3 if sent_at else 1,
            org.focal_id,
            org.head_id if approved_at else None,
            approved_at,
            sent_at,
            org.head_id if sent_at else None,
            is_late,
            previous,
            True,
        ),
    )
    return pk
