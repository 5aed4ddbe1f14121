"""A fixture province for dashboard figures, with every number computed by hand in the tests.

On 10/01/2026 (conftest.TODAY) it has 8 tasks:

| task | document | lead | group | due | what happened | status |
|---|---|---|---|---|---|---|
| culture | 2653 | VHTTDL | 1 | 30/06/2026 | — | not_started |
| science | 2653 | KH&CN | 5 | 31/03/2026 | — | not_started |
| both | 2653 | VHTTDL, KH&CN | 5 | 31/12/2026 | — | not_started |
| on_time | 63 | VHTTDL | 1 | 30/11/2025 | done 20/11/2025 | done_on_time |
| late | 63 | KH&CN | 5 | 30/09/2025 | done 15/10/2025 | done_late |
| overdue | 63 | VHTTDL | 1 | 31/12/2025 | started 01/12/2025 | overdue |
| soon | 2653 | KH&CN | — | 20/01/2026 | started 05/01/2026 | in_progress, early warning |
| cancelled | 2653 | VHTTDL | — | 30/06/2026 | cancelled 02/01/2026 | cancelled |

Plan 2653 is based on Program 63 (published). Monthly reports of both departments under plan 2653: October
(due 15/11/2025) both on time; November (due 15/12/2025) VHTTDL late, KH&CN missing; December (due
15/01/2026) pending. Indicators: one of each status.
"""

import datetime as dt

import pytest

from giamsat.core.actors import SYSTEM

D = dt.date


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture
def dash(province):
    from giamsat.documents.models import Document
    from giamsat.documents.services import document_relate
    from giamsat.indicators.services import indicator_create
    from giamsat.indicators.values import indicator_value_review, indicator_value_submit
    from giamsat.reporting.models import Report, ReportingPeriod, ReportingRule
    from giamsat.tasks.models import ProgressUpdate, Task, TaskDecision
    from giamsat.tasks.services import task_create
    from giamsat.tasks.summary import refresh_statuses

    orgs, users, doc = province["orgs"], province["users"], province["doc"]
    culture, science = orgs["culture"], orgs["science"]
    program = Document.objects.create(
        doc_type="Chương trình hành động",
        number="63-CTr/TU",
        date=D(2025, 2, 27),
        title="Thực hiện Nghị quyết số 57-NQ/TW",
        is_published=True,
    )
    document_relate(source=doc, target=program, kind="based_on")
    tasks = dict(province["tasks"])

    def make(key, document, leads, deadline, group=None):
        tasks[key] = task_create(
            actor=SYSTEM,
            document=document,
            number=str(len(tasks) + 1),
            name=f"Nhiệm vụ {key}",
            deadline_text=deadline,
            leads=leads,
            solution_group=group,
        )
        return tasks[key]

    def update(task, org, day, state):
        ProgressUpdate.objects.create(task=task, organization=org, reported_on=day, state=state, is_lead=True)

    Task.objects.filter(pk=tasks["culture"].pk).update(solution_group=1)
    Task.objects.filter(pk__in=[tasks["science"].pk, tasks["both"].pk]).update(solution_group=5)
    update(make("on_time", program, [culture], "Tháng 11/2025", 1), culture, D(2025, 11, 20), "done")
    update(make("late", program, [science], "Quý 3/2025", 5), science, D(2025, 10, 15), "done")
    update(make("overdue", program, [culture], "Tháng 12/2025", 1), culture, D(2025, 12, 1), "in_progress")
    soon = make("soon", doc, [science], "Tháng 1/2026")
    Task.objects.filter(pk=soon.pk).update(due_date=D(2026, 1, 20), deadline_kind="date")
    update(soon, science, D(2026, 1, 5), "in_progress")
    cancelled = make("cancelled", doc, [culture], "Tháng 6/2026")
    TaskDecision.objects.create(task=cancelled, kind="cancelled", decided_on=D(2026, 1, 2))

    # Updates and decisions written directly: store their effect on the statuses as the services do.
    refresh_statuses([t.pk for t in tasks.values()])

    rule = ReportingRule.objects.create(
        document=doc, frequency="monthly", due_day=15, recipient=orgs["office"]
    )
    rule.reporters.set([culture, science])
    periods = {}
    for key, (start, end, due) in {
        "10": (D(2025, 10, 1), D(2025, 10, 31), D(2025, 11, 15)),
        "11": (D(2025, 11, 1), D(2025, 11, 30), D(2025, 12, 15)),
        "12": (D(2025, 12, 1), D(2025, 12, 31), D(2026, 1, 15)),
    }.items():
        periods[key] = ReportingPeriod.objects.create(
            rule=rule, label=f"Tháng {key}/2025", start=start, end=end, due_date=due
        )
    Report.objects.create(
        period=periods["10"], organization=culture, state="sent", sent_at=_at(D(2025, 11, 10))
    )
    Report.objects.create(
        period=periods["10"], organization=science, state="sent", sent_at=_at(D(2025, 11, 14))
    )
    Report.objects.create(
        period=periods["11"], organization=culture, state="sent", sent_at=_at(D(2025, 12, 20)), is_late=True
    )
    Report.objects.create(period=periods["12"], organization=science, state="draft")

    office = users["office"]

    def indicator(code, org, baseline, target, value=None, verified=True, published=False, name=None):
        ind = indicator_create(
            user=office,
            code=code,
            name=name or f"Chỉ tiêu {code}",
            unit="%",
            baseline_value=baseline,
            baseline_year=2024 if baseline is not None else None,
            min_value=0,
            max_value=100,
            responsible=org,
            is_published=published,
            targets=[{"year": 2030, "value": target}],
        )
        if value is not None:
            user = users["focal_science"] if org == science else users["focal_culture"]
            row = indicator_value_submit(user=user, indicator=ind, period="2025", value=value)
            if verified:
                indicator_value_review(user=office, value=row, decision="verified")
        return ind

    indicators = {
        "on_track": indicator("KHCN-01", science, 30, 36, "31", published=True),
        "off_track": indicator("VH-01", culture, 10, 100, "12"),
        "no_data": indicator("VH-02", culture, None, 50),
        "achieved": indicator("KHCN-02", science, 2, 3, "3,2", verified=False, published=True),
        "at_risk": indicator("KHCN-03", science, 0, 60, "9,5"),
    }
    return {
        **province,
        "program": program,
        "tasks": tasks,
        "rule": rule,
        "periods": periods,
        "indicators": indicators,
    }


