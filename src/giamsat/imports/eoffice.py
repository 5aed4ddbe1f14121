"""An e-office task export (hệ thống quản lý văn bản và điều hành), read into the import's review (ADR 0040).

The file (XLSX or CSV in UTF-8, UTF-8 with BOM or Windows-1258) is read into a header and rows of text
(`read_table`); the columns are mapped onto the fields below, guessed from the headers or taken from the
mapping last confirmed for the same source (`EofficeMapping`); the rows become the proposal's tasks with
their agency matches and deadline checks (`build_proposal`). Nothing reaches the domain tables before
`imports.eoffice_commit`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from giamsat.core.errors import ApplicationError
from giamsat.core.spreadsheet import unneutralize
from giamsat.core.text import clean_spaces, fold

# field → (label shown on the mapping step, folded header phrases that name it, best first)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ticket": ("Số phiếu (mã nhiệm vụ trong hệ thống)", ("so phieu", "ma phieu", "ma nhiem vu", "ma cong viec", "id")),
    "doc_number": ("Số, ký hiệu văn bản", ("so ky hieu van ban", "so ky hieu", "so van ban", "ky hieu", "so hieu")),
    "doc_date": ("Ngày văn bản", ("ngay van ban", "ngay ban hanh", "ngay ky")),
    "doc_title": ("Trích yếu văn bản", ("trich yeu",)),
    "name": ("Nội dung nhiệm vụ", ("noi dung nhiem vu", "ten nhiem vu", "noi dung cong viec", "noi dung giao",
                                   "noi dung", "nhiem vu")),
    "lead": ("Đơn vị chủ trì", ("don vi chu tri", "co quan chu tri", "don vi xu ly chinh", "chu tri")),
    "coordinators": ("Đơn vị phối hợp", ("don vi phoi hop", "co quan phoi hop", "phoi hop")),
    "deadline": ("Hạn xử lý", ("han xu ly", "han hoan thanh", "thoi han", "han")),
    "status": ("Tình trạng", ("tinh trang", "trang thai")),
    "done_on": ("Ngày hoàn thành", ("ngay hoan thanh", "ngay xu ly xong")),
}
REQUIRED = ("name",)
MAX_ROWS = 5000
EPOCH = dt.date(1970, 1, 1)  # what e-office systems write for "no deadline"
SOURCE_DEFAULT = "Hệ thống quản lý văn bản và điều hành"


# --------------------------------------------------------------------------------------------- reading


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_spaces(str(unneutralize(value)) if isinstance(value, str) else str(value))


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from giamsat.core.spreadsheet import open_uploaded_workbook

    book = open_uploaded_workbook(data)
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 20)
        return [[_cell(v) for v in row] for row in rows]
    finally:
        book.close()


def _csv_rows(data: bytes) -> tuple[list[list[str]], list[str]]:
    from giamsat.ingest.errors import IngestError
    from giamsat.ingest.readers.text import decode_text

    try:
        text, warnings = decode_text(data)
    except IngestError as exc:
        raise ApplicationError(f"Không đọc được tệp CSV: {exc.message}") from exc
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text), dialect)]
    return rows[: MAX_ROWS + 20], warnings


def _header_index(rows: list[list[str]]) -> int:
    """The row that names most fields among the first 15 (a title block often sits above the header)."""
    best, best_hits = -1, 1
    for i, row in enumerate(rows[:15]):
        hits = len(guess_mapping(row))
        if hits > best_hits:
            best, best_hits = i, hits
    return best


def read_table(data: bytes, filename: str) -> dict:
    """{"headers": [...], "rows": [[...]], "warnings": [...]} of an export, or ApplicationError."""
    name = filename.lower()
    if not data:
        raise ApplicationError("Tệp rỗng.")
    if name.endswith(".xlsx") or data[:2] == b"PK":
        rows, warnings = _xlsx_rows(data), []
    elif name.endswith((".csv", ".txt")):
        rows, warnings = _csv_rows(data)
    else:
        raise ApplicationError("Tệp xuất từ hệ thống điều hành phải là XLSX hoặc CSV.")
    at = _header_index(rows)
    if at < 0:
        raise ApplicationError("Không tìm thấy dòng tiêu đề cột (Số ký hiệu, Trích yếu/Nội dung nhiệm vụ, Đơn vị "
                               "chủ trì, Hạn xử lý…) trong 15 dòng đầu của tệp.")
    width = len(rows[at])
    body = [(row + [""] * width)[:width] for row in rows[at + 1:] if any(c for c in row)]
    if len(body) > MAX_ROWS:
        raise ApplicationError(f"Tệp có quá nhiều dòng: tối đa {MAX_ROWS} nhiệm vụ mỗi lần nhập.")
    if not body:
        raise ApplicationError("Tệp không có dòng nhiệm vụ nào dưới dòng tiêu đề.")
    return {"headers": rows[at], "rows": body, "header_row": at + 1, "warnings": warnings}


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """{field: column index} from the headers: each field takes the column its best phrase names, a column
    serves one field ("Trích yếu" is the task's name only when no "Nội dung nhiệm vụ" column exists)."""
    folded = [fold(h) for h in headers]
    taken: dict[str, int] = {}
    used: set[int] = set()
    for field, (_, phrases) in FIELDS.items():
        for phrase in phrases:
            found = next((i for i, h in enumerate(folded) if i not in used and h and (
                h == phrase or (len(phrase) > 3 and re.search(rf"\b{phrase}\b", h)))), None)
            if found is not None:
                taken[field] = found
                used.add(found)
                break
    if "name" not in taken and "doc_title" in taken:
        taken["name"] = taken.pop("doc_title")
    return taken


def checked_mapping(mapping: dict, width: int) -> dict[str, int]:
    """A mapping as sent by the review (field → column number or ""), refused if it cannot be used."""
    out: dict[str, int] = {}
    for field, value in (mapping or {}).items():
        if field not in FIELDS or value in ("", None):
            continue
        try:
            column = int(value)
        except (TypeError, ValueError):
            raise ApplicationError(f"Cột của «{FIELDS[field][0]}» không hợp lệ.") from None
        if not 0 <= column < width:
            raise ApplicationError(f"Cột của «{FIELDS[field][0]}» không có trong tệp.")
        out[field] = column
    for field in REQUIRED:
        if field not in out:
            raise ApplicationError(f"Chưa chọn cột cho «{FIELDS[field][0]}».")
    return out


# ------------------------------------------------------------------------------------------ the values


def parse_day(text: str) -> dt.date | None:
    """A day as e-office exports write it (dd/mm/yyyy, yyyy-mm-dd, an Excel serial); 01/01/1970 is none."""
    text = clean_spaces(text or "").split(" ")[0] if text else ""
    if not text:
        return None
    day = None
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
        d, mo, y = (int(x) for x in m.groups())
    elif m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        y, mo, d = (int(x) for x in m.groups())
    elif re.fullmatch(r"\d{4,5}", text):  # an Excel serial number left as a number
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(text))
    else:
        raise ValueError(text)
    if day is None:
        day = dt.date(y, mo, d)  # ValueError when it does not exist
    return None if day == EPOCH else day


