"""Reorganizations through the service: merge, split, rename, dissolve, change of parent, future dates, revert."""

import datetime as dt

import pytest
import time_machine

from giamsat.core.errors import ApplicationError
from giamsat.organizations.models import Organization, Reorganization, Succession, Transfer
from giamsat.organizations.reorganize import (
    ReorganizationInput,
    reorganization_preview,
    reorganization_revert,
    reorganizations_apply_due,
)
from giamsat.organizations.selectors import transferred_from
from giamsat.tasks.models import TaskAssignment

pytestmark = pytest.mark.django_db


def leads(task):
    return set(TaskAssignment.objects.filter(task=task, role="lead").values_list("organization_id", flat=True))


def roles(task):
    return set(TaskAssignment.objects.filter(task=task).values_list("organization_id", "role"))


def test_preview_lists_what_moves_and_stays_and_writes_nothing(reorg):
    from giamsat.core.actors import SYSTEM

    o, t = reorg["orgs"], reorg["tasks"]
    before = (TaskAssignment.objects.count(), Succession.objects.count(), Reorganization.objects.count())
    preview = reorganization_preview(user=SYSTEM, data=ReorganizationInput(
        kind="merge", predecessor_ids=[o["culture"].pk, o["science"].pk], successor_ids=[o["merged"].pk],
        effective_date=dt.date(2026, 1, 1), document_number="01/NQ-HĐND"))
    moves = {s.key: s for s in preview.moves}
    stays = {s.key: s for s in preview.stays}
    moved_tasks = {(line.object_id, line.role) for line in moves["task"].lines}
    assert (t["culture"].pk, "lead") in moved_tasks and (t["culture"].pk, "coordinator") in moved_tasks
    assert (t["d2"].pk, "coordinator") in moved_tasks  # culture coordinates the district's task
    assert all(line.to_ids == [o["merged"].pk] for line in moves["task"].lines)
    assert [line.object_id for line in stays["task"].lines] == [t["done"].pk]
    assert {line.label for line in moves["user"].lines} >= {"svhttdl (svhttdl)", "skhcn (skhcn)"}
    assert preview.counts["moves"]["task"] == 6  # task 3 is led by both: one line each
    assert (TaskAssignment.objects.count(), Succession.objects.count(), Reorganization.objects.count()) == before


def test_merge_moves_open_work_keeps_history_and_marks_the_source(reorg, decide):
    o, t, u = reorg["orgs"], reorg["tasks"], reorg["users"]
    r = decide("merge", [o["culture"], o["science"]], [o["merged"]])
    r.refresh_from_db()
    assert r.state == "applied"
    assert leads(t["culture"]) == {o["merged"].pk} and leads(t["both"]) == {o["merged"].pk}
    assert (o["merged"].pk, "coordinator") in roles(t["d2"]) and (o["culture"].pk, "coordinator") not in roles(t["d2"])
    assert leads(t["done"]) == {o["culture"].pk}  # history stays
    u["focal_culture"].refresh_from_db()
    assert u["focal_culture"].organization_id == o["merged"].pk
    o["culture"].refresh_from_db()
    assert o["culture"].valid_to == dt.date(2025, 12, 31)
    marks = transferred_from("task", [t["culture"].pk, t["science"].pk])
    # culture led it, science coordinated it: both marks
    assert marks[t["culture"].pk] == ["Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ"]
    assert marks[t["science"].pk] == ["Sở Khoa học và Công nghệ"]
    assert Transfer.objects.filter(reorganization=r, what="user").count() == 3


def test_revert_puts_everything_back(reorg, decide):
    o, t, u = reorg["orgs"], reorg["tasks"], reorg["users"]
    before = {k: roles(task) for k, task in t.items()}
    r = decide("merge", [o["culture"], o["science"]], [o["merged"]])
    reorganization_revert(user=u["office"], reorg=r, note="nhầm đơn vị")
    assert {k: roles(task) for k, task in t.items()} == before
    u["focal_culture"].refresh_from_db()
    assert u["focal_culture"].organization_id == o["culture"].pk
    o["culture"].refresh_from_db()
    assert o["culture"].valid_to is None
    assert not Succession.objects.filter(reorganization=r).exists()
    r.refresh_from_db()
    assert r.state == "reverted"
    with pytest.raises(ApplicationError):
        reorganization_revert(user=u["office"], reorg=r)


