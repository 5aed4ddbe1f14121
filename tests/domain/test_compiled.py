"""core.compiled: a query shape compiled once answers what the ORM answers, for every value, on both databases."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from giamsat.core.compiled import CompiledQuery, update_by_pk
from giamsat.tasks.models import ProgressUpdate, Task, TaskAssignment
from giamsat.tasks.selectors import assignment_rows, locked_status_facts, task_status, with_status_facts
from giamsat.tasks.services import progress_update_create, task_decide

pytestmark = pytest.mark.django_db

FIELDS = ("id", "name", "due_date", "recurring", "status_code")


def _orm(**filters):
    return [tuple(row) for row in Task.objects.filter(**filters).order_by("id").values_list(*FIELDS)]


def test_the_same_rows_as_the_orm_for_every_value(province):
    built = []  # the query shapes that were built (then compiled)
    by_org = CompiledQuery(
        lambda args: built.append(args) or Task.objects.filter(
            pk__in=TaskAssignment.objects.filter(organization_id__in=args.orgs, role=args.role).values("task_id")
        ).order_by("id").values_list(*FIELDS)
    )
    orgs = province["orgs"]
    cases = [
        ([orgs["culture"].pk], "lead"),
        ([orgs["science"].pk], "lead"),
        ([orgs["culture"].pk, orgs["science"].pk], "coordinator"),
        ({orgs["science"].pk, orgs["culture"].pk}, "lead"),  # a set, as a user's scope is
    ]
    for org_ids, role in cases:
        expected = _orm(pk__in=TaskAssignment.objects.filter(organization_id__in=org_ids, role=role).values("task_id"))
        assert by_org.rows(orgs=org_ids, role=role) == expected
    assert any(by_org.rows(orgs=[orgs["culture"].pk], role="lead"))  # the fixture gives the check something
    # One compilation per length of the list, whatever the values.
    assert len(built) == 2


def test_compiled_once_then_only_executed(province):
    built = []
    one = CompiledQuery(
        lambda args: built.append(args) or Task.objects.filter(pk=args.task).order_by().values_list(*FIELDS)
    )
    tasks = list(Task.objects.order_by("id"))
    with CaptureQueriesContext(connection) as queries:
        answers = [one.first(task=t.pk) for t in tasks]
    assert answers == [_orm(pk=t.pk)[0] for t in tasks]
    assert len(queries) == len(tasks) > 1
    assert len(built) == 1  # built and compiled for the first, executed for the others


def test_dates_and_booleans_come_back_as_python_values(province):
    """SQLite stores dates and times as text: the ORM's converters run on compiled rows too (an aware
    time, as the ORM gives)."""
    task = province["tasks"]["science"]
    Task.objects.filter(pk=task.pk).update(due_date=dt.date(2026, 3, 31), recurring=True)
    row = CompiledQuery(
        lambda args: Task.objects.filter(pk=args.task).values_list("due_date", "recurring", "created_at")
    ).first(task=task.pk)
    assert row == Task.objects.filter(pk=task.pk).values_list("due_date", "recurring", "created_at").get()
    assert row[:2] == (dt.date(2026, 3, 31), True)
    assert type(row[0]) is dt.date and row[1] is True and row[2].tzinfo is not None


def test_nothing_asked_for_an_empty_list_or_a_number_no_column_holds(province):
    q = CompiledQuery(lambda args: Task.objects.filter(pk__in=args.ids).values_list("id"))
    with CaptureQueriesContext(connection) as queries:
        assert q.rows(ids=[]) == []
        assert q.rows(ids=[10**30]) == []  # the ORM drops it too, and asks nothing
    assert len(queries) == 0
    one = CompiledQuery(lambda args: Task.objects.filter(pk=args.task).values_list("id"))
    assert one.rows(task=2**63) == [] == list(Task.objects.filter(pk=2**63).values_list("id"))


@pytest.mark.django_db(transaction=True)
def test_a_locking_read_needs_a_transaction_every_time(province):
    """Stricter than the ORM on SQLite (which has no FOR UPDATE): a mistake shows on both databases."""
    locked = CompiledQuery(lambda args: Task.objects.select_for_update().filter(pk=args.task).values_list("id"))
    task = province["tasks"]["culture"]
    with pytest.raises(TransactionManagementError):
        locked.rows(task=task.pk)
    with transaction.atomic():
        assert locked.rows(task=task.pk) == [(task.pk,)]
    # Compiled now: the check is still made before executing.
    with pytest.raises(TransactionManagementError):
        locked.rows(task=task.pk)


def test_shapes_it_cannot_keep_are_refused_when_compiled(province):
    with pytest.raises(TypeError, match="not found"):  # icontains wraps the value: no marker to swap
        CompiledQuery(lambda args: Task.objects.filter(name__icontains=args.q).values_list("id")).rows(q="số")
    with pytest.raises(TypeError, match="values_list"):
        CompiledQuery(lambda args: Task.objects.filter(pk=args.task)).rows(task=1)
    with pytest.raises(TypeError, match="int or str"):
        CompiledQuery(lambda args: Task.objects.filter(due_date=args.day).values_list("id")).rows(day=dt.date.today())


def test_an_argument_used_twice_is_refused_not_answered_wrongly(province):
    """Used twice, only one place would get the caller's value (the other keeps the marker): wrong rows.
    Refused when compiled instead."""
    from django.db.models import Q

    science, culture = province["tasks"]["science"], province["tasks"]["culture"]
    Task.objects.filter(pk=culture.pk).update(upstream=science)
    twice = CompiledQuery(
        lambda args: Task.objects.filter(Q(pk=args.task) | Q(upstream_id=args.task))
        .order_by("id").values_list("id")
    )
    assert sorted([science.pk, culture.pk]) == [
        pk for (pk,) in Task.objects.filter(Q(pk=science.pk) | Q(upstream_id=science.pk)).order_by("id")
        .values_list("id")
    ]
    with pytest.raises(TypeError, match="used more than once"):
        twice.rows(task=science.pk)


def test_a_list_longer_than_its_markers_is_refused_not_answered_wrongly(province):
    """A list argument's markers are a block of MAX_ITEMS integers: one more item would take the next
    argument's marker and put the wrong value in its place. Refused on every call instead."""
    from giamsat.core.compiled import MAX_ITEMS

    task = province["tasks"]["science"]
    query = CompiledQuery(
        lambda args: Task.objects.filter(pk__in=args.ids, document_id=args.doc)
        .order_by("id").values_list("id")
    )
    ids = [10**9 + n for n in range(MAX_ITEMS)] + [task.pk]
    orm = Task.objects.filter(pk__in=ids, document_id=task.document_id)
    assert list(orm.values_list("id", flat=True)) == [task.pk]
    with pytest.raises(ValueError, match="at most"):
        query.rows(ids=ids, doc=task.document_id)
    assert query.rows(ids=ids[-MAX_ITEMS:], doc=task.document_id) == [(task.pk,)]  # up to the limit: kept
    with pytest.raises(ValueError, match="at most"):  # and again, once a shape of that argument is compiled
        query.rows(ids=ids, doc=task.document_id)


