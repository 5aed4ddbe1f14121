"""A fixture province for the evaluation: three departments with hand-computed scores for Quý IV/2025.

- A (due 15/11/2025, priority 2): Sở VHTTDL leads, Sở KH&CN coordinates; done on 10/11, with evidence.
- B (due 30/11/2025): Sở KH&CN leads; no update: overdue 31 days on 31/12/2025.
- C (due 20/12/2025): Sở VHTTDL leads; done on 25/12, five days late, no evidence.
- Sở Tư pháp has no task at all.
"""

import datetime as dt

import pytest

from giamsat.core.actors import SYSTEM

D = dt.date


@pytest.fixture
def evaluated(province):
    from giamsat.evaluation.services import task_priority_set
    from giamsat.organizations.services import organization_create
    from giamsat.tasks.models import Evidence, ProgressUpdate
    from giamsat.tasks.services import task_create
    from giamsat.tasks.summary import refresh_statuses

    orgs, doc = province["orgs"], province["doc"]
    justice = organization_create(name="Sở Tư pháp", short_name="STP", kind="department", code="stp")
    a = task_create(actor=SYSTEM, document=doc, number="4", name="Số hóa hồ sơ di sản",
                    deadline_text="15/11/2025", leads=[orgs["culture"]], coordinators=[orgs["science"]])
    b = task_create(actor=SYSTEM, document=doc, number="5", name="Sàn giao dịch công nghệ",
                    deadline_text="30/11/2025", leads=[orgs["science"]])
    c = task_create(actor=SYSTEM, document=doc, number="6", name="Bảo tàng số",
                    deadline_text="20/12/2025", leads=[orgs["culture"]])
    task_priority_set(actor=SYSTEM, task=a, priority=2)
    done_a = ProgressUpdate.objects.create(task=a, organization=orgs["culture"], reported_on=D(2025, 11, 10),
                                           state="done", percent=100, is_lead=True)
    Evidence.objects.create(update=done_a, link="https://laichau.gov.vn/so-hoa")
    ProgressUpdate.objects.create(task=c, organization=orgs["culture"], reported_on=D(2025, 12, 25), state="done",
                                  percent=100, is_lead=True)
    refresh_statuses([a.pk, b.pk, c.pk])
    return {**province, "orgs": {**orgs, "justice": justice}, "tasks": {**province["tasks"], "a": a, "b": b, "c": c}}


@pytest.fixture
def published(evaluated):
    from giamsat.evaluation.services import evaluation_publish, evaluation_run

    evaluation = evaluation_run(actor=SYSTEM, period="2025-Q4", level="department", as_of=D(2025, 12, 31))
    return {**evaluated, "evaluation": evaluation_publish(actor=SYSTEM, evaluation=evaluation)}


@pytest.fixture
def draft(evaluated):
    from giamsat.evaluation.services import evaluation_run

    evaluation = evaluation_run(actor=SYSTEM, period="2025-Q4", level="department", as_of=D(2025, 12, 31))
    return {**evaluated, "evaluation": evaluation}