def test_no_revert_once_someone_acted_under_it(reorg, decide, client):
    from giamsat.tasks.services import progress_update_create

    o, t, u = reorg["orgs"], reorg["tasks"], reorg["users"]
    r = decide("merge", [o["culture"]], [o["merged"]])
    progress_update_create(user=u["focal_merged"], task=t["culture"], state="in_progress", percent=30,
                           narrative="Đã triển khai")
    with pytest.raises(ApplicationError, match="quyết định mới"):
        reorganization_revert(user=u["office"], reorg=r)
    assert leads(t["culture"]) == {o["merged"].pk}


def test_split_by_list_and_by_area(reorg, decide):
    o, t = reorg["orgs"], reorg["tasks"]
    decide("split", [o["district"]], [o["commune_a"], o["commune_b"]], rule="list",
           task_map={t["d1"].pk: [o["commune_a"].pk], t["d2"].pk: [o["commune_b"].pk]})
    assert leads(t["d1"]) == {o["commune_a"].pk} and leads(t["d2"]) == {o["commune_b"].pk}


def test_split_by_area_gives_each_successor_the_task(reorg, decide):
    o, t, u = reorg["orgs"], reorg["tasks"], reorg["users"]
    decide("split", [o["district"]], [o["commune_a"], o["commune_b"]], rule="area")
    assert leads(t["d1"]) == {o["commune_a"].pk, o["commune_b"].pk}
    u["focal_district"].refresh_from_db()
    assert u["focal_district"].organization_id == o["commune_a"].pk  # the first successor


def test_split_needs_a_rule_and_known_targets(reorg, decide):
    o, t = reorg["orgs"], reorg["tasks"]
    with pytest.raises(ApplicationError, match="cách phân"):
        decide("split", [o["district"]], [o["commune_a"], o["commune_b"]])
    with pytest.raises(ApplicationError, match="chỉ phân cho"):
        decide("split", [o["district"]], [o["commune_a"], o["commune_b"]], rule="list",
               task_map={t["d1"].pk: [o["science"].pk]})
    assert not Reorganization.objects.exists()


def test_rename_keeps_the_agency_and_reads_the_old_name(reorg, decide):
    o, t = reorg["orgs"], reorg["tasks"]
    decide("rename", [o["culture"]], new_name="Sở Văn hóa và Thể thao")
    o["culture"].refresh_from_db()
    assert o["culture"].name == "Sở Văn hóa và Thể thao" and o["culture"].valid_to is None
    assert "Sở Văn hóa, Thể thao và Du lịch" in set(o["culture"].aliases.values_list("alias", flat=True))
    assert leads(t["culture"]) == {o["culture"].pk}


def test_reparent(reorg, decide):
    o = reorg["orgs"]
    decide("reparent", [o["district"]], new_parent_id=o["ubnd"].pk)
    o["district"].refresh_from_db()
    assert o["district"].parent_id == o["ubnd"].pk


def test_dissolve_with_successor(reorg, decide):
    o, t = reorg["orgs"], reorg["tasks"]
    decide("dissolve", [o["district"]], [o["commune_a"]])
    assert leads(t["d1"]) == {o["commune_a"].pk}
    assert transferred_from("task", [t["d1"].pk])[t["d1"].pk] == ["UBND huyện Tam Đường"]


def test_dissolve_without_successor_locks_accounts_and_keeps_tasks_for_the_office(reorg, decide):
    o, t, u = reorg["orgs"], reorg["tasks"], reorg["users"]
    r = decide("dissolve", [o["district"]])
    assert leads(t["d1"]) == {o["district"].pk}
    u["focal_district"].refresh_from_db()
    assert not u["focal_district"].is_active
    o["district"].refresh_from_db()
    assert o["district"].valid_to == dt.date(2025, 12, 31)
    reorganization_revert(user=u["office"], reorg=r)
    u["focal_district"].refresh_from_db()
    assert u["focal_district"].is_active


def test_future_date_changes_nothing_until_the_day(reorg, decide):
    from giamsat.accounts.access import scope_org_ids

    o, t, u = reorg["orgs"], reorg["tasks"], reorg["users"]
    r = decide("merge", [o["culture"]], [o["merged"]], on=dt.date(2026, 3, 1))
    r.refresh_from_db()
    assert r.state == "recorded"
    assert leads(t["culture"]) == {o["culture"].pk}
    assert o["culture"].pk not in scope_org_ids(type(u["focal_merged"]).objects.get(pk=u["focal_merged"].pk))
    assert reorganizations_apply_due() == 0
    with time_machine.travel(dt.datetime(2026, 3, 1, 8, 0), tick=False):
        assert reorganizations_apply_due() > 0
        r.refresh_from_db()
        assert r.state == "applied" and leads(t["culture"]) == {o["merged"].pk}
        fresh = type(u["focal_merged"]).objects.get(pk=u["focal_merged"].pk)
        assert o["culture"].pk in scope_org_ids(fresh)


