"""The ORM's SQL for a hot query shape, compiled once per process and run again with new values.

Django builds and compiles a queryset's SQL on every call: on the posting path that was ≈0.5 ms of CPU per
query, more than sending it to PostgreSQL and reading the answer (docs/PERFORMANCE.md, sixth run; ADR 0013).
`CompiledQuery` asks the ORM once, with marker values standing for the arguments, finds the markers among
the compiled parameters, and from then on swaps the caller's values in and executes the same SQL. The SQL,
the database's converters (dates on SQLite, say) and the query-count hooks are the ORM's own; only the
building is skipped. `update_by_pk` does the same for the one-row UPDATE of a write.

Only exact comparisons with an argument are allowed (`pk=args.task`, `organization_id__in=args.orgs`): a
lookup that transforms its value (`icontains`) would hide the marker, and compiling says so at once. Every
other shape it cannot keep fails loudly too, never with wrong rows: an argument used twice in the query
(TypeError when compiled), a list longer than `MAX_ITEMS` (ValueError on the call).
"""

import threading
from collections.abc import Callable, Sequence

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ValuesListIterable
from django.db.transaction import TransactionManagementError

# Markers stand for arguments while the ORM compiles: integers no real key or constant takes (negative,
# within a 32-bit column's range, so that Django's overflow checks keep the lookup), and strings no data holds.
_INT_MARKER_BASE = -1_987_000_000
MAX_ITEMS = 1000  # items of one list argument: each argument's markers are a block of this many integers


class _Markers:
    """What the builder sees as `args`: `args.name` gives the marker of that argument (a list of markers
    for a list argument, as long as the caller's list)."""

    def __init__(self, values: dict):
        self._values, self.slots = values, {}
        for n, (name, value) in enumerate(values.items()):
            if _is_list(value):
                if len(value) > MAX_ITEMS:  # its markers would run into the next argument's
                    raise _too_long(name, value)
                self.slots[name] = [_marker(value[0] if value else 0, n, i) for i in range(len(value))]
            else:
                self.slots[name] = _marker(value, n, None)

    def __getattr__(self, name: str):
        try:
            return self.slots[name]
        except KeyError:
            raise AttributeError(f"argument {name!r} was not given") from None


def _too_long(name: str, value) -> ValueError:
    return ValueError(f"CompiledQuery: argument {name!r} holds {len(value)} items; at most {MAX_ITEMS}")


def _is_list(value) -> bool:
    return isinstance(value, (list, tuple, set, frozenset))


def _marker(sample, n: int, i: int | None):
    if isinstance(sample, bool) or not isinstance(sample, (int, str)):
        raise TypeError(f"compiled queries take int or str arguments, not {type(sample).__name__}")
    if isinstance(sample, int):
        return _INT_MARKER_BASE - n * MAX_ITEMS - (i or 0)
    return f"\x1fgiamsat-arg-{n}-{i}\x1f"


class _Compiled:
    __slots__ = ("sql", "params", "slots", "converters", "locks", "empty")

    def __init__(self, sql="", params=(), slots=(), converters=(), locks=False, empty=False):
        self.sql, self.params, self.slots = sql, list(params), slots
        self.converters, self.locks, self.empty = converters, locks, empty