# Folded status words → a progress state; "chưa" before "hoàn thành" is not done.
def status_state(text: str, done_on: dt.date | None) -> str | None:
    key = fold(text or "")
    if done_on is not None:
        return "done"
    if not key:
        return None
    if key.startswith(("chua xu ly", "chua thuc hien", "chua trien khai", "moi giao", "chua nhan", "cho xu ly")):
        return "not_started"
    if key.startswith("chua") or "dang" in key.split() or "qua han" in key and "hoan thanh" not in key:
        return "in_progress"
    if "hoan thanh" in key or key.startswith(("da xu ly", "xong", "ket thuc")):
        return "done"
    if "tam dung" in key or "huy" in key.split():
        return None  # decisions are the office's, not an e-office status
    return None


def split_agencies(text: str) -> list[str]:
    """'Sở KH&CN; Sở Tài chính' → two names. A comma stays: names hold commas ('Sở Văn hóa, Thể thao…')."""
    return [clean_spaces(p) for p in re.split(r"[;\n|]+", text or "") if clean_spaces(p)]


def external_id(values: dict) -> str:
    """The row's identifier in the source: its ticket number, else the document number and task name."""
    if values.get("ticket"):
        return values["ticket"][:255]
    return f"{values.get('doc_number', '')}|{fold(values.get('name', ''))[:200]}"[:255]


