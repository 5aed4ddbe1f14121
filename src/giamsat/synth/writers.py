"""The bulk paths: COPY on PostgreSQL (psycopg 3 `cursor.copy()`), batched INSERT elsewhere (SQLite).

No model instances, no `save()`, no signals: this is what makes millions of rows take minutes instead of
hours, and it is also why the synthetic load leaves no audit entries (see docs/PERFORMANCE.md).

On PostgreSQL, tables that are empty when the run starts lose their secondary indexes and foreign keys for
the duration of the load and get them back at the end, rebuilt once (far cheaper than maintaining nine
indexes and checking four foreign keys for each of five million rows). Everything, including that DDL,
happens in the run's single transaction: a failed run leaves the database as it was.
"""

import json

from django.core.management.color import no_style
from django.db import models

BATCH = 5000  # rows per executemany on SQLite


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


class CopyWriter:
    """PostgreSQL: one COPY … FROM STDIN per table flush; psycopg adapts dates, decimals, booleans."""

    def __init__(self, connection):
        self.connection = connection

    def write(self, table) -> None:
        qn = lambda name: _quote(self.connection, name)  # noqa: E731
        sql = f"COPY {qn(table.db_table)} ({', '.join(qn(c) for c in table.all_columns)}) FROM STDIN"
        json_columns = [i for i, f in enumerate(table.fields) if isinstance(f, models.JSONField)]
        tail = tuple(
            json.dumps(v) if i + len(table.columns) in json_columns else v for i, v in enumerate(table.tail)
        )
        with self.connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in table.rows:
                if json_columns:
                    row = tuple(json.dumps(v) if i in json_columns else v for i, v in enumerate(row))
                copy.write_row(row + tail)


class InsertWriter:
    """Other engines (SQLite): executemany of one INSERT in batches, values converted as the ORM would."""

    CONVERTED = (
        models.DateTimeField,
        models.DateField,
        models.TimeField,
        models.DecimalField,
        models.JSONField,
        models.UUIDField,
    )

    def __init__(self, connection):
        self.connection = connection

    def write(self, table) -> None:
        qn = lambda name: _quote(self.connection, name)  # noqa: E731
        sql = (
            f"INSERT INTO {qn(table.db_table)} ({', '.join(qn(c) for c in table.all_columns)}) "
            f"VALUES ({', '.join(['%s'] * len(table.all_columns))})"
        )
        converters = [(i, f) for i, f in enumerate(table.fields) if isinstance(f, self.CONVERTED)]

        def convert(row):
            row = list(row + table.tail)
            for i, field in converters:
                if row[i] is not None:
                    row[i] = field.get_db_prep_save(row[i], self.connection)
            return row

        with self.connection.cursor() as cursor:
            for start in range(0, len(table.rows), BATCH):
                cursor.executemany(sql, [convert(r) for r in table.rows[start : start + BATCH]])


def writer_for(connection):
    return CopyWriter(connection) if connection.vendor == "postgresql" else InsertWriter(connection)


class PostgresLoadMode:
    """Drop the secondary indexes and foreign keys of empty tables before a load, rebuild them after."""

    def __init__(self, connection, models_to_load):
        self.connection = connection
        self.models = list(models_to_load)
        self.indexes: list[str] = []  # CREATE INDEX statements to replay
        self.foreign_keys: list[str] = []  # ALTER TABLE … ADD CONSTRAINT statements to replay

    def relax(self) -> None:
        with self.connection.cursor() as cursor:
            # Run the checks of deferred foreign keys already queued in this transaction (a caller's own
            # inserts): PostgreSQL refuses to ALTER a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for model in self.models:
                table = model._meta.db_table
                if model._base_manager.exists():
                    continue  # only empty tables: rebuilding indexes over existing rows is not ours to do
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    self.foreign_keys.append(
                        f"ALTER TABLE {_quote(self.connection, table)} "
                        f"ADD CONSTRAINT {_quote(self.connection, name)} {definition}"
                    )
                    cursor.execute(
                        f"ALTER TABLE {_quote(self.connection, table)} "
                        f"DROP CONSTRAINT {_quote(self.connection, name)}"
                    )
                # Indexes that do not back a constraint (primary keys and unique constraints stay).
                cursor.execute(
                    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                    "JOIN pg_class i ON i.oid = x.indexrelid "
                    "WHERE x.indrelid = %s::regclass AND NOT EXISTS "
                    "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY i.relname",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    self.indexes.append(definition)
                    cursor.execute(f"DROP INDEX {_quote(self.connection, name)}")

    def restore(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for statement in self.indexes + self.foreign_keys:
                cursor.execute(statement)


def reset_sequences(connection, models_loaded) -> None:
    """Move each table's id sequence past the ids the generator gave (PostgreSQL; SQLite does it itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_loaded))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def analyze(connection, models_loaded) -> None:
    """Fresh planner statistics (and, outside a transaction on PostgreSQL, the visibility map that lets
    counts use index-only scans): without them the first hours after a load are planned for empty tables."""
    tables = [m._meta.db_table for m in models_loaded]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            for table in tables:
                cursor.execute(f"{verb} {_quote(connection, table)}")
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
