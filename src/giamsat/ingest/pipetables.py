"""Tables written as text with "|" between cells (Markdown transcriptions, e-mail bodies).

Rows are lines with cells separated by " | ", with or without the outer pipes.
A run of such lines becomes a `Table`; Markdown separator rows ("| --- | --- |")
are dropped. When only the header is a pipe row and every cell then follows on a
line of its own (a table broken by a converter), the header is left as one plain
line so the flattened-table reader (`flattable`) parses the rows that follow.
"""

from __future__ import annotations

import re

from .readers.base import Table

_SEPARATOR_CELL = re.compile(r"^:?-{3,}:?$")
_EMPHASIS = re.compile(r"^(\*{1,2}|_)(.+?)\1$")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _cells(line: str) -> list[str] | None:
    s = line.strip()
    if "|" not in s:
        return None
    inner = s
    # outer pipes only when the row both opens and closes with one; " | a | b" has a blank first cell
    if len(s) > 1 and s.startswith("|") and s.endswith("|") and not s.endswith("\\|"):
        inner = s[1:-1]
    elif s.endswith("|") and not s.endswith("\\|"):
        inner = s[:-1]
    # a lone "|" inside prose ("A|B") is not a table: cells need spaces around the bar
    # unless the line has outer pipes (Markdown)
    if not s.startswith("|") and " | " not in s and not s.endswith(" |"):
        return None
    parts = [p.strip() for p in re.split(r"(?<!\\)\|", inner)]
    return [_clean_cell(p) for p in parts]


def _clean_cell(text: str) -> str:
    text = _BR.sub("\n", text).replace("\\|", "|")
    m = _EMPHASIS.match(text.strip())
    if m:
        text = m.group(2)
    return text.strip()


def _is_separator(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and all(_SEPARATOR_CELL.match(c.replace(" ", "")) for c in filled)


def _delimited_table(lines: list[str], header_columns) -> Table | None:
    """A whole file of comma/semicolon/tab separated rows whose first row is a task-table header
    (an e-office export saved as CSV: "Số ký hiệu, Ngày văn bản, Trích yếu, Đơn vị chủ trì, Hạn xử lý")."""
    import csv

    body = [ln for ln in lines if ln.strip()]
    if len(body) < 2:
        return None
    for delim in (",", ";", "\t"):
        if body[0].count(delim) < 2:
            continue
        rows = [[c.strip() for c in r] for r in csv.reader(body, delimiter=delim)]
        if header_columns(rows[0]):
            width = max(len(r) for r in rows)
            return Table(rows=[r + [""] * (width - len(r)) for r in rows], line_index=0)
    return None


def split_pipe_tables(lines: list[str]) -> tuple[list[str], list[Table]]:
    """Take runs of pipe rows out of `lines`; return the remaining lines and the tables.

    Each table's `line_index` points at the line that followed it in the remaining lines.
    """
    from .tables import classify_header_cell, header_columns

    csv_table = _delimited_table(lines, header_columns)
    if csv_table is not None:
        return [], [csv_table]
    out: list[str] = []
    tables: list[Table] = []
    i = 0
    n = len(lines)
    while i < n:
        cells = _cells(lines[i])
        if cells is None:
            out.append(lines[i])
            i += 1
            continue
        rows: list[list[str]] = []
        j = i
        while j < n:
            c = _cells(lines[j])
            if c is None:
                break
            if not _is_separator(c):
                rows.append(c)
            j += 1
        if len(rows) == 1 and j < n and header_columns(rows[0]) and (j - i) >= 1:
            # header row alone, cells follow one per line: a flattened table. Header cells that
            # the converter moved below the row ("Thời gian thực hiện") still belong to the header.
            head = [c for c in rows[0] if c]
            while j < n and lines[j].strip() and classify_header_cell(lines[j]) and len(lines[j]) < 60:
                head.append(lines[j].strip())
                j += 1
            out.append(" ".join(head))
            i = j
            continue
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        tables.append(Table(rows=rows, line_index=len(out)))
        i = j
    return out, tables
