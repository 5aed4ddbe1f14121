"""Task tables in column-aligned text: `pdftotext -layout` output, OCR'd pages kept in layout.

Such text keeps each cell in its column but splits a cell over several lines and centres the short
cells of a row vertically on its tallest one, so rows interleave line by line:

    TT        Nhiệm vụ cụ thể              Cơ quan chủ trì     Thời hạn
         Tổ chức quán triệt, triển khai
    1    thực hiện Kết luận ...            Đảng ủy UBND tỉnh   Trước ngày
         đến toàn thể cán bộ ...                               15/10/2026

The header block is found by its words (the header vocabulary of `tables`), the columns from where
its words stand, and the rows from the numbers in the first column: each number is one row, and the
lines between two numbers are divided at a blank gap, else where the task text starts a new sentence.
The result is an ordinary `Table`, read by `tables.tasks_from_table` like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from .readers.base import Table

_ROW_NO = re.compile(
    r"^(?:\s{0,6}((?:[IVX]{1,5}(?:\.\d{1,2})?\.?(?=\s))|(?:(?:\d{1,3}|[a-zđ])[.)]?(?=\s{2,}|\s*$)))"
    r"|\s?(\d{1,3}(?=\s\S)))"  # a number at the margin may touch the text: "15 kiệt, ô nhiễm"
)
_GROUP_ROW = re.compile(r"^\s{0,6}[IVX]{1,5}(?:\.\d{1,2})?\.?\s")
_PAGE_NO = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
_END = re.compile(r"^\s*(?:ghi chú|\(\*\)|\*\s|phụ lục|nơi nhận)", re.IGNORECASE)
_MAX_HEADER_LINES = 7


@dataclass(frozen=True)
class _Seg:
    start: int
    end: int
    text: str


def _segments(line: str) -> list[_Seg]:
    """Runs of words a layout keeps apart by two spaces or more."""
    out: list[_Seg] = []
    for m in re.finditer(r"\S+(?: \S+)*", line):
        out.append(_Seg(m.start(), m.end(), m.group()))
    return out


def _words(line: str) -> list[_Seg]:
    return [_Seg(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", line)]


def _header_at(lines: list[str], i: int) -> tuple[int, int, list[tuple[int, int]], list[str]] | None:
    """A header block around line i: (first, last line, column spans, column titles), or None."""
    from .tables import header_columns  # imported here: tables imports the readers, which import us
    lo = max(0, i - _MAX_HEADER_LINES + 1)
    hi = min(len(lines), i + _MAX_HEADER_LINES)
    first = i
    while first > lo and lines[first - 1].strip() and len(_segments(lines[first - 1])) <= 6:
        first -= 1
    last = i
    while last + 1 < hi and lines[last + 1].strip() and not _ROW_NO.match(lines[last + 1]) \
            and len(_segments(lines[last + 1])) <= 6:
        last += 1
    segs = [s for k in range(first, last + 1) for s in _segments(lines[k])]
    # a column is a set of header segments whose spans overlap horizontally
    cols: list[list[_Seg]] = []
    for s in sorted(segs, key=lambda s: s.start):
        for col in cols:
            if any(s.start < o.end + 1 and o.start < s.end + 1 for o in col):
                col.append(s)
                break
        else:
            cols.append([s])
    if len(cols) < 3:
        return None
    spans = [(min(s.start for s in c), max(s.end for s in c)) for c in cols]
    order = sorted(range(len(cols)), key=lambda k: spans[k][0])
    titles = []
    for k in order:
        parts = sorted(cols[k], key=lambda s: (_line_of(lines, first, last, s), s.start))
        titles.append(" ".join(p.text for p in parts))
    if header_columns(titles) is None:
        return None
    return first, last, [spans[k] for k in order], titles


def _line_of(lines: list[str], first: int, last: int, seg: _Seg) -> int:
    for k in range(first, last + 1):
        if lines[k][seg.start:seg.end] == seg.text:
            return k
    return last


_DEADLINE_TAIL = re.compile(
    r"(?:^|\s)((?:(?:trước|trong|từ|đến)\s+)?(?:ngày\s+)?(?:\d{1,2}/)?(?:\d{1,2}/)?(?:19|20)\d\d"
    r"(?:\s*[-–]\s*(?:\d{1,2}/)?(?:19|20)\d\d)?)$",
    re.IGNORECASE,
)


@dataclass
class _Page:
    """Where one page puts its columns: the task text's left edge and the other columns' centres."""

    name_left: int
    lead_from: int  # where an agency run into the task text may start
    centres: list[float]  # of the columns right of the task text, left to right


def _page_layout(spans: list[tuple[int, int]], body: list[str]) -> _Page:
    """Columns of one page, found from the page's own cells.

    A PDF's pages do not all put a column at the same place, and `pdftotext -layout` squeezes a
    line whose cells touch, so no fixed character position separates two columns. The task text is
    left-aligned (its left edge is where most runs of words start); the other cells are centred in
    their columns, so their centres fall into as many clusters as the header has columns there,
    seeded with the header titles' centres.
    """
    starts = [s.start for ln in body if not _GROUP_ROW.match(ln) for s in _segments(_unlabelled(ln))[:1]]
    name_left = min(set(starts), key=lambda x: (-starts.count(x), x)) if starts else spans[1][0]
    centres = [(a + b) / 2 for a, b in spans[2:]]
    lead_from = max(name_left + 20, spans[2][0] - 12)
    cells = [s for ln in body if not _GROUP_ROW.match(ln)
             for s in _split_cells(_unlabelled(ln), name_left, lead_from) if s.start > name_left + 2]
    for _ in range(8):
        groups: list[list[float]] = [[] for _ in centres]
        for s in cells:
            mid = (s.start + s.end) / 2
            groups[min(range(len(centres)), key=lambda k: abs(centres[k] - mid))].append(mid)
        centres = [sum(g) / len(g) if g else c for g, c in zip(groups, centres, strict=True)]
    return _Page(name_left, lead_from, centres)


def _unlabelled(line: str) -> str:
    m = _ROW_NO.match(line)
    if not m:
        return line
    g = 1 if m.group(1) else 2
    return line[: m.start(g)] + " " * (m.end(g) - m.start(g)) + line[m.end(g):]


def _split_cells(line: str, name_left: int, lead_from: int) -> list[_Seg]:
    """The line's runs of words, with cells that the layout ran together taken apart again: a cell
    followed by a deadline ("Phó Chủ tịch 2026 - 2030"), task text followed by its agency ("... giai
    đoạn Đảng ủy UBND", the agency starting near the agency column, at `lead_from` or right of it)."""
    from .agencies import starts_agency

    out: list[_Seg] = []
    for seg in _segments(line):
        parts = [seg]
        m = _DEADLINE_TAIL.search(seg.text)
        if m and m.start(1) > 0 and (seg.start > name_left + 2 or seg.start + m.start(1) >= lead_from):
            cut = seg.start + m.start(1)
            head = line[seg.start: cut].rstrip()
            parts = [_Seg(seg.start, seg.start + len(head), head), _Seg(cut, seg.end, m.group(1))]
        first = parts[0]
        if first.start <= name_left + 2:
            words = [w for w in _words(line[: first.end]) if w.start >= first.start]
            for j in range(max(2, len(words) - 5), len(words)):
                if words[j].start >= lead_from and words[j].text[:1].isupper() and starts_agency(
                        line[words[j].start: first.end]):
                    parts[:1] = [_Seg(first.start, words[j - 1].end, line[first.start: words[j - 1].end]),
                                 _Seg(words[j].start, first.end, line[words[j].start: first.end])]
                    break
        out.extend(parts)
    return out


def _cut(line: str, page: _Page, ncols: int) -> list[str]:
    """The line's cells: column 0 the row number, 1 the task text, then by nearest centre."""
    cells: list[list[str]] = [[] for _ in range(ncols)]
    if _GROUP_ROW.match(line):  # a group title runs across the columns: all of it is the title
        cells[1] = [" ".join(_unlabelled(line).split())]
        return [" ".join(c) for c in cells]
    for seg in _split_cells(_unlabelled(line), page.name_left, page.lead_from):
        if seg.start <= page.name_left + 2:
            cells[1].append(seg.text)
            continue
        mid = (seg.start + seg.end) / 2
        k = min(range(len(page.centres)), key=lambda c: abs(page.centres[c] - mid))
        cells[k + 2].append(seg.text)
    return [" ".join(c) for c in cells]


def _row_label(line: str, bounds: list[int]) -> str | None:
    m = _ROW_NO.match(line)
    if not m:
        return None
    g = 1 if m.group(1) else 2
    if m.end(g) > bounds[1]:
        return None
    return m.group(g).rstrip(".)")


def _split_point(rows: list[list[str]], a: int, b: int) -> int:
    """Index of the first line of the row whose number is on line b, given the row above on line a."""
    blanks = [k for k in range(a + 1, b) if not any(rows[k])]
    if blanks:
        # the last line of the widest blank gap
        runs: list[tuple[int, int]] = []
        for k in blanks:
            if runs and runs[-1][1] == k - 1:
                runs[-1] = (runs[-1][0], k)
            else:
                runs.append((k, k))
        start, end = max(runs, key=lambda r: (r[1] - r[0], r[1]))
        return end + 1
    starts = [k for k in range(a + 1, b + 1) if rows[k][1][:1].isupper()]
    if starts:
        k = starts[-1]
        # lines above with no task text belong to the nearer number
        while k - 1 > a and not rows[k - 1][1] and (b - (k - 1)) < ((k - 1) - a):
            k -= 1
        return k
    return (a + b + 1) // 2


def _pages(body: list[str]) -> list[list[str]]:
    """The body cut at its page breaks (page number lines, which `_clean` turned into a form feed)."""
    pages: list[list[str]] = [[]]
    for ln in body:
        if ln == "\f":
            pages.append([])
        pages[-1].append(ln)
    return pages


def _clean(lines: list[str]) -> list[str]:
    return ["\f" if _PAGE_NO.match(ln) else ln.replace("\f", "") for ln in lines]


def split_layout_tables(lines: list[str]) -> tuple[list[str], list[Table]]:
    """Take column-aligned task tables out of `lines`; return the remaining lines and the tables."""
    if not any("  " in ln.strip() for ln in lines[:2000]):
        return lines, []
    out: list[str] = []
    tables: list[Table] = []
    i = 0
    n = len(lines)
    while i < n:
        head = _header_at(lines, i) if _looks_like_header_line(lines[i]) else None
        if head is None:
            out.append(lines[i])
            i += 1
            continue
        first, last, spans, titles = head
        end = _table_end(lines, last + 1)
        body = _clean(lines[last + 1:end])
        table = _read_rows(body, spans, titles)
        if table is None:
            out.append(lines[i])
            i += 1
            continue
        # lines above the header inside its block were pushed to `out` already: drop them
        del out[len(out) - (i - first):]
        table.line_index = len(out)
        tables.append(table)
        i = end
    return out, tables


def _looks_like_header_line(line: str) -> bool:
    from .tables import classify_header_cell
    segs = _segments(line)
    return len(segs) >= 2 and any(classify_header_cell(s.text) for s in segs)


def _table_end(lines: list[str], start: int) -> int:
    """The line that closes the table: a note, the next appendix, the recipients; else the end."""
    k = start
    while k < len(lines):
        ln = lines[k]
        if _END.match(ln.replace("\f", "")):
            break
        k += 1
    return k


def _read_rows(body: list[str], spans: list[tuple[int, int]], titles: list[str]) -> Table | None:
    from .tables import header_columns
    cut: list[list[str]] = []
    for lines in _pages(body):
        page = _page_layout(spans, [ln for ln in lines if ln.strip()])
        cut.extend(_cut(ln, page, len(spans)) if ln.strip() else [""] * len(spans) for ln in lines)
    anchors = [k for k, ln in enumerate(body) if ln.strip() and _row_label(ln, [0, spans[1][0] - 2])]
    # a repeated header on a new page is not a row: its words are header words
    anchors = [k for k in anchors if not header_columns(cut[k])]
    if len(anchors) < 2:
        return None
    labels = {k: _row_label(body[k], [0, spans[1][0] - 2]) for k in anchors}
    starts = [0]
    for a, b in pairwise(anchors):
        starts.append(_split_point(cut, a, b))
    ends = [*starts[1:], len(body)]
    rows: list[list[str]] = [titles]
    for s, e, a in zip(starts, ends, anchors, strict=True):
        cells = ["\n".join(c for c in (cut[k][col] for k in range(s, e)) if c) for col in range(len(spans))]
        cells[0] = labels[a] or ""
        if header_columns([c.replace("\n", " ") for c in cells]):
            continue
        rows.append(cells)
    return Table(rows=rows)