def test_work_reaching_a_predecessor_later_moves_on_the_next_run(reorg, decide):
    from giamsat.core.actors import SYSTEM
    from giamsat.tasks.services import task_create

    o = reorg["orgs"]
    decide("merge", [o["science"]], [o["merged"]])
    late = task_create(actor=SYSTEM, document=reorg["doc"], number="9", name="Nhiệm vụ nhập muộn",
                       deadline_text="Năm 2026", leads=[o["science"]])
    reorganizations_apply_due()
    assert leads(late) == {o["merged"].pk}


def test_bad_decisions_are_refused_with_a_message(reorg, decide):
    o = reorg["orgs"]
    with pytest.raises(ApplicationError, match="đúng một"):
        decide("merge", [o["culture"]], [o["merged"], o["science"]])
    with pytest.raises(ApplicationError, match="vừa là"):
        decide("merge", [o["culture"]], [o["culture"]])
    decide("merge", [o["culture"]], [o["merged"]])
    with pytest.raises(ApplicationError, match="hết hiệu lực"):
        decide("merge", [o["culture"]], [o["science"]], on=dt.date(2026, 2, 1))
    assert Organization.objects.get(pk=o["science"].pk).valid_to is None


def test_reporting_duties_follow_the_successor_and_groups_keep_their_members(reorg, decide):
    """A group phrase ("Các sở, ban, ngành") is read as written: an older plan's phrase names the units of its
    day, whose open tasks then pass on with the mark; the group itself is not rewritten."""
    from giamsat.organizations.services import organization_group_create
    from giamsat.reporting.models import ReportingRule
    from giamsat.reporting.period_services import periods_open

    o = reorg["orgs"]
    group = organization_group_create(name="Các sở, ban, ngành", phrases=[], members=[o["culture"], o["science"]])
    rule = ReportingRule.objects.create(document=reorg["doc"], frequency="monthly", due_day=15,
                                        recipient=o["culture"])
    rule.reporters.set([o["culture"], o["science"]])
    r = decide("merge", [o["culture"]], [o["merged"]])
    assert set(group.members.values_list("pk", flat=True)) == {o["culture"].pk, o["science"].pk}
    assert set(rule.reporters.values_list("pk", flat=True)) == {o["merged"].pk, o["science"].pk}
    rule.refresh_from_db()
    assert rule.recipient_id == o["merged"].pk
    periods_open(dt.date(2026, 1, 10))
    from giamsat.reporting.reporters import reporters_for

    period = rule.periods.get(key="2026-01")
    assert {org.pk for org in reporters_for(period)} == {o["merged"].pk, o["science"].pk}
    reorganization_revert(user=reorg["users"]["office"], reorg=r)
    assert set(rule.reporters.values_list("pk", flat=True)) == {o["culture"].pk, o["science"].pk}


def test_a_decision_acted_under_is_corrected_by_a_new_one(reorg, decide):
    from giamsat.tasks.services import progress_update_create

    o, t, u = reorg["orgs"], reorg["tasks"], reorg["users"]
    wrong = decide("dissolve", [o["district"]], [o["commune_a"]])
    u["focal_district"].refresh_from_db()
    progress_update_create(user=u["focal_district"], task=t["d1"], state="in_progress", percent=10,
                           narrative="Đã họp triển khai")  # the district's account, moved to commune A, acted
    with pytest.raises(ApplicationError):
        reorganization_revert(user=u["office"], reorg=wrong)
    fix = decide("dissolve", [o["district"]], [o["commune_b"]], corrects_id=wrong.pk)
    assert leads(t["d1"]) == {o["commune_b"].pk} and leads(t["d2"]) == {o["commune_b"].pk}
    u["focal_district"].refresh_from_db()
    assert u["focal_district"].organization_id == o["commune_b"].pk
    assert set(Succession.objects.filter(predecessor=o["district"]).values_list("successor_id", flat=True)) == {
        o["commune_b"].pk}
    wrong.refresh_from_db()
    assert wrong.state == "applied" and fix.corrects_id == wrong.pk  # the old decision stays on record
    with pytest.raises(ApplicationError, match="đính chính"):
        reorganization_revert(user=u["office"], reorg=fix)
