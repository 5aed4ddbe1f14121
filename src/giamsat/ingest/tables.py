"""Task tables: header recognition and real (DOCX/PDF/XLSX) tables to tasks."""

from __future__ import annotations

import re

from .agencies import split_agencies
from .deadlines import parse_deadline
from .model import Task
from .readers.base import Table
from .textutil import ROMAN, fold, is_mostly_upper, join_wrapped, lower, repair, squash, strip_trailing_punct

# Column synonyms as they appear in header cells, matched case-insensitively.
SYNONYMS: dict[str, list[str]] = {
    "no": ["số thứ tự", "số tt", "stt", "tt"],
    "name": ["tên nhiệm vụ", "nội dung nhiệm vụ", "nội dung công việc", "nhiệm vụ, giải pháp",
             "nhiệm vụ cụ thể", "tên nhiệm vụ, đề án", "nội dung thực hiện", "nội dung", "nhiệm vụ",
             "công việc", "tên đề án", "tên chương trình", "hoạt động", "trích yếu", "trích yếu nội dung"],
    "lead": ["cơ quan, đơn vị chủ trì", "cơ quan chủ trì thực hiện", "cơ quan chủ trì", "đơn vị chủ trì",
             "cơ quan thực hiện", "đơn vị thực hiện", "chủ trì thực hiện", "chủ trì", "cơ quan, đơn vị",
             "cơ quan"],
    "coord": ["cơ quan, đơn vị phối hợp", "cơ quan phối hợp thực hiện", "cơ quan phối hợp",
              "đơn vị phối hợp", "phối hợp thực hiện", "phối hợp"],
    "deadline": ["hạn xử lý", "hạn hoàn thành",
                 "thời gian hoàn thành", "thời hạn hoàn thành", "thời gian thực hiện", "thời hạn thực hiện",
                 "tiến độ thực hiện", "tiến độ hoàn thành", "thời gian", "thời hạn", "tiến độ"],
    "product": ["sản phẩm dự kiến", "sản phẩm đầu ra", "dự kiến sản phẩm", "kết quả, sản phẩm",
                "kết quả/sản phẩm", "sản phẩm", "kết quả", "hình thức văn bản"],
    "note": ["ghi chú"],
}
_PHRASES = sorted(((p, col) for col, ps in SYNONYMS.items() for p in ps), key=lambda x: len(x[0]), reverse=True)
_PHRASE_WORDS = [(tuple(squash(re.sub(r"[(),.:;/]", " ", p)).split(" ")), col) for p, col in _PHRASES]
_HEADER_HINT = re.compile(r"chủ\s+trì|phối\s+hợp|thời\s+(?:gian|hạn)|tiến\s+độ", re.IGNORECASE)


def classify_header_cell(text: str) -> str | None:
    t = lower(squash(text))
    t = re.sub(r"\(.*?\)", " ", t)
    t = squash(re.sub(r"[*:\d]", " ", t))
    if not t or len(t) > 60:
        return None
    # most specific first: a "chủ trì"/"phối hợp" cell wins over a generic word; one column for both
    # ("Đơn vị chủ trì/phối hợp") lists the lead first (accents folded: scans misread "phối")
    if "chu tri" in fold(t) and "phoi hop" in fold(t):
        return "lead_coord"
    if "phối hợp" in t:
        return "coord"
    if "chủ trì" in t or t.startswith("trách nhiệm") \
            or re.match(r"^(?:người|cán bộ) (?:thực hiện|phụ trách)", t):
        return "lead"
    if re.match(r"^(?:cơ quan|đơn vị|bộ phận)[ ,].*(?:trách nhiệm|thực hiện)", t):
        return "lead"
    for phrase, col in _PHRASES:
        if t == phrase or t.startswith(phrase + " ") or t.startswith(phrase + "/") or t.endswith(" " + phrase):
            return col
    return None


def _strength(text: str, role: str) -> int:
    """How sure a header cell is of its role: an explicit "chủ trì"/"phối hợp" beats "Cơ quan ..."."""
    t = lower(squash(text))
    if role == "lead":
        return 2 if "chủ trì" in t else 1
    return 1


def header_columns(cells: list[str]) -> list[str | None] | None:
    """Column roles of a header row, or None if the row is not a task-table header.

    When two cells claim the lead, the explicit "chủ trì" cell wins and the other
    becomes "lead_alt" (used only when the lead cell of a row is empty).
    """
    roles = [classify_header_cell(c) if c.strip() else None for c in cells]
    found = {r for r in roles if r}
    if "name" in found and ({"lead", "lead_coord", "deadline"} & found) and len(found) >= 3:
        best: dict[str, int] = {}
        for i, r in enumerate(roles):
            if r and (r not in best or _strength(cells[i], r) > _strength(cells[best[r]], r)):
                best[r] = i
        out: list[str | None] = []
        for i, r in enumerate(roles):
            if r and best[r] == i:
                out.append(r)
            elif r == "lead" and "lead_alt" not in out and squash(cells[i]) != squash(cells[best[r]]):
                out.append("lead_alt")
            else:
                out.append(None)  # a merged header cell is repeated; keep the role on its best slot only
        return out
    return None


