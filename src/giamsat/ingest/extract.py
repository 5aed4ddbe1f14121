"""Top-level extraction: file -> Source -> Extraction."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .bodytasks import extract_body_tasks
from .errors import FileTooLargeError, IngestError
from .flattable import find_flat_tables, tasks_from_flat
from .layout import Line, build_paragraphs, clean_lines, drop_closing
from .layouttables import split_layout_tables
from .metadata import extract_metadata
from .model import Extraction, Task
from .readers import Limits, Source, read_bytes
from .references import extract_references
from .reporting import extract_reporting
from .tables import find_header_row, tasks_from_table
from .targets import extract_targets, plan_year

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def extract_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Extraction:
    """Extract a plan from a file on disk. Raises IngestError (with a Vietnamese message)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise IngestError("Không mở được tệp.", detail=str(exc)) from exc
    if size > max_bytes:
        raise FileTooLargeError(f"Tệp quá lớn ({size / 1048576:.1f} MB), vượt giới hạn {max_bytes / 1048576:.0f} MB.")
    with p.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    return extract_bytes(data, p.name, max_bytes=max_bytes)


def extract_bytes(data: bytes, filename: str = "", *, max_bytes: int = DEFAULT_MAX_BYTES,
                  limits: Limits | None = None,
                  progress: Callable[[int, int], None] | None = None) -> Extraction:
    """``progress(done, total)`` is called as OCR'd pages finish (scans only)."""
    limits = limits or Limits(max_bytes=max_bytes)
    source = read_bytes(data, filename, limits=limits, progress=progress)
    result = extract_source(source)
    result.low_confidence = sorted(set(source.low_confidence))
    result.filename = filename or None
    return result


def extract_source(source: Source) -> Extraction:
    if source.format == "txt" and not source.tables:
        # text laid out in columns (pdftotext -layout): its task tables are found by position
        source.lines, source.tables = split_layout_tables(source.lines)
    raw_lines, table_tasks, cited_lines = _splice_tables(source)
    lines = clean_lines(raw_lines)
    flat_tables = find_flat_tables(lines)
    appendix: list[Task] = list(table_tasks)
    skip: set[int] = set()
    for ft in flat_tables:
        appendix.extend(tasks_from_flat(ft))
        skip.update(range(ft.start, ft.end))
    body_lines: list[Line] = [line for i, line in enumerate(lines) if i not in skip]
    all_paras = build_paragraphs(body_lines, hard_breaks=source.hard_breaks)
    paras = drop_closing(all_paras)
    meta = extract_metadata(lines, paras)
    result = Extraction(document=meta, format=source.format, warnings=list(source.warnings))
    ref_lines = clean_lines(cited_lines) if cited_lines is not raw_lines else lines
    ref_paras = build_paragraphs(ref_lines, hard_breaks=source.hard_breaks)
    result.references = extract_references(ref_paras, meta.number)
    result.tasks = appendix + extract_body_tasks(paras)
    result.targets = extract_targets(paras, default_year=plan_year(meta.title))
    result.reporting = extract_reporting(paras)
    if not any(line.text for line in lines) and not appendix:
        result.warnings.append("Không tìm thấy nội dung văn bản nào để trích xuất.")
    return result


def _splice_tables(source: Source) -> tuple[list[str], list[Task], list[str]]:
    """Task tables become tasks; every other table (header blocks, signatures) becomes lines.

    Rows above a task table's header (an XLSX title, "PHỤ LỤC ...") are kept as lines too.
    The third list also holds the task rows' cells: documents cited in a table are references.
    """
    tasks: list[Task] = []
    inserts: dict[int, list[str]] = {}
    cited: dict[int, list[str]] = {}
    for table in source.tables:
        found = find_header_row(table.rows)
        keep_rows = table.rows
        if found is not None:
            table_tasks, h = tasks_from_table(table)
            tasks.extend(table_tasks)
            keep_rows = table.rows[: h or 0]
            cited.setdefault(table.line_index, []).extend(
                part for row in table.rows[h or 0:] for c in row for part in c.split("\n"))
        extra: list[str] = []
        for row in keep_rows:
            seen: list[str] = []
            for cell in row:
                if cell.strip() and cell not in seen:
                    seen.append(cell)
            for cell in seen:
                extra.extend(cell.split("\n"))
        inserts.setdefault(table.line_index, []).extend(extra)
    out = _insert(source.lines, inserts)
    if not cited:
        return out, tasks, out
    for i, extra in cited.items():
        inserts.setdefault(i, []).extend(["", *extra, ""])
    return out, tasks, _insert(source.lines, inserts)


def _insert(lines: list[str], inserts: dict[int, list[str]]) -> list[str]:
    if not inserts:
        return list(lines)
    out: list[str] = []
    for i, line in enumerate(lines):
        out.extend(inserts.get(i, []))
        out.append(line)
    for i in sorted(k for k in inserts if k >= len(lines)):
        out.extend(inserts[i])
    return out