# ---------------------------------------------------------------------------------------------- proposal


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _row_task(n: int, row: list[str], mapping: dict[str, int], problems: list[str]) -> dict | None:
    from giamsat.tasks.deadlines import DeadlineError, checked

    values = {field: row[col] for field, col in mapping.items()}
    if not values.get("name"):
        problems.append(f"Dòng {n}: không có nội dung nhiệm vụ, bỏ qua.")
        return None
    days: dict[str, dt.date | None] = {}
    for field in ("doc_date", "deadline", "done_on"):
        try:
            days[field] = parse_day(values.get(field, ""))
        except ValueError:
            days[field] = None
            problems.append(f"Dòng {n}: «{FIELDS[field][0]}» không phải ngày: «{values.get(field)}».")
    deadline_text = f"{days['deadline']:%d/%m/%Y}" if days["deadline"] else ""
    problem = ""
    try:
        checked(deadline_text, plan_date=days["doc_date"], empty_means_none=True)
    except DeadlineError as exc:
        problem = exc.message
    return {
        "include": True, "row": n, "external_id": external_id(values), "no": values.get("ticket", "")[:20],
        "name": values["name"], "doc_number": values.get("doc_number", ""), "doc_date": _iso(days["doc_date"]),
        "doc_title": values.get("doc_title", ""), "lead": split_agencies(values.get("lead", "")),
        "coordinators": split_agencies(values.get("coordinators", "")), "deadline_text": deadline_text,
        "deadline": _iso(days["deadline"]), "status_text": values.get("status", ""),
        "state": status_state(values.get("status", ""), days["done_on"]), "done_on": _iso(days["done_on"]),
        "problem": problem, "source": "eoffice",
    }


def build_proposal(table: dict, *, source: str, mapping: dict[str, int], agencies: dict | None = None) -> dict:
    """The reviewable proposal of an export under `mapping`: one task per row, the agencies matched (choices
    already made in the review are kept), the tasks a previous import created marked "cập nhật"."""
    from giamsat.imports.models import EofficeTaskLink
    from giamsat.organizations.matching import AgencyMatcher

    problems: list[str] = []
    tasks = [t for n, row in enumerate(table["rows"], start=table.get("header_row", 0) + 1)
             if (t := _row_task(n, row, mapping, problems)) is not None]
    known = dict(EofficeTaskLink.objects.filter(source=source, external_id__in=[t["external_id"] for t in tasks])
                 .values_list("external_id", "task_id"))
    seen: set[str] = set()
    for task in tasks:
        task["existing_task_id"] = known.get(task["external_id"])
        if task["external_id"] in seen:
            problems.append(f"Dòng {task['row']}: trùng mã «{task['external_id'][:60]}» với dòng trước, bỏ qua.")
            task["include"] = False
        seen.add(task["external_id"])
    matcher, chosen = AgencyMatcher(), dict(agencies or {})
    out: dict[str, dict] = {}
    for phrase in dict.fromkeys(p for t in tasks for p in (*t["lead"], *t["coordinators"])):
        if phrase in chosen:
            out[phrase] = chosen[phrase]
            continue
        found = matcher.match(phrase)
        out[phrase] = ({"kind": found.kind, "id": found.id, "name": found.name, "method": found.method,
                        "score": found.score} if found else
                       {"kind": None, "id": None, "name": "", "method": "none", "score": 0})
    return {"kind": "eoffice", "source": source, "mapping": mapping, "document": {}, "tasks": tasks,
            "agencies": out, "problems": problems}
