"""Tables flattened into text: one cell per line, cells wrapping over several lines.

Text exports of a plan's appendix lose the grid: each row arrives as its row
number, then the lines of each cell in column order; rows break across pages,
where a page number and the repeated header interrupt the row and the
overflowing cells continue after them. We segment each row's lines into
columns with a small dynamic programme that scores

* each cell for its column type (agency cells start with an agency word,
  deadline cells read as deadlines, the name is free text), and
* each boundary between two lines (a line ending in "," ";" or "và", or a
  next line in lower case, continues the same cell; a whitespace-only line
  or a line that starts an agency suggests a new cell).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .agencies import split_agencies
from .agencies import starts_agency as _starts_agency
from .deadlines import parse_deadline
from .layout import Line
from .model import Task
from .tables import is_group_label, parse_header_line
from .textutil import is_mostly_upper, join_wrapped, lower, repair, strip_trailing_punct

starts_agency = lru_cache(maxsize=4096)(_starts_agency)

_NUM_ONLY = re.compile(r"^(\d{1,3})\.?$")
_NUM_INLINE = re.compile(r"^(\d{1,3})\.?\s+(\S.*)$")
_LETTER_ONLY = re.compile(r"^([a-zđ])\)$")
_END = re.compile(r"^(?:PHỤ\s+LỤC|Phụ\s+lục|Nơi\s+nhận|TM\.|T/M|KT\.|K/T|TL\.|T/L)\b")
_CONTINUES = re.compile(r"(?:[,;(/&-]|\b(?:và|của|về|các|trong|trên|với|cho|để|tại|từ|đến|những|theo|"
                        r"hoặc|là|thông|cơ|đơn|nhằm)\s*)$", re.IGNORECASE)
_DEADLINE_WORDS = frozenset(
    "thường xuyên trong năm và các tiếp theo quý tháng hằng hàng trước ngày đến từ giai đoạn đầu cuối liên "
    "tục sau định kỳ hoàn thành chậm nhất mỗi cả i ii iii iv v vi hết của kể bắt thực hiện".split()
)


@dataclass
class FlatRow:
    no: str
    group: str | None
    fragments: list[list[Line]] = field(default_factory=lambda: [[]])


@dataclass
class FlatTable:
    columns: list[str]
    start: int  # index in the line list of the header line
    end: int  # exclusive
    rows: list[FlatRow]


@lru_cache(maxsize=4096)
def _deadline_line(text: str) -> bool:
    words = re.findall(r"[^\W_]+|\d+(?:[/.\-]\d+)*", lower(text))
    if not words:
        return False
    content = [w for w in words if w not in ("và", "các", "của", "trong")]
    return bool(content) and all(w in _DEADLINE_WORDS or w[0].isdigit() for w in words)


def _is_header(text: str) -> bool:
    return parse_header_line(text) is not None


def find_flat_tables(lines: list[Line]) -> list[FlatTable]:
    tables: list[FlatTable] = []
    i = 0
    while i < len(lines):
        cols = parse_header_line(lines[i].text)
        if not cols:
            i += 1
            continue
        table = _read_table(lines, i, cols)
        if table.rows:
            tables.append(table)
            i = table.end
        else:
            i += 1
    return tables


def _next_text(lines: list[Line], j: int) -> str | None:
    return lines[j + 1].text if j + 1 < len(lines) else None


def _read_table(lines: list[Line], start: int, cols: list[str]) -> FlatTable:
    rows: list[FlatRow] = []
    group: str | None = None
    group_open = False
    expected = 1
    j = start + 1
    while j < len(lines):
        line = lines[j]
        t = line.text
        if _END.match(t):
            break
        if _is_header(t):
            if rows:
                rows[-1].fragments.append([])  # page break inside a row
            group_open = False
            j += 1
            continue
        m = _NUM_ONLY.match(t)
        if m:
            nxt = _next_text(lines, j)
            value = int(m.group(1))
            if nxt is not None and _is_header(nxt):
                j += 1  # page number before a repeated header
                continue
            if value == expected:
                rows.append(FlatRow(str(value), group))
                expected += 1
                group_open = False
                j += 1
                continue
            if rows:
                rows[-1].fragments.append([])  # page number without header: still a page break
            j += 1
            continue
        m = _LETTER_ONLY.match(t)
        if m and rows:
            # "a)", "b)" under a numbered row: that row is the group of its lettered items
            parent = rows[-1]
            if "." not in parent.no and sum(len(f) for f in parent.fragments) <= 2:
                parent_no, parent_group = parent.no, parent.no
            else:
                parent_no, parent_group = parent.no.split(".")[0], parent.group
            rows.append(FlatRow(f"{parent_no}.{m.group(1)}", parent_group))
            group_open = False
            j += 1
            continue
        m = _NUM_INLINE.match(t)
        if m and int(m.group(1)) == expected and m.group(2)[:1].isupper() \
                and parse_deadline(m.group(2)).kind == "none":
            rows.append(FlatRow(m.group(1), group))
            rows[-1].fragments[-1].append(Line(m.group(2), line.no, line.marker_before))
            expected += 1
            group_open = False
            j += 1
            continue
        if is_group_label(t) and (not rows or _row_complete(rows[-1], cols)):
            group = strip_trailing_punct(repair(t)) if not group_open else repair(f"{group} {t}")
            group_open = True
            j += 1
            continue
        if group_open and is_mostly_upper(t):
            group = repair(f"{group} {t}")
            j += 1
            continue
        if not rows:
            if j - start > 6:
                break  # no row within a few lines: not a table after all
            j += 1
            continue
        rows[-1].fragments[-1].append(line)
        j += 1
    rows = [r for r in rows if sum(len(f) for f in r.fragments) >= 2]
    return FlatTable(cols, start, j, rows)


def _row_complete(row: FlatRow, cols: list[str]) -> bool:
    """A group label can only come between rows: the last row must already show its last column."""
    frag = [ln for f in row.fragments for ln in f]
    if not frag:
        return False
    last = [c for c in cols if c != "no"][-1]
    if last == "deadline":
        return _deadline_line(frag[-1].text)
    return len(frag) >= 3


# ---------------------------------------------------------------- segmentation


def _boundary(prev: Line, cur: Line) -> float:
    """Score for putting a cell boundary between two consecutive lines."""
    score = 0.0
    if _CONTINUES.search(prev.text):
        score -= 4
    if cur.text[:1].isalpha() and cur.text[:1].islower():
        score -= 4
    if cur.marker_before:
        score += 2
    if starts_agency(cur.text) and not _CONTINUES.search(prev.text):
        score += 1.5
    if _deadline_line(cur.text) and not _deadline_line(prev.text):
        score += 2
    return score


def _agencyish(text: str) -> bool:
    return any(starts_agency(p) for p in re.split(r"[;,]\s*", text) if p.strip())


def _cell_score(role: str, cell: list[Line], continuation: bool, prev_text: str, tallest: bool) -> float:
    text = join_wrapped([ln.text for ln in cell])
    if not cell:
        if continuation:
            return 0.0
        return {"name": -8.0, "lead": -5.0, "coord": -1.0, "deadline": -3.0}.get(role, 0.0)
    dl_lines = sum(1 for ln in cell if _deadline_line(ln.text))
    if continuation:
        score = 0.0
        if _CONTINUES.search(prev_text) or (prev_text and prev_text[-1:].isalpha() and not prev_text.endswith(".")
                                           and prev_text.split()[-1][:1].islower() and role == "name"):
            score += 3 if _CONTINUES.search(prev_text) else 0.5
        if tallest:
            score += 1
        if role in ("lead", "coord"):
            return score + (1.5 if _agencyish(text) else -1.5) - 4 * dl_lines
        if role == "deadline":
            return score + (4 if dl_lines == len(cell) else -6)
        return score + (-1 if _agencyish(text) else 1) - 2 * dl_lines
    if role == "deadline":
        ok = dl_lines == len(cell) and parse_deadline(text).kind != "none"
        return 6.0 if ok else -6.0
    if role in ("lead", "coord"):
        return (4.0 if starts_agency(cell[0].text) else -3.0) - 4 * dl_lines
    if role == "name":
        score = 1.0 - (2.0 if starts_agency(cell[0].text) else 0.0)
        return score - (4.0 if dl_lines == len(cell) else 0.0)
    return 0.5 - 2 * dl_lines


def segment(lines: list[Line], roles: list[str], *, continuation: bool = False,
            prev_cells: dict[str, str] | None = None, tallest: str | None = None) -> dict[str, list[Line]]:
    """Assign ``lines`` (in order) to ``roles`` (in order), maximising the score."""
    n, k = len(lines), len(roles)
    prev_cells = prev_cells or {}

    @cache
    def cell_score(ci: int, a: int, b: int) -> float:
        role = roles[ci]
        return _cell_score(role, lines[a:b], continuation, prev_cells.get(role, ""), role == tallest)

    bounds = [0.0] + [_boundary(lines[x - 1], lines[x]) for x in range(1, n)]
    neg = float("-inf")
    # best[ci][a]: best score assigning roles[ci:] to lines[a:]
    best = [[neg] * (n + 1) for _ in range(k + 1)]
    choice = [[0] * (n + 1) for _ in range(k + 1)]
    best[k][n] = 0.0
    for ci in range(k - 1, -1, -1):
        for a in range(n, -1, -1):
            top = neg
            arg = a
            for b in range(a, n + 1):
                rest = best[ci + 1][b]
                if rest == neg:
                    continue
                s = cell_score(ci, a, b) + rest
                if b > a and b < n:
                    s += bounds[b]
                if s > top:
                    top, arg = s, b
            best[ci][a] = top
            choice[ci][a] = arg
    out: dict[str, list[Line]] = {}
    a = 0
    for ci in range(k):
        b = choice[ci][a]
        out[roles[ci]] = lines[a:b]
        a = b
    return out


def tasks_from_flat(table: FlatTable) -> list[Task]:
    roles = [c for c in table.columns if c != "no"]
    tasks: list[Task] = []
    for row in table.rows:
        cells: dict[str, list[Line]] = {r: [] for r in roles}
        frags = [f for f in row.fragments if f]
        for fi, frag in enumerate(frags):
            if fi == 0:
                seg = segment(frag, roles)
            else:
                prev = {r: join_wrapped([ln.text for ln in cells[r]]) for r in roles}
                tallest = max(roles, key=lambda r: (len(cells[r]), r == "coord"))
                seg = segment(frag, roles, continuation=True, prev_cells=prev, tallest=tallest)
            for r in roles:
                cells[r].extend(seg[r])
        text = {r: join_wrapped([ln.text for ln in cells[r]]) for r in roles}
        all_lines = [ln for f in frags for ln in f]
        deadline_text = repair(text.get("deadline", ""))
        tasks.append(Task(
            no=row.no,
            name=strip_trailing_punct(repair(text.get("name", ""))),
            lead=split_agencies(text.get("lead", "")),
            coordinators=split_agencies(text.get("coord", "")),
            deadline=parse_deadline(deadline_text),
            source="appendix",
            group=row.group,
            product=repair(text.get("product", "")) or None,
            snippet="\n".join(ln.text for ln in all_lines),
            line=all_lines[0].no if all_lines else None,
        ))
    return tasks
