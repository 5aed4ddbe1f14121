"""XLSX reader (openpyxl read-only) with merged ranges read by our own defusedxml parser."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from typing import Any

from ..errors import CorruptFileError, EmptyFileError
from ..textutil import nfc
from .base import Limits, Source, Table
from .safety import open_zip

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def read_xlsx(data: bytes, limits: Limits) -> Source:
    zf = open_zip(data, limits)
    if "xl/workbook.xml" not in zf.namelist():
        raise CorruptFileError(detail="no xl/workbook.xml")
    merges = _merged_ranges(zf)
    try:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise CorruptFileError(detail=f"{type(exc).__name__}: {exc}") from exc
    source = Source(lines=[], format="xlsx", hard_breaks=True)
    try:
        for ws in wb.worksheets:
            rows: list[list[str]] = []
            for i, values in enumerate(ws.iter_rows(values_only=True)):
                if i >= limits.max_rows:
                    source.warnings.append(
                        f"Trang tính \u201c{ws.title}\u201d quá dài, chỉ đọc {limits.max_rows} dòng đầu."
                    )
                    break
                rows.append([_cell(v) for v in values])
            width = max((len(r) for r in rows), default=0)
            for row in rows:
                row.extend([""] * (width - len(row)))
            merged = _apply_merges(rows, merges.get(ws.title, []))
            while rows and not any(c.strip() for c in rows[-1]):
                rows.pop()
            if rows:
                source.tables.append(Table(rows=rows, merged=merged, line_index=len(source.lines)))
    except Exception as exc:
        raise CorruptFileError(detail=f"{type(exc).__name__}: {exc}") from exc
    finally:
        wb.close()
    if not source.tables:
        raise EmptyFileError()
    return source


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value)).strip()


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _apply_merges(rows: list[list[str]], ranges: list[str]) -> set[tuple[int, int]]:
    merged: set[tuple[int, int]] = set()
    for ref in ranges:
        if ":" not in ref:
            continue
        a, b = ref.split(":", 1)
        ma, mb = _REF.match(a), _REF.match(b)
        if not ma or not mb:
            continue
        r0, c0 = int(ma.group(2)) - 1, _col_index(ma.group(1))
        r1, c1 = int(mb.group(2)) - 1, _col_index(mb.group(1))
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, len(rows[r]) - 1) + 1):
                if (r, c) != (r0, c0):
                    rows[r][c] = value
                    merged.add((r, c))
    return merged


def _merged_ranges(zf: zipfile.ZipFile) -> dict[str, list[str]]:
    """Sheet title -> merged ranges, read from the sheet XML with defusedxml.

    openpyxl's read-only mode does not expose merged cells, so we read
    <mergeCell ref="A1:E1"/> ourselves (DTDs were refused before we got here).
    """
    from defusedxml.ElementTree import fromstring, iterparse

    try:
        wb = fromstring(zf.read("xl/workbook.xml"))
        rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, Exception):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(_NS_PKG_REL + "Relationship")}
    out: dict[str, list[str]] = {}
    for sheet in wb.iter(_NS_MAIN + "sheet"):
        target = targets.get(sheet.get(_NS_REL + "id"))
        if not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        refs: list[str] = []
        try:
            with zf.open(path) as fh:
                for _event, elem in iterparse(fh, events=("end",)):
                    if elem.tag == _NS_MAIN + "mergeCell":
                        refs.append(elem.get("ref", ""))
                    elif elem.tag == _NS_MAIN + "row":
                        elem.clear()
        except (KeyError, Exception):
            continue
        out[sheet.get("name", "")] = refs
    return out
