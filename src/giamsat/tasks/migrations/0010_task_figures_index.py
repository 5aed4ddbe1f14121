"""An index holding every column the task figures read (issue #25, ADR 0059): solution group, status, early
warning, due date, completion date, recurring, document and id. The dashboards' aggregates (by group and
status, the headline figures, the completion trend) then read this narrow index instead of the table's wide
rows (names, products, texts: ≈470 bytes a task), where PostgreSQL spent most of their time stepping over
the text columns to reach the status ones: on the province bench copy, by group and status 3,3 → 0,8 ms, the
trend 6,9 → 3,5 ms, the headline figures 2,5 → 1,5 ms. Built CONCURRENTLY on PostgreSQL (tasks/0009)."""

from django.db import migrations, models

from giamsat.core.concurrent_indexes import add_indexes

INDEXES = [
    ("task", models.Index(
        fields=["solution_group", "status_code", "status_warning", "status_due", "status_done_on", "recurring",
                "document", "id"],
        name="task_figures",
    )),
]


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction
    dependencies = [("tasks", "0009_status_and_lead_indexes")]
    operations = [add_indexes("tasks", INDEXES)]