class CompiledQuery:
    """A `values_list` queryset shape, compiled once per database and argument list lengths.

        TASK_DEADLINE = CompiledQuery(lambda args: Task.objects.filter(pk=args.task).values_list("due_date"))
        rows = TASK_DEADLINE.rows(task=42)   # [(datetime.date(2030, 12, 31),)]

    `rows` returns what iterating the queryset returns, as tuples. The builder is called with markers in
    place of the values, so it must not branch on them."""

    def __init__(self, build: Callable[[_Markers], QuerySet]):
        self.build = build
        self._cache: dict[tuple, _Compiled] = {}
        self._lock = threading.Lock()

    def rows(self, using: str = DEFAULT_DB_ALIAS, **values) -> list[tuple]:
        connection = connections[using]
        values = {name: _as_list(value) if _is_list(value) else value for name, value in values.items()}
        for name, value in values.items():
            if isinstance(value, list) and len(value) > MAX_ITEMS:  # checked on every call, compiled or not
                raise _too_long(name, value)
        if any(not _storable(value) for value in values.values() if not isinstance(value, list)):
            return []  # an exact comparison with a number no 64-bit column holds: nothing (the ORM agrees)
        values = {name: [v for v in value if _storable(v)] if isinstance(value, list) else value
                  for name, value in values.items()}
        compiled = self._compiled(connection, using, values)
        if compiled.empty:
            return []
        if compiled.locks and connection.get_autocommit():
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        params = compiled.params.copy()
        for position, name, index in compiled.slots:
            params[position] = values[name] if index is None else values[name][index]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = [_converted(row, compiled.converters, connection) for row in rows]
        return [tuple(row) for row in rows]

    def first(self, using: str = DEFAULT_DB_ALIAS, **values) -> tuple | None:
        rows = self.rows(using, **values)
        return rows[0] if rows else None

    def _compiled(self, connection, using: str, values: dict) -> _Compiled:
        key = (connection.vendor, using) + tuple(
            (name, len(value) if _is_list(value) else -1) for name, value in values.items()
        )
        compiled = self._cache.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._cache.get(key) or self._compile(connection, using, values)
                self._cache[key] = compiled
        return compiled

    def _compile(self, connection, using: str, values: dict) -> _Compiled:
        markers = _Markers(values)
        queryset = self.build(markers)
        if queryset._iterable_class is not ValuesListIterable or not queryset._fields:
            raise TypeError("CompiledQuery needs a values_list(*fields) queryset (not flat)")
        compiler = queryset.query.get_compiler(using=using)
        try:
            # A locking read outside a transaction fails here as in the ORM, and at every later call below.
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # an empty `IN ()`: the ORM would not ask the database either
            return _Compiled(empty=True)
        slots = _find_markers(params, markers.slots)
        columns = [expression for expression, _, _ in compiler.select[: compiler.col_count]]
        if compiler.col_count != len(queryset._fields):
            raise TypeError("CompiledQuery: the select list holds more than the values_list fields")
        converters = tuple(compiler.get_converters(columns).items())
        return _Compiled(sql, params, slots, converters, locks=bool(queryset.query.select_for_update))


def _find_markers(params: Sequence, slots: dict) -> tuple:
    wanted = {}
    for name, marker in slots.items():
        for index, one in enumerate(marker) if isinstance(marker, list) else [(None, marker)]:
            wanted[one] = (name, index)
    found, seen = [], {}
    for position, param in enumerate(params):
        if not isinstance(param, (int, str)) or isinstance(param, bool):
            continue
        if param in seen:  # only one of the places would get the caller's value: refuse the shape
            raise TypeError(f"CompiledQuery: argument {seen[param]!r} is used more than once in the query")
        if param in wanted:
            seen[param] = wanted[param][0]
            found.append((position, *wanted.pop(param)))
    if wanted:
        missing = sorted({name for name, _ in wanted.values()})
        raise TypeError(f"CompiledQuery: argument(s) {missing} not found as plain values in the compiled SQL")
    return tuple(found)


def _storable(value) -> bool:
    return not isinstance(value, int) or -(2**63) <= value < 2**63


def _as_list(value) -> list:
    return sorted(value) if isinstance(value, (set, frozenset)) else list(value)


def _converted(row, converters, connection) -> list:
    row = list(row)
    for position, (functions, expression) in converters:
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row


_UPDATES: dict[tuple, str] = {}


def update_by_pk(model: type[Model], pk, using: str = DEFAULT_DB_ALIAS, **values) -> int:
    """`model.objects.filter(pk=pk).update(**values)` for plain columns, with the SQL built once.

    Values are prepared by their fields as the ORM prepares them (`get_db_prep_save`). No signals, as with
    `QuerySet.update`. Returns the number of rows changed."""
    connection = connections[using]
    names = tuple(values)
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    key = (model, names, connection.vendor, using)
    sql = _UPDATES.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
        _UPDATES[key] = sql
    params = [field.get_db_prep_save(values[field.name], connection) for field in fields]
    params.append(meta.pk.get_db_prep_value(pk, connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
