"""On PostgreSQL, a trigram index (pg_trgm) lets `key LIKE '% word%'` read the candidate rows only.

Optional: when the extension is not installed or may not be created by this user, the search works the
same, reading every entry of a kind (ADR 0014). SQLite has nothing to do.
"""

from django.db import migrations, transaction

# Tasks are nine entries in ten: their own index keeps a document or organization search from walking
# the tasks' trigrams (measured at national scale: 20 ms → under 1 ms for those kinds).
INDEXES = {
    "search_entry_task_trgm": "kind = 'task'",
    "search_entry_other_trgm": "kind <> 'task'",
}


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        try:
            with transaction.atomic(using=connection.alias):  # a savepoint: a refusal leaves the migration whole
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # not allowed for this user: the search stays correct, only slower
            return
        for name, where in INDEXES.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON search_searchentry USING gin (key gin_trgm_ops) WHERE {where}"
            )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
