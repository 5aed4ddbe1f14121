"""Two people editing the same task: the second save gets a conflict; nothing is silently overwritten."""

import json
import threading

import pytest
from django.db import connection

from giamsat.tasks.models import Task
from giamsat.tasks.services import ConflictError, task_edit


def in_threads(*calls) -> list[Exception]:
    """Run each call in its own thread (its own database connection, closed after), all at once; the
    exceptions they raised."""
    from django.db import connections

    errors: list[Exception] = []

    def run(call):
        try:
            call()
        except Exception as exc:  # noqa: BLE001 - reported to the test, which decides
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return errors


@pytest.mark.django_db
def test_second_stale_save_is_refused_with_what_changed(client, province):
    task = province["tasks"]["culture"]
    office = province["users"]["office"]
    version = task.lock_version
    task_edit(user=office, task=task, lock_version=version, name="Tên do người thứ nhất sửa")
    with pytest.raises(ConflictError) as caught:
        task_edit(user=office, task=task, lock_version=version, name="Tên do người thứ hai sửa")
    assert caught.value.changes["name"][0] == "Tên do người thứ nhất sửa"
    assert Task.objects.get(pk=task.pk).name == "Tên do người thứ nhất sửa"


@pytest.mark.django_db
def test_conflict_through_the_page_and_the_api(client, province, bearer):
    task = province["tasks"]["culture"]
    client.force_login(province["users"]["office"])
    form = {"number": "1", "name": "Sửa lần một", "deadline_text": "Quý 2/2026", "expected_product": "",
            "solution_group": "", "lock_version": task.lock_version}
    assert client.post(f"/nhiem-vu/{task.pk}/sua/", form).status_code == 302
    task.refresh_from_db()
    assert (task.deadline_kind, task.due_date.isoformat()) == ("quarter", "2026-06-30")
    stale = client.post(f"/nhiem-vu/{task.pk}/sua/", {**form, "name": "Sửa lần hai", "lock_version": 0})
    assert (
        stale.status_code == 200
        and "CHƯA được lưu" in stale.content.decode()
        and "Sửa lần một" in stale.content.decode()
    )
    headers = bearer(province["users"]["office"])
    conflict = client.patch(
        f"/api/v1/tasks/{task.pk}",
        json.dumps({"lock_version": 0, "name": "API"}),
        content_type="application/json",
        **headers,
    )
    assert conflict.status_code == 409 and conflict.json()["changes"]["name"]["current"] == "Sửa lần một"
    ok = client.patch(
        f"/api/v1/tasks/{task.pk}",
        json.dumps({"lock_version": task.lock_version, "name": "API"}),
        content_type="application/json",
        **headers,
    )
    assert ok.status_code == 200 and ok.json()["name"] == "API"
    agency = bearer(province["users"]["focal_culture"])
    assert (
        client.patch(
            f"/api/v1/tasks/{task.pk}",
            json.dumps({"lock_version": 2, "name": "x"}),
            content_type="application/json",
            **agency,
        ).status_code
        == 403
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_exactly_one_wins(province):
    """Eight threads, each with its own database connection, save the same version at once."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes writers on one file; the real race is tested on PostgreSQL")
    task = province["tasks"]["culture"]
    office = province["users"]["office"]
    version = Task.objects.get(pk=task.pk).lock_version
    barrier = threading.Barrier(8)

    def writer(n):
        barrier.wait()
        task_edit(user=office, task=Task.objects.get(pk=task.pk), lock_version=version, name=f"Người viết {n}")

    errors = in_threads(*(lambda n=n: writer(n) for n in range(8)))
    assert len(errors) == 7 and all(isinstance(e, ConflictError) for e in errors), errors
    fresh = Task.objects.get(pk=task.pk)
    assert fresh.lock_version == version + 1 and fresh.name.startswith("Người viết")


@pytest.mark.django_db(transaction=True)
def test_an_update_and_an_edit_of_the_same_task_do_not_deadlock(province):
    """Lock order: the task's row, then the audit chain. An edit holds the row and then writes its audit entry;
    an update posted meanwhile must wait for the row before it takes the chain, or the two deadlock."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes writers on one file; the lock order matters on PostgreSQL")
    import time

    from django.db import transaction

    from giamsat.audit.services import audit_event
    from giamsat.tasks.services import progress_update_create

    task = province["tasks"]["science"]
    locked = threading.Event()

    def edit():
        try:
            with transaction.atomic():
                row = Task.objects.select_for_update().get(pk=task.pk)  # as task_edit does first
                locked.set()
                time.sleep(0.5)  # the update is now waiting for the row (or, in the wrong order, holds the chain)
                audit_event("task_edit_test", row)
        finally:
            locked.set()  # never leave the other thread waiting

    def post():
        locked.wait()
        progress_update_create(
            user=province["users"]["focal_science"],
            task=Task.objects.get(pk=task.pk),
            state="in_progress",
            percent=30,
            narrative="Đang triển khai",
        )

    assert in_threads(edit, post) == []
    fresh = Task.objects.get(pk=task.pk)
    assert fresh.updates.count() == 1 and fresh.status_code == "in_progress"


@pytest.mark.django_db(transaction=True)
def test_two_leads_finishing_at_once_leave_the_task_done(province):
    """An update stores the status from the facts it read under the task's lock plus its own row: the lead
    posting second must see the first one's update, or the task would stay "in progress" with both done."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes writers on one file; the race exists on PostgreSQL")
    from giamsat.tasks.selectors import task_status, with_status_facts
    from giamsat.tasks.services import progress_update_create

    task = province["tasks"]["both"]
    start = threading.Barrier(2)

    def finish(user):
        start.wait()
        progress_update_create(user=user, task=Task.objects.get(pk=task.pk), state="done", narrative="Xong",
                               links=["https://minhchung.example/1"])

    assert in_threads(*(lambda u=u: finish(province["users"][u]) for u in ("focal_culture", "focal_science"))) == []
    stored = Task.objects.get(pk=task.pk)
    computed = task_status(with_status_facts(Task.objects.filter(pk=task.pk))[0])
    assert stored.status_code == computed.code == "done_on_time"
