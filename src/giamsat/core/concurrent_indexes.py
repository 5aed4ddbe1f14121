"""Indexes added to large tables without stopping writes: CREATE INDEX CONCURRENTLY on PostgreSQL (a
country's assignments are millions of rows), plainly elsewhere (SQLite). Used by migrations, whose operation
must be non-atomic (`atomic = False`): see tasks/0009 and tasks/0010."""

from django.db import migrations


def _valid_on_postgresql(schema_editor, name: str) -> bool | None:
    """True: built; False: left invalid by an interrupted build; None: absent."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                       "WHERE c.relname = %s", [name])
        found = cursor.fetchone()
    return None if found is None else bool(found[0])


def add_indexes(app_label: str, indexes: list) -> migrations.SeparateDatabaseAndState:
    """The migration operation adding `indexes` ([(model name, models.Index)]): built concurrently on
    PostgreSQL, an invalid one left by an interrupted build dropped and built again; removed alike."""

    def create(apps, schema_editor):
        postgresql = schema_editor.connection.vendor == "postgresql"
        for model_name, index in indexes:
            model = apps.get_model(app_label, model_name)
            if not postgresql:
                schema_editor.add_index(model, index)
                continue
            state = _valid_on_postgresql(schema_editor, index.name)
            if state:
                continue
            if state is False:
                schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{index.name}"')
            schema_editor.add_index(model, index, concurrently=True)

    def drop(apps, schema_editor):
        postgresql = schema_editor.connection.vendor == "postgresql"
        for model_name, index in indexes:
            model = apps.get_model(app_label, model_name)
            if postgresql:
                schema_editor.remove_index(model, index, concurrently=True)
            else:
                schema_editor.remove_index(model, index)

    return migrations.SeparateDatabaseAndState(
        database_operations=[migrations.RunPython(create, drop, atomic=False)],
        state_operations=[migrations.AddIndex(model_name=m, index=i) for m, i in indexes],
    )
