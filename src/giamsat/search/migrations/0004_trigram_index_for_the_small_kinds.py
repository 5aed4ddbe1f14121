"""On PostgreSQL, a trigram index of the kinds other than tasks and progress updates (ADR 0054).

Since 0003 the index of 0002 for "everything but tasks" holds the progress updates (5,3 million at national
scale, 96 % of it): a search of documents, reports, organizations or indicators walked the updates' trigrams
too. This one holds a few thousand entries; built in about a second even at national scale. Where 0002 left
its indexes out (no pg_trgm), this leaves it out too. SQLite has nothing to do.
"""

from django.db import migrations

NAME = "search_entry_small_trgm"
WHERE = "kind NOT IN ('task', 'update')"


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON search_searchentry USING gin (key gin_trgm_ops) "
                       f"WHERE {WHERE}")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_update_and_report_kinds")]
    operations = [migrations.RunPython(create_index, drop_index)]