def header_year(cells: list[str]) -> int | None:
    """"Thời gian (Năm 2026)": the year a deadline column's day-month cells belong to."""
    for c in cells:
        if classify_header_cell(c) == "deadline":
            m = re.search(r"\b(?:năm\s+)?((?:19|20)\d\d)\b", c, re.IGNORECASE)
            if m:
                return int(m.group(1))
    return None


def header_span(rows: list[list[str]],
                limit: int = 30) -> tuple[int, int, list[str | None], list[str]] | None:
    """(first, last, roles, header cells) of a task-table header, joining a 2-level header.

    A second header row ("Thực hiện" over "Đơn vị chủ trì | Đơn vị phối hợp") refines the
    cells above it; a blank upper cell continues the one to its left (a horizontal merge).
    """
    found = find_header_row(rows, limit)
    if found is None:
        return None
    h, roles = found
    cells = list(rows[h])
    if h + 1 < len(rows):
        below = rows[h + 1]
        filled = [c for c in below if c.strip()]
        if filled and all(classify_header_cell(c) for c in filled):
            upper: list[str] = []
            for i in range(len(below)):
                top = cells[i] if i < len(cells) else ""
                if not top.strip() and upper and below[i].strip():
                    top = upper[-1]
                upper.append(top)
            joined = [squash(f"{upper[i]} {below[i]}") if below[i].strip() else upper[i]
                      for i in range(len(below))]
            roles2 = header_columns([
                below[i] if below[i].strip() else upper[i] for i in range(len(below))])
            if roles2:
                return h, h + 1, roles2, joined
    return h, h, roles, cells


def parse_header_line(text: str) -> list[str] | None:
    """Recognise a header row flattened into one line: "TT Tên nhiệm vụ Cơ quan chủ trì ...".

    Greedy longest-phrase matching; unknown words are allowed only sparingly so a
    sentence that merely mentions "cơ quan chủ trì" is not taken for a header.
    """
    if len(text) > 200 or not _HEADER_HINT.search(text):
        return None
    t = lower(squash(text))
    t = squash(re.sub(r"[(),.:;/]", " ", t))
    words = t.split(" ")
    cols: list[str] = []
    unknown = 0
    i = 0
    while i < len(words):
        for pw, col in _PHRASE_WORDS:
            if tuple(words[i: i + len(pw)]) == pw:
                if col not in cols:
                    cols.append(col)
                i += len(pw)
                break
        else:
            unknown += 1
            i += 1
    if unknown > 2 or len(cols) < 3 or "name" not in cols or not ({"lead", "deadline"} & set(cols)):
        return None
    return cols


def find_header_row(rows: list[list[str]], limit: int = 30) -> tuple[int, list[str | None]] | None:
    for i, row in enumerate(rows[:limit]):
        cols = header_columns(row)
        if cols:
            return i, cols
    return None


_NUMBERING_ROW = re.compile(r"^\(?[0-9a-zA-Z]{1,2}\)?$")
_GROUP_LABEL = re.compile(r"^(?:[IVX]{1,5}|[A-Z]|Nhóm\s+\S+|Phần\s+\S+)\s*[.\-–):]\s*\S")


def is_group_label(text: str) -> bool:
    s = squash(text)
    m = re.match(r"^([IVX]{1,5})\s*[.\-–):]", s)
    if m and m.group(1) in ROMAN:
        return True
    return bool(_GROUP_LABEL.match(s) and is_mostly_upper(s, 0.6)) or (is_mostly_upper(s) and len(s) > 10)


_LABEL = re.compile(r"^(?:[IVX]{1,5}|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]?$")
_LETTER = re.compile(r"^[a-zđ][.)]?$")


def _label(text: str) -> str:
    return strip_trailing_punct(text).rstrip(")").strip()


