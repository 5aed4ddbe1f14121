"""XLSX workbooks of indicators (definitions, targets, values) and of agency values, read and written.

Written cells that begin with = + - @ (or a tab, a carriage return) are neutralized with a leading
apostrophe, so that a spreadsheet never runs them as formulas; reading removes that apostrophe again.
Uploaded files are vetted (size, ZIP bomb, DTD) by the ingest library before openpyxl opens them.
"""

import datetime as dt
import io
import unicodedata
from decimal import Decimal

from giamsat.core.errors import ApplicationError
from giamsat.core.spreadsheet import FORMULA_STARTS, neutralize, open_uploaded_workbook, unneutralize  # noqa: F401  (re-exported)
from giamsat.indicators.models import Comparator, Indicator

MAX_ROWS = 5000

COMPARATOR_OUT = {">=": "≥", ">": ">", "=": "=", "<": "<", "<=": "≤", "range": "khoảng"}
COMPARATOR_IN = {
    **{v: k for k, v in COMPARATOR_OUT.items()},
    **{c: c for c in Comparator.values},
    "=>": ">=",
    "=<": "<=",
    "trong khoảng": "range",
}

INDICATOR_COLUMNS = [
    ("code", "Mã"),
    ("name", "Tên chỉ tiêu"),
    ("unit", "Đơn vị tính"),
    ("direction", "Chiều"),
    ("comparator", "So sánh"),
    ("baseline_value", "Giá trị cơ sở"),
    ("baseline_year", "Năm cơ sở"),
    ("min_value", "Giá trị nhỏ nhất hợp lệ"),
    ("max_value", "Giá trị lớn nhất hợp lệ"),
    ("responsible", "Đơn vị chịu trách nhiệm (mã)"),
    ("frequency", "Tần suất"),
    ("aggregation", "Cách tổng hợp"),
    ("numerator", "Tử số (mã chỉ tiêu)"),
    ("denominator", "Mẫu số (mã chỉ tiêu)"),
    ("is_published", "Công khai"),
]
# Shown in the export for reading; ignored on import.
INDICATOR_INFO = ["Tình trạng", "Số liệu mới nhất", "Kỳ", "Ước thực hiện", "Tiến độ so với cơ sở (%)",
                  "Mã định danh / mã ĐVHC của đơn vị chịu trách nhiệm"]  # Organization.codes (issue #18)
TARGET_COLUMNS = [
    ("code", "Mã chỉ tiêu"),
    ("year", "Năm"),
    ("comparator", "So sánh"),
    ("value", "Giá trị"),
    ("value_max", "Cận trên (khoảng)"),
    ("source_text", "Câu gốc"),
]
VALUE_COLUMNS = [
    ("code", "Mã chỉ tiêu"),
    ("period", "Kỳ"),
    ("value", "Giá trị"),
    ("estimate", "Ước thực hiện"),
    ("source", "Nguồn số liệu"),
]
VALUE_INFO = ["Tên chỉ tiêu", "Đơn vị", "Trạng thái duyệt", "Lý do từ chối", "Mã định danh / mã ĐVHC"]
SHEET_INDICATORS, SHEET_TARGETS, SHEET_VALUES = "Chỉ tiêu", "Mục tiêu", "Số liệu"


# --------------------------------------------------------------------------------------------- writing




def _cell(value):
    if isinstance(value, Decimal):
        return (
            float(value) if value == value.to_integral_value() or abs(value) < Decimal("1e15") else str(value)
        )
    if isinstance(value, bool):
        return "có" if value else ""
    return neutralize(value)