def grow(province, n: int, *, start: int = 0) -> None:
    """Add n tasks (assignments, updates, decisions), reports, indicator values: more rows, same queries."""
    from giamsat.indicators.services import indicator_create
    from giamsat.indicators.values import indicator_value_submit
    from giamsat.organizations.services import organization_create
    from giamsat.reporting.models import Report, ReportingPeriod, ReportingRule
    from giamsat.tasks.models import ProgressUpdate, TaskDecision
    from giamsat.tasks.services import task_create
    from giamsat.tasks.summary import refresh_statuses

    orgs = province["orgs"]
    doc = province["doc"]
    extra = [organization_create(name=f"Đơn vị thêm {start + i}", code=f"them-{start + i}") for i in range(3)]
    leads = [orgs["culture"], orgs["science"], *extra]
    rule = ReportingRule.objects.create(document=doc, frequency="monthly", due_day=15)
    rule.reporters.set(leads)
    period = ReportingPeriod.objects.create(
        rule=rule,
        label=f"Kỳ thêm {start}",
        start=D(2025, 11, 1),
        end=D(2025, 11, 30),
        due_date=D(2025, 12, 15),
    )
    created = []
    for i in range(n):
        lead = leads[i % len(leads)]
        round_ = i // len(leads)  # the first round gives every lead an overdue task (or a soon-due one)
        task = task_create(
            actor=SYSTEM,
            document=doc,
            number=f"T{start + i}",
            name=f"Nhiệm vụ thêm {start + i}",
            deadline_text=["Tháng 12/2025", "Quý 1/2026", "Năm 2026", "Thường xuyên"][round_ % 4],
            leads=[lead],
            coordinators=[leads[(i + 1) % len(leads)]],
            solution_group=1 + i % 7,
        )
        created.append(task.pk)
        ProgressUpdate.objects.create(
            task=task,
            organization=lead,
            reported_on=D(2025, 12, 1 + i % 28),
            state=["in_progress", "done", "not_started"][round_ % 3],
            is_lead=True,
        )
        if i % 5 == 0:
            TaskDecision.objects.create(
                task=task, kind="adjusted", decided_on=D(2025, 12, 1), new_due_date=D(2026, 1, 12)
            )
    refresh_statuses(created)
    for org in leads[:2]:
        Report.objects.create(period=period, organization=org, state="sent", sent_at=_at(D(2025, 12, 10)))
    for i in range(max(1, n // 10)):
        ind = indicator_create(
            user=SYSTEM,
            code=f"THEM-{start + i}",
            name=f"Chỉ tiêu thêm {start + i}",
            responsible=orgs["science"],
            baseline_value=1,
            baseline_year=2024,
            is_published=True,
            targets=[{"year": 2030, "value": 10}, {"year": 2045, "value": 20}],
        )
        indicator_value_submit(user=SYSTEM, indicator=ind, organization=orgs["science"], period="2025",
                               value=2)


from tests.domain.test_resolutions import two_cascades  # noqa: E402,F401 (57-NQ/TW and 71-NQ/TW side by side, #23)
