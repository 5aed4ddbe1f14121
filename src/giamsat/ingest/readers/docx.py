"""DOCX reader: paragraphs and tables in body order, merged cells expanded."""

from __future__ import annotations

import io
from typing import Any

from ..errors import CorruptFileError, EmptyFileError
from ..textutil import nfc
from .base import Limits, Source, Table
from .safety import open_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, limits: Limits) -> Source:
    zf = open_zip(data, limits)
    if "word/document.xml" not in zf.namelist():
        raise CorruptFileError(detail="no word/document.xml")
    try:
        import docx  # python-docx; parses with resolve_entities=False, DTDs already refused

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:  # python-docx raises many types for broken packages
        raise CorruptFileError(detail=f"{type(exc).__name__}: {exc}") from exc
    source = Source(lines=[], format="docx", hard_breaks=True)
    _walk(body, document, source, limits)
    if not any(line.strip() for line in source.lines) and not source.tables:
        raise EmptyFileError()
    return source


def _walk(container: Any, document: Any, source: Source, limits: Limits) -> None:
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        tag = child.tag
        if tag == W + "p":
            source.lines.append(nfc(Paragraph(child, document).text))
        elif tag == W + "tbl":
            table = _read_table(child, document, limits)
            table.line_index = len(source.lines)
            source.tables.append(table)
        elif tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                _walk(content, document, source, limits)


def _cell_text(tc: Any, document: Any) -> str:
    from docx.text.paragraph import Paragraph

    parts = [Paragraph(p, document).text for p in tc.iter(W + "p")]
    return nfc("\n".join(parts).strip())


def _read_table(tbl: Any, document: Any, limits: Limits) -> Table:
    """Build the grid from w:tr/w:tc, honouring w:gridSpan and w:vMerge ourselves.

    A horizontally merged cell is repeated in every column it spans; a vertical
    merge continuation repeats the text of the cell where the merge started.
    """
    rows: list[list[str]] = []
    merged: set[tuple[int, int]] = set()
    for r, tr in enumerate(tbl.iterchildren(W + "tr")):
        if r >= limits.max_rows:
            break
        row: list[str] = []
        for tc in tr.iterchildren(W + "tc"):
            tcpr = tc.find(W + "tcPr")
            span = 1
            vmerge_continue = False
            if tcpr is not None:
                gs = tcpr.find(W + "gridSpan")
                if gs is not None:
                    try:
                        span = max(1, min(64, int(gs.get(W + "val", "1"))))
                    except ValueError:
                        span = 1
                vm = tcpr.find(W + "vMerge")
                if vm is not None and vm.get(W + "val", "continue") != "restart":
                    vmerge_continue = True
            col = len(row)
            if vmerge_continue and rows:
                above = rows[-1]
                text = above[col] if col < len(above) else ""
                merged.update((r, c) for c in range(col, col + span))
            else:
                text = _cell_text(tc, document)
                merged.update((r, c) for c in range(col + 1, col + span))
            row.extend([text] * span)
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend([""] * (width - len(row)))
    return Table(rows=rows, merged=merged)
