"""Rows waiting to be bulk-written, one buffer per model, with primary keys assigned up front.

Rows are plain tuples (fast to build by the million) in the order of the columns a builder declares; every
other NOT NULL column of the model gets its default, the same for each row, so a field added later with a
default needs no change here. Primary keys are given by the generator (so rows can point at each other
without a round trip) starting after the table's current maximum; sequences are moved past them at the end.
"""

from django.db.models import Max


class SynthError(Exception):
    """The generator cannot run (real data present, a model it does not know how to fill ...)."""


class Table:
    def __init__(self, model, columns: tuple[str, ...]):
        self.model = model
        self.columns = tuple(columns)
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in self.columns if c not in fields]
        if unknown:
            raise SynthError(f"{model._meta.label} has no column {', '.join(unknown)}: update giamsat.synth")
        tail_columns, tail = [], []
        for attname, field in fields.items():
            if attname in self.columns or field.null:
                continue  # omitted nullable columns are written as NULL
            if not (field.has_default() or field.empty_strings_allowed):
                raise SynthError(
                    f"{model._meta.label}.{field.name} has no default: giamsat.synth must set it"
                )
            tail_columns.append(attname)
            tail.append(field.get_default())
        self.all_columns = self.columns + tuple(tail_columns)
        self.fields = [fields[c] for c in self.all_columns]
        self.tail = tuple(tail)
        self.rows: list[tuple] = []
        self.written = 0

    @property
    def db_table(self) -> str:
        return self.model._meta.db_table


class Loader:
    """Buffers of every table of a run, their next primary keys, and the writer that empties them."""

    def __init__(self, writer):
        self.writer = writer
        self.tables: dict[type, Table] = {}
        self._next_id: dict[type, int] = {}

    def register(self, model, columns: tuple[str, ...]) -> None:
        self.tables[model] = Table(model, columns)
        self._next_id[model] = (model._base_manager.aggregate(m=Max("pk"))["m"] or 0) + 1

    def new_id(self, model) -> int:
        pk = self._next_id[model]
        self._next_id[model] = pk + 1
        return pk

    def add(self, model, row: tuple) -> None:
        self.tables[model].rows.append(row)

    def flush(self) -> None:
        """Write every buffered row, table by table in registration order (parents first)."""
        for table in self.tables.values():
            if table.rows:
                self.writer.write(table)
                table.written += len(table.rows)
                table.rows = []

    def counts(self) -> dict[str, int]:
        return {t.model._meta.label: t.written for t in self.tables.values()}
