"""The outreach sheet: its template, reading an agency's sheet (every row checked by the services), export.

Columns, found by their header (accents and case ignored): Ngày | Kênh | Tiêu đề, nội dung | Số lượng |
Số người tham dự, lượt tiếp cận | Đường dẫn | Mã nhiệm vụ. Dates as dd/mm/yyyy text or spreadsheet dates.
"""

import datetime as dt
import io

from giamsat.core.errors import ApplicationError
from giamsat.core.spreadsheet import neutralize, open_uploaded_workbook, unneutralize
from giamsat.core.text import fold
from giamsat.outreach.selectors import channels
from giamsat.outreach.services import ActivityInput

COLUMNS = [
    ("date", "Ngày"),
    ("channel", "Kênh"),
    ("title", "Tiêu đề, nội dung"),
    ("quantity", "Số lượng"),
    ("reach", "Số người tham dự, lượt tiếp cận"),
    ("link", "Đường dẫn"),
    ("task", "Mã nhiệm vụ"),
]
MAX_ROWS = 5000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError


def _int(value):
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip().replace(".", "").replace(" ", "")
    if not text.isdigit():
        raise ValueError
    return int(text)


def read_sheet(data: bytes) -> list[tuple[int, ActivityInput]]:
    """The rows of the first sheet as (line number, input); a value that is not a date or a number is
    refused here, with its line; the rest is checked by the services."""
    ws = open_uploaded_workbook(data).worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    labels = {fold(label): name for name, label in COLUMNS} | {name: name for name, _ in COLUMNS}
    index = {labels[fold(str(h or ""))]: i for i, h in enumerate(header) if fold(str(h or "")) in labels}
    missing = [label for name, label in COLUMNS[:3] if name not in index]
    if missing:
        raise ApplicationError("Bảng tính thiếu cột: " + ", ".join(missing) + ". Hãy dùng tệp mẫu.")
    out, problems = [], []
    for line, row in enumerate(rows, start=2):
        cells = {name: unneutralize(row[i]) if i < len(row) else None for name, i in index.items()}
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue
        if len(out) >= MAX_ROWS:
            raise ApplicationError(f"Một lần nhập tối đa {MAX_ROWS} dòng.")
        try:
            day = _date(cells.get("date"))
        except ValueError:
            problems.append(f"Dòng {line}: ngày “{str(cells.get('date'))[:20]}” không đúng dạng dd/mm/yyyy.")
            continue
        try:
            quantity, reach, task = (_int(cells.get(k)) for k in ("quantity", "reach", "task"))
        except ValueError:
            problems.append(f"Dòng {line}: số lượng, số người và mã nhiệm vụ phải là số nguyên.")
            continue
        out.append((line, ActivityInput(channel=str(cells.get("channel") or ""), title=str(cells.get("title") or ""),
                                        date=day, quantity=quantity, reach=reach,
                                        link=str(cells.get("link") or ""), task=task)))
    if problems:
        raise ApplicationError("Chưa nhập dòng nào. " + " ".join(problems[:20]), code="invalid_rows")
    return out


def _book(header, rows) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Hoạt động tuyên truyền"
    ws.append(header)
    for row in rows:
        ws.append([neutralize(v) for v in row])
    for i, width in enumerate([12, 40, 60, 10, 16, 40, 12, 40, 24], start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template_xlsx() -> bytes:
    """The sheet to fill in, with one example row and, on a second sheet, the channels' names."""
    import openpyxl

    data = _book([label for _, label in COLUMNS],
                 [["15/03/2026", channels().first().name if channels().exists() else "Báo chí",
                   "Đăng tin về Nghị quyết 57-NQ/TW trên trang của đơn vị", 3, 1200, "https://", ""]])
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.create_sheet("Danh mục kênh")
    ws.append(["Tên kênh (ghi đúng vào cột Kênh)", "Mã"])
    for c in channels():
        ws.append([c.name, c.code])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_xlsx(activities) -> bytes:
    header = [label for _, label in COLUMNS] + ["Cơ quan, đơn vị", "Mã định danh / mã ĐVHC"]
    rows = ([a.date.strftime("%d/%m/%Y"), a.channel.name, a.title, a.quantity, a.reach, a.link, a.task_id or "",
             a.organization.name, a.organization.codes] for a in activities)
    return _book(header, rows)
