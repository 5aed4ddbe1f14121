"""Indexes for the dashboards' cold views (issue #25, ADR 0057).

- `task_status_due` (status code, due date, id): the first overdue tasks by due date and the open tasks due
  within the yellow window are read from the index instead of sorting or scanning every task.
- `task_warning_due` (due date, id) of the tasks with an early warning: the first soon-due tasks.
- `assignment_lead` (task, organization) of the lead assignments only, a quarter of the rows: the figures by
  lead organization and the reporters of a plan scan this index alone.

On the province bench copy they take the three list and window queries from ≈7 ms to ≈1 ms and the
by-organization aggregate from ≈7,4 to ≈5,2 ms. On PostgreSQL they are built CONCURRENTLY (a country's
assignments are millions of rows: writes go on meanwhile), outside a transaction; an invalid index left by an
interrupted build is dropped and built again. Elsewhere (SQLite) plainly.
"""

from django.db import migrations, models

from giamsat.core.concurrent_indexes import add_indexes

INDEXES = [
    ("task", models.Index(fields=["status_code", "status_due", "id"], name="task_status_due")),
    ("task", models.Index(fields=["status_due", "id"], name="task_warning_due",
                          condition=models.Q(status_warning=True))),
    ("taskassignment", models.Index(fields=["task", "organization"], name="assignment_lead",
                                    condition=models.Q(role="lead"))),
]


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction
    dependencies = [("tasks", "0008_progress_update_source")]
    operations = [add_indexes("tasks", INDEXES)]
