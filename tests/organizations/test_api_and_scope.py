"""The reorganization API, the organization API's lineage and codes, scope before/after, reminders, dashboard."""

import datetime as dt
import json

import pytest

from giamsat.organizations.models import Reorganization
from giamsat.tasks.models import TaskAssignment

pytestmark = pytest.mark.django_db


def post(client, body):
    return client.post("/api/v1/reorganizations", json.dumps(body), content_type="application/json")


def merge_body(o, *, dry_run, day="2026-01-01"):
    return {"kind": "merge", "predecessors": [o["culture"].pk], "successors": [o["merged"].pk],
            "effective_date": day, "document": {"number": "05/NQ-HĐND", "date": "2025-12-20", "issuer": "HĐND tỉnh"},
            "dry_run": dry_run}


def task_ids(client, org_id):
    answer = client.get(f"/api/v1/tasks?organization={org_id}").json()
    return {t["id"] for t in answer["items"]}


def test_dry_run_answers_the_preview_and_writes_nothing(reorg, login):
    o, t = reorg["orgs"], reorg["tasks"]
    client = login(reorg["users"]["office"])
    answer = post(client, merge_body(o, dry_run=True))
    assert answer.status_code == 200, answer.content
    data = answer.json()
    moved = {item["id"] for s in data["moves"] if s["key"] == "task" for item in s["items"]}
    assert moved == {t["culture"].pk, t["both"].pk, t["d2"].pk}
    kept = {item["id"] for s in data["stays"] if s["key"] == "task" for item in s["items"]}
    assert kept == {t["done"].pk}
    assert data["counts"]["moves"]["user"] == 2 and data["takes_effect_now"] is True
    assert not Reorganization.objects.exists()


def test_commit_then_tasks_of_the_successor_include_the_predecessors_open_tasks(reorg, login):
    o, t = reorg["orgs"], reorg["tasks"]
    client = login(reorg["users"]["office"])
    assert t["culture"].pk not in task_ids(client, o["merged"].pk)
    answer = post(client, merge_body(o, dry_run=False))
    assert answer.status_code == 201, answer.content
    assert answer.json()["state"] == "applied" and answer.json()["revertible"] is True
    ids = task_ids(client, o["merged"].pk)
    assert {t["culture"].pk, t["both"].pk, t["d2"].pk} <= ids and t["done"].pk not in ids
    # The task objects carry the "chuyển từ …" mark of the pages: the unit they were transferred from.
    items = {i["id"]: i for i in client.get(f"/api/v1/tasks?organization={o['merged'].pk}").json()["items"]}
    moved = items[t["culture"].pk]["transferred_from"]
    assert [(m["id"], m["name"], m["effective_date"]) for m in moved] == [
        (o["culture"].pk, o["culture"].name, "2026-01-01")]
    assert moved[0]["reorganization_id"] == answer.json()["id"]
    assert client.get(f"/api/v1/tasks/{t['culture'].pk}").json()["transferred_from"] == moved
    assert client.get(f"/api/v1/tasks/{t['done'].pk}").json()["transferred_from"] == []  # history stays
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert "transferred_from" in schema["TaskOut"]["required"]
    assert set(schema["TransferredFrom"]["properties"]) == {"id", "name", "reorganization_id", "effective_date"}
    org = client.get(f"/api/v1/organizations/{o['culture'].pk}").json()
    assert org["active"] is False and org["successors"][0]["id"] == o["merged"].pk
    assert org["successors"][0]["effective_date"] == "2026-01-01"
    succ = client.get(f"/api/v1/organizations/{o['merged'].pk}").json()
    assert succ["active"] is True and [p["id"] for p in succ["predecessors"]] == [o["culture"].pk]
    assert {"identifier_code", "admin_unit_code"} <= set(succ)
    reorg_id = answer.json()["id"]
    reverted = client.post(f"/api/v1/reorganizations/{reorg_id}/revert", "{}", content_type="application/json")
    assert reverted.status_code == 200 and reverted.json()["state"] == "reverted"
    assert t["culture"].pk not in task_ids(client, o["merged"].pk)
    assert client.get(f"/api/v1/tasks/{t['culture'].pk}").json()["transferred_from"] == []  # reverted


def test_bad_input_is_a_clear_400_and_agencies_are_refused(reorg, login):
    o = reorg["orgs"]
    client = login(reorg["users"]["office"])
    body = merge_body(o, dry_run=False)
    body["successors"] = []
    answer = post(client, body)
    assert answer.status_code == 400 and "đúng một" in answer.json()["detail"]
    body["successors"] = [999999]
    assert post(client, body).status_code == 400
    client = login(reorg["users"]["focal_culture"])
    assert post(client, merge_body(o, dry_run=True)).status_code == 403
    assert not Reorganization.objects.exists()


def test_new_agencies_and_codes(reorg, login):
    o = reorg["orgs"]
    client = login(reorg["users"]["admin"])
    body = {"kind": "split", "predecessors": [o["district"].pk], "rule": "area",
            "successors": [{"name": "UBND xã Tam Đường", "admin_unit_code": "03268"}, o["commune_a"].pk],
            "effective_date": "2025-12-01", "document": {"number": "1670/NQ-UBTVQH15"}, "dry_run": False}
    answer = post(client, body)
    assert answer.status_code == 201, answer.content
    found = client.get("/api/v1/organizations?q=03268").json()
    assert [x["name"] for x in found["items"]] == ["UBND xã Tam Đường"]
    new_id = found["items"][0]["id"]
    assert set(TaskAssignment.objects.filter(task=reorg["tasks"]["d1"]).values_list("organization_id", flat=True)) == {
        new_id, o["commune_a"].pk}


def test_scope_before_and_after_in_this_process(reorg, decide, login):
    o, t, u = reorg["orgs"], reorg["tasks"], reorg["users"]
    client = login(u["focal_merged"])
    assert client.get(f"/api/v1/tasks/{t['done'].pk}").status_code == 404
    decide("merge", [o["culture"]], [o["merged"]])
    assert client.get(f"/api/v1/tasks/{t['done'].pk}").status_code == 200  # history is readable by the heir
    assert t["culture"].pk in task_ids(client, o["merged"].pk)


def test_reminders_and_dashboard_after_dissolution(reorg, decide):
    from giamsat.dashboard.selectors import task_summary
    from giamsat.reporting.reminders import reminders_plan

    o, u = reorg["orgs"], reorg["users"]
    today = dt.date(2026, 1, 10)
    urged = {p.organization.pk for p in reminders_plan(today)}
    assert o["district"].pk in urged  # task 5 was due in December 2025: overdue
    listed = {row.key for row in task_summary(u["office"], today=today).by_org}
    assert o["district"].pk in listed
    decide("dissolve", [o["district"]], [o["commune_a"]])
    urged = {p.organization.pk for p in reminders_plan(today)}
    assert o["district"].pk not in urged and o["commune_a"].pk in urged
    listed = {row.key for row in task_summary(u["office"], today=today).by_org}
    assert o["district"].pk not in listed and o["commune_a"].pk in listed


def test_dissolved_without_successor_is_neither_urged_nor_listed(reorg, decide):
    from giamsat.dashboard.selectors import task_summary
    from giamsat.reporting.reminders import reminders_plan

    o, u = reorg["orgs"], reorg["users"]
    decide("dissolve", [o["district"]])
    assert o["district"].pk not in {p.organization.pk for p in reminders_plan(dt.date(2026, 1, 10))}
    assert o["district"].pk not in {row.key for row in task_summary(u["office"]).by_org}