def write_workbook(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """Sheets of (title, headers, rows): bold frozen header, dates as dd/mm/yyyy, safe strings."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title[:31])
        ws.append([neutralize(h) for h in headers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for row in rows:
            ws.append([_cell(v) for v in row])
        for r in ws.iter_rows(min_row=2):
            for cell in r:
                if isinstance(cell.value, (dt.date, dt.datetime)):
                    cell.number_format = "dd/mm/yyyy"
        for i, header in enumerate(headers, start=1):
            width = max(
                [len(str(header))] + [len(str(row[i - 1] or "")) for row in rows[:200] if len(row) >= i]
            )
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(max(10, width + 2), 60)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def indicators_workbook(indicators: list[Indicator], values=()) -> bytes:
    """Indicators (with their computed status), targets, and the values the reader may see."""
    from giamsat.indicators.parsing import format_number

    rows, targets = [], []
    for ind in indicators:
        a = getattr(ind, "assessment", None)
        latest = a.latest if a else None
        rows.append(
            [
                ind.code,
                ind.name,
                ind.unit,
                ind.get_direction_display(),
                COMPARATOR_OUT.get(ind.comparator, ind.comparator),
                ind.baseline_value,
                ind.baseline_year,
                ind.min_value,
                ind.max_value,
                ind.responsible.code if ind.responsible_id else "",
                ind.get_frequency_display(),
                ind.get_aggregation_display(),
                ind.numerator.code if ind.numerator_id else "",
                ind.denominator.code if ind.denominator_id else "",
                ind.is_published,
                a.label if a else "",
                latest.value if latest else None,
                latest.period if latest else "",
                bool(latest and latest.is_estimate),
                format_number(a.progress * 100, 1) if a and a.progress is not None else "",
                ind.responsible.codes if ind.responsible_id else "",
            ]
        )
        for t in ind.targets.all():
            targets.append(
                [
                    ind.code,
                    t.year,
                    COMPARATOR_OUT.get(t.comparator, t.comparator),
                    t.value,
                    t.value_max,
                    t.source_text,
                ]
            )
    sheets = [
        (SHEET_INDICATORS, [h for _, h in INDICATOR_COLUMNS] + INDICATOR_INFO, rows),
        (SHEET_TARGETS, [h for _, h in TARGET_COLUMNS], targets),
    ]
    value_rows = [
        [
            v.indicator.code,
            v.period,
            v.value,
            v.is_estimate,
            v.source,
            v.indicator.name,
            v.organization.display_name,
            v.get_review_display(),
            v.review_note,
            v.organization.codes,
        ]
        for v in values
    ]
    sheets.append((SHEET_VALUES, [h for _, h in VALUE_COLUMNS] + VALUE_INFO, value_rows))
    return write_workbook(sheets)


def values_template(indicators: list[Indicator], year: int) -> bytes:
    """A workbook for an agency to fill: one row per indicator it answers for, the period pre-filled."""
    rows = [
        [ind.code, str(year) if ind.frequency == "annual" else "", None, False, "", ind.name, "", "", ""]
        for ind in indicators
    ]
    return write_workbook([(SHEET_VALUES, [h for _, h in VALUE_COLUMNS] + VALUE_INFO, rows)])


# --------------------------------------------------------------------------------------------- reading


def _fold(text) -> str:
    text = unicodedata.normalize("NFC", str(text or "")).strip().lower()
    return " ".join(text.split())


def _sheet(wb, title: str, *, fallback_first: bool):
    for ws in wb.worksheets:
        if _fold(ws.title) == _fold(title):
            return ws
    if fallback_first and wb.worksheets:
        return wb.worksheets[0]
    return None


def _rows(ws, columns: list[tuple[str, str]], *, required: set[str]) -> list[tuple[int, dict]]:
    """Rows as dicts keyed by field name, found by header text (or field name); blank rows skipped."""
    it = ws.iter_rows(values_only=True)
    header = next(it, None)
    if header is None:
        return []
    by_label = {}
    for field_name, label in columns:
        by_label[_fold(label)] = field_name
        by_label[_fold(field_name)] = field_name
    index = {}
    for i, h in enumerate(header):
        name = by_label.get(_fold(h))
        if name and name not in index:
            index[name] = i
    missing = [label for field_name, label in columns if field_name in required and field_name not in index]
    if missing:
        raise ApplicationError(f"Trang “{ws.title}” thiếu cột: {', '.join(missing)}.")
    out = []
    for line, values in enumerate(it, start=2):
        if line > MAX_ROWS + 1:
            raise ApplicationError(f"Trang “{ws.title}” quá dài: tối đa {MAX_ROWS} dòng.")
        row = {name: unneutralize(values[i]) if i < len(values) else None for name, i in index.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row.values()):
            continue
        out.append((line, row))
    return out


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _bool(value, line: int, label: str) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    text = _fold(value)
    if text in {"", "0", "không", "khong", "false", "no", "sai"}:
        return False
    if text in {"1", "x", "có", "co", "true", "yes", "ước", "uoc", "đúng", "ước thực hiện"}:
        return True
    raise ApplicationError(f"Dòng {line}: cột “{label}” chỉ nhận “có” hoặc để trống.")


def _choice(value, enum, line: int, label: str, default: str) -> str:
    text = _text(value)
    if not text:
        return default
    for code, name in enum.choices:
        if _fold(text) in {_fold(code), _fold(name)}:
            return code
    raise ApplicationError(f"Dòng {line}: “{text}” không hợp lệ ở cột “{label}”.")


def _organization(value, line: int):
    from giamsat.core.text import fold
    from giamsat.organizations.models import Organization, OrganizationAlias

    text = _text(value)
    if not text:
        return None
    org = (
        Organization.objects.filter(code=text).first()
        or Organization.objects.filter(name__iexact=text).first()
        or Organization.objects.filter(short_name__iexact=text).first()
    )
    if org is None:
        alias = OrganizationAlias.objects.filter(key=fold(text)).select_related("organization").first()
        org = alias.organization if alias else None
    if org is None:
        raise ApplicationError(f"Dòng {line}: không tìm thấy đơn vị “{text}”.")
    return org


def _indicator_ref(value, line: int):
    text = _text(value)
    if not text:
        return None
    found = Indicator.objects.filter(code__iexact=text).first()
    if found is None:
        raise ApplicationError(f"không có chỉ tiêu mã “{text}” (chỉ tiêu tử số, mẫu số phải có trước).")
    return found


def resolve_refs(row: dict, line: int) -> dict:
    """Numerator and denominator codes → indicators, at write time (a ratio may use rows above it)."""
    for name in ("numerator", "denominator"):
        if isinstance(row.get(name), str):
            row[name] = _indicator_ref(row[name], line)
    return row


def read_indicator_workbook(data: bytes) -> tuple[list[tuple[int, dict]], dict[str, list[dict]]]:
    wb = open_uploaded_workbook(data)
    ws = _sheet(wb, SHEET_INDICATORS, fallback_first=True)
    rows = []
    for line, raw in _rows(ws, INDICATOR_COLUMNS, required={"code", "name"}):
        row = {"code": _text(raw.get("code")), "name": _text(raw.get("name"))}
        if not row["code"]:
            raise ApplicationError(f"Dòng {line}: thiếu mã chỉ tiêu.")
        if "unit" in raw:
            row["unit"] = _text(raw["unit"])
        if "direction" in raw:
            row["direction"] = _choice(raw["direction"], Indicator.Direction, line, "Chiều", "increase")
        if "comparator" in raw:
            text = _text(raw["comparator"]) or ">="
            if text.lower() not in COMPARATOR_IN and text not in COMPARATOR_IN:
                raise ApplicationError(
                    f"Dòng {line}: phép so sánh “{text}” không hợp lệ (≥, >, =, <, ≤, khoảng)."
                )
            row["comparator"] = COMPARATOR_IN.get(text, COMPARATOR_IN.get(text.lower()))
        for name in ("baseline_value", "min_value", "max_value", "baseline_year"):
            if name in raw:
                row[name] = raw[name] if not isinstance(raw[name], str) else raw[name].strip() or None
        if "frequency" in raw:
            row["frequency"] = _choice(raw["frequency"], Indicator.Frequency, line, "Tần suất", "annual")
        if "aggregation" in raw:
            row["aggregation"] = _choice(
                raw["aggregation"], Indicator.Aggregation, line, "Cách tổng hợp", "latest"
            )
        if "responsible" in raw:
            row["responsible"] = _organization(raw["responsible"], line)
        for name in ("numerator", "denominator"):
            if name in raw:
                row[name] = _text(raw[name]) or None
        if "is_published" in raw:
            row["is_published"] = _bool(raw["is_published"], line, "Công khai")
        rows.append((line, row))
    if not rows:
        raise ApplicationError("Tệp không có dòng chỉ tiêu nào.")
    seen: set[str] = set()
    for line, row in rows:
        if row["code"].lower() in seen:
            raise ApplicationError(f"Dòng {line}: mã chỉ tiêu {row['code']} xuất hiện hai lần.")
        seen.add(row["code"].lower())
    targets: dict[str, list[dict]] = {}
    ws_t = _sheet(wb, SHEET_TARGETS, fallback_first=False)
    if ws_t is not None:
        for line, raw in _rows(ws_t, TARGET_COLUMNS, required={"code", "year", "value"}):
            code = _text(raw.get("code"))
            text = _text(raw.get("comparator"))
            comparator = COMPARATOR_IN.get(text, COMPARATOR_IN.get(text.lower())) if text else ""
            if text and comparator is None:
                raise ApplicationError(f"Trang “Mục tiêu”, dòng {line}: phép so sánh “{text}” không hợp lệ.")
            targets.setdefault(code.lower(), []).append(
                {
                    "year": raw.get("year"),
                    "value": raw.get("value"),
                    "value_max": raw.get("value_max"),
                    "comparator": comparator,
                    "source_text": _text(raw.get("source_text")),
                }
            )
    return rows, targets


def read_value_workbook(data: bytes) -> list[tuple[int, dict]]:
    wb = open_uploaded_workbook(data)
    ws = _sheet(wb, SHEET_VALUES, fallback_first=True)
    rows = []
    for line, raw in _rows(ws, VALUE_COLUMNS, required={"code", "period", "value"}):
        code = _text(raw.get("code"))
        if not code:
            raise ApplicationError(f"Dòng {line}: thiếu mã chỉ tiêu.")
        value = raw.get("value")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # a row of the template left empty: nothing to enter for that indicator
        rows.append(
            (
                line,
                {
                    "code": code,
                    "period": _text(raw.get("period")),
                    "value": value,
                    "estimate": _bool(raw.get("estimate"), line, "Ước thực hiện"),
                    "source": _text(raw.get("source")),
                },
            )
        )
    if not rows:
        raise ApplicationError("Tệp không có dòng số liệu nào (cột “Giá trị” đều trống).")
    return rows
