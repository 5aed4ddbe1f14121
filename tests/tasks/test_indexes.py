"""The indexes of tasks/0009 and 0010 exist in the database, on their columns and with their conditions (issue #25): the
dashboards' first lists and the figures by lead organization read them instead of scanning every task."""

import pytest
from django.db import connection

from giamsat.tasks.models import Task, TaskAssignment

EXPECTED = {
    (Task, "task_status_due"): ["status_code", "status_due", "id"],
    (Task, "task_warning_due"): ["status_due", "id"],
    (TaskAssignment, "assignment_lead"): ["task_id", "organization_id"],
    (Task, "task_figures"): ["solution_group", "status_code", "status_warning", "status_due", "status_done_on",
                             "recurring", "document_id", "id"],
}


@pytest.mark.django_db
def test_the_status_and_lead_indexes_exist():
    for (model, name), columns in EXPECTED.items():
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
        assert name in constraints, name
        assert constraints[name]["index"] and constraints[name]["columns"] == columns, (name, constraints[name])


@pytest.mark.django_db
def test_on_postgresql_they_are_valid_and_partial_where_said():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: pg_index")
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname, i.indisvalid, pg_get_expr(i.indpred, i.indrelid) FROM pg_index i "
                       "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = ANY(%s)",
                       [[name for _, name in EXPECTED]])
        found = {name: (valid, predicate) for name, valid, predicate in cursor.fetchall()}
    assert set(found) == {name for _, name in EXPECTED}
    assert all(valid for valid, _ in found.values())
    assert found["task_status_due"][1] is None
    assert "status_warning" in found["task_warning_due"][1] and "'lead'" in found["assignment_lead"][1]
