"""Every level evaluated in one pass (`giamsat evaluate --level all`, issue #17's national time): what the levels
share (tasks and their statuses as of the date, reports, indicators) is read once, and each level's evaluation is
exactly the one it gets alone: the same scores, bands, ranks, breakdowns and stored facts."""

import datetime as dt
import io

import pytest

from giamsat.core.actors import SYSTEM
from giamsat.core.errors import ApplicationError

D = dt.date
AS_OF = D(2025, 12, 31)


@pytest.fixture
def two_levels(evaluated):
    """The departments of conftest.py, and two communes whose work crosses the levels:
    - D (due 30/11/2025): xã Bình Lư leads, Sở VHTTDL coordinates; done on 20/11 with evidence.
    - E (due 15/12/2025): Sở KH&CN leads, xã Bản Bo coordinates; done on 10/12 with evidence. Bản Bo wrote an
      update marked as a lead's, with evidence: alone, the communes' run reads no evidence of a task no commune
      leads, so Bản Bo's has none there, and none either when the departments are read in the same pass.
    - F (due 31/10/2025): xã Bản Bo leads; no update: overdue."""
    from giamsat.organizations.services import organization_create
    from giamsat.outreach.models import OutreachActivity, OutreachChannel
    from giamsat.tasks.models import Evidence, ProgressUpdate
    from giamsat.tasks.services import task_create
    from giamsat.tasks.summary import refresh_statuses

    orgs, doc = evaluated["orgs"], evaluated["doc"]
    binh_lu = organization_create(name="UBND xã Bình Lư", kind="peoples_committee", level="commune", code="xa-a")
    ban_bo = organization_create(name="UBND xã Bản Bo", kind="peoples_committee", level="commune", code="xa-b")
    d = task_create(actor=SYSTEM, document=doc, number="10", name="Điểm truy cập Internet công cộng",
                    deadline_text="30/11/2025", leads=[binh_lu], coordinators=[orgs["culture"]])
    e = task_create(actor=SYSTEM, document=doc, number="11", name="Tổ công nghệ số cộng đồng",
                    deadline_text="15/12/2025", leads=[orgs["science"]], coordinators=[ban_bo])
    f = task_create(actor=SYSTEM, document=doc, number="12", name="Số hóa hộ tịch",
                    deadline_text="31/10/2025", leads=[ban_bo])
    done_d = ProgressUpdate.objects.create(task=d, organization=binh_lu, reported_on=D(2025, 11, 20), state="done",
                                           percent=100, is_lead=True)
    Evidence.objects.create(update=done_d, link="https://laichau.gov.vn/diem-truy-cap")
    started_e = ProgressUpdate.objects.create(task=e, organization=ban_bo, reported_on=D(2025, 11, 2),
                                              state="nothing", percent=10, is_lead=True)
    Evidence.objects.create(update=started_e, link="https://laichau.gov.vn/to-cong-nghe")
    done_e = ProgressUpdate.objects.create(task=e, organization=orgs["science"], reported_on=D(2025, 12, 10),
                                           state="done", percent=100, is_lead=True)
    Evidence.objects.create(update=done_e, link="https://laichau.gov.vn/to-cong-nghe-so")
    channel = OutreachChannel.objects.create(code="bao", name="Báo chí")
    for org, day in ((orgs["culture"], D(2025, 10, 5)), (binh_lu, D(2025, 11, 9))):
        OutreachActivity.objects.create(organization=org, channel=channel, title="Tin", date=day)
    refresh_statuses([d.pk, e.pk, f.pk])
    return {**evaluated, "orgs": {**orgs, "binh_lu": binh_lu, "ban_bo": ban_bo},
            "tasks": {**evaluated["tasks"], "d": d, "e": e, "f": f}}


def rows(evaluation):
    return {r.organization.code: (str(r.score), r.band, r.rank, r.base, r.criteria)
            for r in evaluation.results.select_related("organization")}