def test_update_by_pk_writes_what_the_orm_writes(province):
    task, other = province["tasks"]["culture"], province["tasks"]["science"]
    before_other = _orm(pk=other.pk)
    changed = update_by_pk(Task, task.pk, status_code="overdue", status_warning=True, status_due=dt.date(2026, 1, 5),
                           status_done_on=None)
    assert changed == 1
    task.refresh_from_db()
    assert (task.status_code, task.status_warning, task.status_due, task.status_done_on) == (
        "overdue", True, dt.date(2026, 1, 5), None)
    assert _orm(pk=other.pk) == before_other  # one row only
    assert update_by_pk(Task, 10**9, status_code="overdue") == 0


def test_locked_facts_give_the_status_the_orm_facts_give(province, frozen_today):
    """The write path's plain rows (locked_status_facts) against the readers' prefetched models."""
    users = province["users"]
    culture = province["tasks"]["culture"]
    progress_update_create(user=users["focal_culture"], task=culture, state="in_progress", percent=40)
    shared = province["tasks"]["both"]
    progress_update_create(user=users["focal_culture"], task=shared, state="done", links=["https://minhchung.example/1"])
    task_decide(user=users["office"], task=province["tasks"]["science"], kind="paused", note="Chờ kinh phí")
    def by_id(row):
        return row.id

    for task in with_status_facts(Task.objects.all(), leads_only=True):
        with transaction.atomic():
            facts = locked_status_facts(task.pk)
        assert sorted(facts.lead_updates, key=by_id) == sorted(task.lead_updates, key=by_id)
        assert sorted(facts.decision_list, key=by_id) == sorted(task.decision_list, key=by_id)
        assert sorted(assignment_rows(facts), key=str) == sorted(assignment_rows(task), key=str)
        assert task_status(facts, today=frozen_today) == task_status(task, today=frozen_today)
    assert ProgressUpdate.objects.filter(is_lead=True).count() >= 2
    with transaction.atomic():
        assert locked_status_facts(10**9) is None
