"""PDF reader (pdfplumber): ruled tables as tables, the remaining text in reading order."""

from __future__ import annotations

import io
from typing import Any

from ..errors import CorruptFileError, ScannedPdfError, TooComplexError
from ..textutil import nfc
from .base import Limits, Source, Table


def read_pdf(data: bytes, limits: Limits) -> Source:
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises a zoo of exception types
        raise CorruptFileError(detail=f"{type(exc).__name__}: {exc}") from exc
    source = Source(lines=[], format="pdf")
    total_chars = 0
    try:
        pages = pdf.pages
        if len(pages) > limits.max_pages:
            raise TooComplexError(detail=f"{len(pages)} pages")
        for number, page in enumerate(pages, start=1):
            chars = page.chars
            total_chars += len(chars)
            if not chars:
                continue
            found = page.find_tables()
            boxes = [t.bbox for t in found]
            for t in found:
                table = _table(t, limits)
                if table.rows:
                    table.page = number
                    table.line_index = len(source.lines)
                    source.tables.append(table)
            outside = page.filter(lambda obj, boxes=boxes: not _inside(obj, boxes)) if boxes else page
            text = outside.extract_text() or ""
            source.lines.extend(nfc(text).split("\n"))
            source.lines.append(str(number))  # a page number line, as in text exports
    except (TooComplexError, ScannedPdfError):
        raise
    except Exception as exc:
        raise CorruptFileError(detail=f"{type(exc).__name__}: {exc}") from exc
    finally:
        pdf.close()
    if total_chars == 0:
        raise ScannedPdfError()
    return source


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    if "x0" not in obj or "top" not in obj:
        return False
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _table(found: Any, limits: Limits) -> Table:
    """Extract a pdfplumber table and fill the slots that merged cells cover.

    pdfplumber gives None for a grid slot covered by a neighbour; the bbox of the
    neighbour tells whether the merge is horizontal or vertical.
    """
    raw = found.extract()[: limits.max_rows]
    rows_obj = found.rows[: limits.max_rows]
    width = max((len(r) for r in raw), default=0)
    col_x: list[float | None] = [None] * width
    for row in rows_obj:
        for c, cell in enumerate(row.cells[:width]):
            if cell is not None and col_x[c] is None:
                col_x[c] = cell[0] + 2
    rows: list[list[str]] = []
    merged: set[tuple[int, int]] = set()
    for r, row in enumerate(raw):
        cells = [nfc(c) if c is not None else None for c in row] + [None] * (width - len(row))
        boxes = list(rows_obj[r].cells) + [None] * (width - len(rows_obj[r].cells))
        out: list[str] = []
        for c in range(width):
            if cells[c] is not None:
                out.append(cells[c] or "")
                continue
            text = ""
            left = next((k for k in range(c - 1, -1, -1) if boxes[k] is not None), None)
            x = col_x[c]
            if left is not None and x is not None and boxes[left][2] > x:
                text = out[left]
            elif rows and c < len(rows[-1]):
                text = rows[-1][c]
            merged.add((r, c))
            out.append(text)
        rows.append(out)
    return Table(rows=rows, merged=merged)