def test_both_levels_in_one_run_equal_two_separate_runs(two_levels):
    from giamsat.evaluation.services import evaluation_run, evaluation_run_levels

    alone = {level: rows(evaluation_run(actor=SYSTEM, period="2025-Q4", level=level, as_of=AS_OF))
             for level in ("department", "commune")}
    assert set(alone["department"]) == {"svhttdl", "skhcn", "stp"} and set(alone["commune"]) == {"xa-a", "xa-b"}
    together = evaluation_run_levels(actor=SYSTEM, period="2025-Q4", levels=["department", "commune"], as_of=AS_OF)
    assert [e.level for e in together] == ["department", "commune"]
    assert {e.level: rows(e) for e in together} == alone
    # Not trivially equal: the communes' tasks are there, with the evidence each one's own run gives it.
    t = two_levels["tasks"]
    facts = {code: {task[0]: task for task in row[3]["tasks"]} for code, row in alone["commune"].items()}
    assert facts["xa-a"][t["d"].pk][1:3] == ["lead", "done_on_time"] and facts["xa-a"][t["d"].pk][7] is True
    assert facts["xa-b"][t["e"].pk][1] == "coordinator" and facts["xa-b"][t["e"].pk][7] is False
    assert facts["xa-b"][t["f"].pk][2] == "overdue"
    assert alone["commune"]["xa-a"][0] != alone["commune"]["xa-b"][0]


def test_facts_of_several_groups_are_each_groups_own(two_levels):
    """What only one group's criteria read (outreach here) is loaded for that group only; the rest is the same
    as `load_facts` gives each group alone."""
    from giamsat.evaluation.facts import load_facts, load_facts_groups
    from giamsat.evaluation.formulas import Window

    orgs, window = two_levels["orgs"], Window(D(2025, 10, 1), D(2025, 12, 31), AS_OF)
    departments = [orgs[k].pk for k in ("culture", "science", "justice")]
    communes = [orgs[k].pk for k in ("binh_lu", "ban_bo")]
    first, second = load_facts_groups([(departments, False, {"outreach"}), (communes, False, ())], window)
    assert first == load_facts(departments, window, needs={"outreach"})
    assert second == load_facts(communes, window)
    assert [a.date for a in first[orgs["culture"].pk].outreach] == [D(2025, 10, 5)]
    assert second[orgs["binh_lu"].pk].outreach == []  # its activity exists, but no commune criterion reads it
    assert {t.task_id for t in second[orgs["ban_bo"].pk].tasks} == {two_levels["tasks"]["e"].pk,
                                                                     two_levels["tasks"]["f"].pk}


def test_one_published_level_stops_the_whole_run(two_levels):
    from giamsat.evaluation.models import Evaluation
    from giamsat.evaluation.services import evaluation_publish, evaluation_run, evaluation_run_levels

    evaluation_publish(actor=SYSTEM, evaluation=evaluation_run(actor=SYSTEM, period="2025-Q4", level="commune",
                                                              as_of=AS_OF))
    with pytest.raises(ApplicationError, match="đã công bố"):
        evaluation_run_levels(actor=SYSTEM, period="2025-Q4", levels=["department", "commune"], as_of=AS_OF)
    assert not Evaluation.objects.filter(level="department").exists()  # all or nothing


def test_command_evaluates_every_level_and_publishes(two_levels):
    from django.core.management import call_command

    from giamsat.evaluation.models import Evaluation

    out = io.StringIO()
    call_command("evaluate", period="2025-Q4", level="all", as_of="2025-12-31", publish=True, stdout=out)
    published = Evaluation.objects.filter(state="published", period="2025-Q4")
    assert sorted(published.values_list("level", flat=True)) == ["commune", "department"]
    ids = [int(line.rsplit(" ", 1)[-1]) for line in out.getvalue().splitlines() if line.startswith("Mã đợt")]
    assert ids == [published.get(level="department").pk, published.get(level="commune").pk]
    counts = {e.level: e.results.count() for e in published}
    assert counts == {"department": 3, "commune": 2}
