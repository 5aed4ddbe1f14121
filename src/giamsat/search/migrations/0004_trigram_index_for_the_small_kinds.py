"""On PostgreSQL, a trigram index of the kinds other than tasks and progress updates (ADR 0054).

Since 0003 the index of 0002 for "everything but tasks" holds the progress updates (5,3 million at national
scale, 96 % of it): a search of documents, reports, organizations or indicators walked the updates' trigrams
too. This one holds about 100 000 entries nationally (13 MB), but building it reads the whole table: ≈8 s on
the national bench copy. So it is built CONCURRENTLY, outside a transaction, and writes (every indexed save)
go on meanwhile; an invalid index left by an interrupted build is dropped and built again. Where 0002 left its
indexes out (no pg_trgm), this leaves it out too. SQLite has nothing to do.
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
        cursor.execute("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                       "WHERE c.relname = %s", [NAME])
        found = cursor.fetchone()
        if found is not None and found[0]:
            return
        if found is not None:  # left invalid by an interrupted concurrent build
            cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")
        cursor.execute(f"CREATE INDEX CONCURRENTLY {NAME} ON search_searchentry USING gin (key gin_trgm_ops) "
                       f"WHERE {WHERE}")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction
    dependencies = [("search", "0003_update_and_report_kinds")]
    operations = [migrations.RunPython(create_index, drop_index, atomic=False)]