def tasks_from_table(table: Table, *, group_prefix: str | None = None) -> tuple[list[Task], int | None]:
    """Tasks of a real table. Returns (tasks, header row index or None when not a task table)."""
    span = header_span(table.rows)
    if span is None:
        return [], None
    h, h_end, roles, head_cells = span
    idx = {role: i for i, role in enumerate(roles) if role}
    year = header_year(head_cells)
    # time as the first column ("Thời gian | Nội dung công việc | ..."): its blank cells continue
    # the cell above (a vertical merge in the original), and its non-date cells label groups
    time_first = idx.get("deadline") == 0 and "no" not in idx
    label_col = idx.get("no", 0 if time_first else None)
    tasks: list[Task] = []
    group: str | None = group_prefix
    groups: list[str] = []  # labels of the open group rows, outermost first
    counter = 0
    last_time = ""

    def cell(row: list[str], role: str) -> str:
        i = idx.get(role)
        return row[i] if i is not None and i < len(row) else ""

    def label_of(row: list[str]) -> str:
        return squash(row[label_col]) if label_col is not None and label_col < len(row) else ""

    def agencies_empty(row: list[str]) -> bool:
        return not any(cell(row, r).strip() for r in ("lead", "coord", "lead_alt", "lead_coord"))

    rows = table.rows
    for r in range(h_end + 1, len(rows)):
        row = rows[r]
        texts = [squash(c) for c in row]
        nonempty = [t for t in texts if t]
        if not nonempty:
            continue
        if header_columns(row):
            continue  # header repeated on a new page
        if all(_NUMBERING_ROW.match(t) for t in nonempty) and len(nonempty) >= 3:
            continue  # "(1) (2) (3) ..." numbering row under the header
        distinct = set(nonempty)
        no_text = label_of(row)
        name_text = cell(row, "name")
        if len(distinct) == 1 and (len(nonempty) > 1 or is_group_label(nonempty[0])):
            group = strip_trailing_punct(repair(nonempty[0]))
            groups = [group]
            continue
        is_roman = bool(re.match(r"^[IVX]{1,5}(?:\.\d{1,2})?\.?$|^[A-Z]\.?$", no_text))
        if no_text and is_roman and agencies_empty(row) and (time_first or not cell(row, "deadline").strip()):
            group = repair(f"{no_text.rstrip('.')}. {squash(name_text)}")
            groups = [no_text.rstrip(".")]
            continue
        if no_text and agencies_empty(row) and _LABEL.match(no_text) and squash(name_text) and (
                (time_first and parse_deadline(no_text).due is None)
                or (not cell(row, "deadline").strip() and _next_is_letter(rows, r + 1, label_of))):
            # a numbered row without agencies over lettered rows (or in the time column): a sub-group
            sub_label = _label(no_text)
            groups = groups[:1] + [sub_label] if groups and groups[0] != sub_label else [sub_label]
            group = ".".join(groups)
            continue
        if not squash(name_text):
            continue
        if time_first:
            no_text = ""
            if texts[0]:
                last_time = row[0]
        if not no_text and tasks and agencies_empty(row) and not cell(row, "deadline").strip() \
                and not time_first:
            # a row split by a page break: the continuation carries no number
            prev = tasks[-1]
            prev.name = repair(prev.name + " " + join_wrapped(name_text.split("\n")))
            prev.coordinators += split_agencies(join_wrapped(cell(row, "coord").split("\n")))
            continue
        counter += 1
        no = _label(no_text) if no_text else str(counter)
        deadline_text = repair(join_wrapped((last_time if time_first else cell(row, "deadline")).split("\n")))
        product = repair(join_wrapped(cell(row, "product").split("\n"))) or None
        lead_cell = cell(row, "lead") if cell(row, "lead").strip() else cell(row, "lead_alt")
        coordinators = split_agencies(join_wrapped(cell(row, "coord").split("\n")))
        if not lead_cell.strip() and cell(row, "lead_coord").strip():
            both = split_agencies(join_wrapped(cell(row, "lead_coord").split("\n")))
            lead_cell, coordinators = both[0], coordinators + both[1:]
        tasks.append(Task(
            no=no,
            name=strip_trailing_punct(repair(join_wrapped(name_text.split("\n")))),
            lead=split_agencies(join_wrapped(lead_cell.split("\n"))),
            coordinators=coordinators,
            deadline=parse_deadline(deadline_text, default_year=year),
            source="appendix",
            group=group,
            product=product,
            snippet=" | ".join(nonempty),
            line=None,
        ))
    _unique_numbers(tasks)
    return tasks, h


def _next_is_letter(rows: list[list[str]], start: int, label_of) -> bool:
    for row in rows[start:]:
        if any(c.strip() for c in row):
            return bool(_LETTER.match(label_of(row)))
    return False


def _unique_numbers(tasks: list[Task]) -> None:
    """Numbering that restarts in each group ("1" under I and again under II) becomes "I.1", "II.1"."""
    seen = [t.no for t in tasks]
    if len(set(seen)) == len(seen):
        return
    for t in tasks:
        key = (t.group or "").split(". ", 1)[0].strip()
        if key and len(key) <= 12 and not t.no.startswith(key + "."):
            t.no = f"{key}.{t.no}"
