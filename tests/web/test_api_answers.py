"""Answers the API sends as built (giamsat.core.responses) are what their declared schemas say, and what the
models say: these endpoints skip ninja's own validation, so these tests stand in for it."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from giamsat.core.actors import SYSTEM
from giamsat.organizations.selectors import transferred_from_refs
from giamsat.tasks import schemas as s
from giamsat.tasks.alerts import alert_level, current_rule
from giamsat.tasks.api import TaskPage
from giamsat.tasks.models import Evidence, Task
from giamsat.tasks.selectors import task_status
from giamsat.tasks.services import progress_update_create

pytestmark = pytest.mark.django_db


def expected_task(task: Task) -> dict:
    """The task as the models say, computed from scratch (not from the stored status)."""
    status = task_status(task)
    refs = {"lead": [], "coordinator": []}
    for a in task.assignments.select_related("organization").order_by("role", "id"):
        refs[a.role].append({"id": a.organization_id, "name": a.organization.name})
    return {
        "id": task.pk, "document_id": task.document_id, "number": task.number, "name": task.name,
        "section": task.section, "solution_group": task.solution_group, "leads": refs["lead"],
        "coordinators": refs["coordinator"], "deadline_text": task.deadline_text,
        "deadline_kind": task.deadline_kind, "due_date": task.due_date and task.due_date.isoformat(),
        "recurring": task.recurring, "recurrence": task.recurrence, "expected_product": task.expected_product,
        "status": status.code, "status_label": status.label, "warning": status.warning,
        "current_due": status.due and status.due.isoformat(), "lock_version": task.lock_version,
        "alert": alert_level(status.code, status.due, today=timezone.localdate(), rule=current_rule(),
                             has_product=Evidence.objects.filter(update__task=task, update__is_lead=True).exists()),
        "transferred_from": transferred_from_refs("task", [task.pk]).get(task.pk, []),
    }


def test_task_list_and_detail_match_their_schema_and_the_models(client, province, bearer):
    culture = province["tasks"]["culture"]
    progress_update_create(user=province["users"]["focal_culture"], task=culture, state="in_progress", percent=40)
    headers = bearer(province["users"]["office"])

    page = client.get("/api/v1/tasks?limit=2", **headers).json()
    TaskPage.model_validate(page)
    assert page["count"] == Task.objects.count() == 3
    ordered = list(Task.objects.order_by("document_id", "position", "id"))
    assert page["items"] == [expected_task(t) for t in ordered[:2]]
    assert page["items"][0]["coordinators"] == [
        {"id": province["orgs"]["science"].pk, "name": "Sở Khoa học và Công nghệ"}
    ]

    filtered = client.get("/api/v1/tasks?status=in_progress", **headers).json()
    assert [t["id"] for t in filtered["items"]] == [culture.pk] and filtered["count"] == 1

    detail = client.get(f"/api/v1/tasks/{culture.pk}", **headers).json()
    s.TaskOut.model_validate(detail)
    assert detail == expected_task(culture) and detail["status"] == "in_progress"


def test_a_stale_stored_status_is_computed_before_it_is_sent_and_not_stored(client, province, bearer):
    task = province["tasks"]["science"]
    Task.objects.filter(pk=task.pk).update(status_code="done_on_time", status_as_of=dt.date(2020, 1, 1))
    for url in (f"/api/v1/tasks/{task.pk}", "/api/v1/tasks", "/api/v1/tasks?status=not_started"):
        data = client.get(url, **bearer(province["users"]["office"])).json()
        card = data if "status" in data else next(t for t in data["items"] if t["id"] == task.pk)
        assert card["status"] == expected_task(task)["status"] != "done_on_time"
    # A reader writes nothing (ADR 0020): the daily job stores it.
    assert Task.objects.values_list("status_code", "status_as_of").get(pk=task.pk) == (
        "done_on_time",
        dt.date(2020, 1, 1),
    )


def test_the_answer_to_an_edit_is_the_edited_task(client, province, bearer):
    task = province["tasks"]["culture"]
    answer = client.patch(
        f"/api/v1/tasks/{task.pk}",
        json.dumps({"lock_version": task.lock_version, "name": "Mới"}),
        content_type="application/json",
        **bearer(province["users"]["office"]),
    )
    assert answer.status_code == 200
    task.refresh_from_db()
    assert answer.json() == expected_task(task) and task.name == "Mới"


def count_queries(call) -> int:
    from django.db import connection

    executed = []
    with connection.execute_wrapper(lambda execute, *args: executed.append(1) or execute(*args)):
        call()
    return len(executed)


def test_the_task_list_reads_the_same_number_of_queries_for_more_tasks(client, province, bearer):
    from giamsat.tasks.services import task_create

    headers = bearer(province["users"]["office"])
    client.get("/api/v1/tasks", **headers)  # the token's "last used" is written once a minute: not counted
    few = count_queries(lambda: client.get("/api/v1/tasks", **headers))
    assert few == 8  # token, tasks, assignments, organization names, evidence (alerts), alert rule, transfers, count
    orgs = province["orgs"]
    for n in range(20):
        task_create(
            actor=SYSTEM,
            document=province["tasks"]["culture"].document,
            number=f"9.{n}",
            name=f"Nhiệm vụ {n}",
            deadline_text="Năm 2027",
            leads=[orgs["culture"]],
            coordinators=[orgs["science"], orgs["office"]],
        )
    client.get("/api/v1/tasks", **headers)  # new tasks get their first stored status (a fixed few queries)
    assert count_queries(lambda: client.get("/api/v1/tasks", **headers)) == few
    assert len(client.get("/api/v1/tasks", **headers).json()["items"]) == 23


def test_task_history_matches_its_schema_and_the_posted_answers(client, province, bearer):
    from pydantic import TypeAdapter

    task = province["tasks"]["culture"]
    headers = bearer(province["users"]["focal_culture"])
    url = f"/api/v1/tasks/{task.pk}/updates"
    posted = [
        client.post(url, json.dumps(body), content_type="application/json", **headers).json()
        for body in (
            {"state": "in_progress", "percent": 10, "narrative": "Bắt đầu", "reported_on": "2026-01-05"},
            {
                "state": "in_progress",
                "percent": 60,
                "narrative": "Đã họp",
                "links": ["https://example.vn/a"],
                "reported_on": "2026-01-08",
            },
        )
    ]
    history = client.get(url, **headers).json()
    TypeAdapter(list[s.UpdateOut]).validate_python(history)
    assert history == posted[::-1]  # newest first, each as it was answered when posted
    assert history[0]["author"] == "svhttdl" and history[0]["evidence"][0]["link"] == "https://example.vn/a"
