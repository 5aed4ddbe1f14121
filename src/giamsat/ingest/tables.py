"""Task tables: header recognition and real (DOCX/PDF/XLSX) tables to tasks."""

from __future__ import annotations

import re

from .agencies import split_agencies
from .deadlines import parse_deadline
from .model import Task
from .readers.base import Table
from .textutil import ROMAN, is_mostly_upper, join_wrapped, lower, repair, squash, strip_trailing_punct

# Column synonyms as they appear in header cells, matched case-insensitively.
SYNONYMS: dict[str, list[str]] = {
    "no": ["số thứ tự", "số tt", "stt", "tt"],
    "name": ["tên nhiệm vụ", "nội dung nhiệm vụ", "nội dung công việc", "nhiệm vụ, giải pháp",
             "nhiệm vụ cụ thể", "tên nhiệm vụ, đề án", "nội dung thực hiện", "nội dung", "nhiệm vụ",
             "công việc", "tên đề án", "tên chương trình", "hoạt động"],
    "lead": ["cơ quan, đơn vị chủ trì", "cơ quan chủ trì thực hiện", "cơ quan chủ trì", "đơn vị chủ trì",
             "cơ quan thực hiện", "đơn vị thực hiện", "chủ trì thực hiện", "chủ trì", "cơ quan, đơn vị",
             "cơ quan"],
    "coord": ["cơ quan, đơn vị phối hợp", "cơ quan phối hợp thực hiện", "cơ quan phối hợp",
              "đơn vị phối hợp", "phối hợp thực hiện", "phối hợp"],
    "deadline": ["thời gian hoàn thành", "thời hạn hoàn thành", "thời gian thực hiện", "thời hạn thực hiện",
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
    # most specific first: a "chủ trì"/"phối hợp" cell wins over a generic word
    if "phối hợp" in t:
        return "coord"
    if "chủ trì" in t:
        return "lead"
    for phrase, col in _PHRASES:
        if t == phrase or t.startswith(phrase + " ") or t.startswith(phrase + "/") or t.endswith(" " + phrase):
            return col
    return None


def header_columns(cells: list[str]) -> list[str | None] | None:
    """Column roles of a header row, or None if the row is not a task-table header."""
    roles = [classify_header_cell(c) if c.strip() else None for c in cells]
    found = {r for r in roles if r}
    if "name" in found and ("lead" in found or "deadline" in found) and len(found) >= 3:
        # a merged header cell is repeated; keep the role on its first slot only
        seen: set[str] = set()
        out: list[str | None] = []
        for r in roles:
            out.append(r if r and r not in seen else None)
            if r:
                seen.add(r)
        return out
    return None


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


def tasks_from_table(table: Table, *, group_prefix: str | None = None) -> tuple[list[Task], int | None]:
    """Tasks of a real table. Returns (tasks, header row index or None when not a task table)."""
    found = find_header_row(table.rows)
    if found is None:
        return [], None
    h, roles = found
    idx = {role: i for i, role in enumerate(roles) if role}
    tasks: list[Task] = []
    group: str | None = group_prefix
    counter = 0

    def cell(row: list[str], role: str) -> str:
        i = idx.get(role)
        return row[i] if i is not None and i < len(row) else ""

    for r in range(h + 1, len(table.rows)):
        row = table.rows[r]
        texts = [squash(c) for c in row]
        nonempty = [t for t in texts if t]
        if not nonempty:
            continue
        if header_columns(row):
            continue  # header repeated on a new page
        if all(_NUMBERING_ROW.match(t) for t in nonempty) and len(nonempty) >= 3:
            continue  # "(1) (2) (3) ..." numbering row under the header
        distinct = set(nonempty)
        no_text = squash(cell(row, "no"))
        name_text = cell(row, "name")
        if len(distinct) == 1 and (len(nonempty) > 1 or is_group_label(nonempty[0])):
            group = strip_trailing_punct(repair(nonempty[0]))
            continue
        if no_text and re.match(r"^[IVX]{1,5}\.?$|^[A-Z]\.?$", no_text) and (
                not cell(row, "lead").strip() and not cell(row, "deadline").strip()):
            group = repair(f"{no_text.rstrip('.')}. {squash(name_text)}")
            continue
        if not squash(name_text):
            continue
        if not no_text and tasks and not cell(row, "lead").strip() and not cell(row, "deadline").strip():
            # a row split by a page break: the continuation carries no number
            prev = tasks[-1]
            prev.name = repair(prev.name + " " + join_wrapped(name_text.split("\n")))
            prev.coordinators += split_agencies(join_wrapped(cell(row, "coord").split("\n")))
            continue
        counter += 1
        no = strip_trailing_punct(no_text) or str(counter)
        deadline_text = repair(join_wrapped(cell(row, "deadline").split("\n")))
        product = repair(join_wrapped(cell(row, "product").split("\n"))) or None
        tasks.append(Task(
            no=no,
            name=strip_trailing_punct(repair(join_wrapped(name_text.split("\n")))),
            lead=split_agencies(join_wrapped(cell(row, "lead").split("\n"))),
            coordinators=split_agencies(join_wrapped(cell(row, "coord").split("\n"))),
            deadline=parse_deadline(deadline_text),
            source="appendix",
            group=group,
            product=product,
            snippet=" | ".join(nonempty),
            line=None,
        ))
    return tasks, h
