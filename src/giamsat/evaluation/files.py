"""Spreadsheets of the evaluation: the ranking with its breakdown, and the criteria set (export and import)."""

import unicodedata
from decimal import Decimal, InvalidOperation

from giamsat.core.errors import ApplicationError
from giamsat.core.spreadsheet import open_uploaded_workbook, unneutralize
from giamsat.evaluation.criteria import default_snapshot
from giamsat.evaluation.formulas import FORMULAS
from giamsat.evaluation.models import Criterion
from giamsat.indicators.xlsx import write_workbook

KIND_LABELS = dict(Criterion.Kind.choices)
SETTINGS = [("name", "Tên bộ tiêu chí"), ("lead_weight", "Hệ số chủ trì"), ("coordinator_weight", "Hệ số phối hợp"),
            ("bonus_cap", "Trần điểm thưởng"), ("penalty_cap", "Trần điểm trừ"),
            ("objection_days", "Số ngày được khiếu nại sau khi công bố"), ("note", "Căn cứ, ghi chú")]
CRITERIA_HEADERS = ["Nhóm tiêu chí", "Mã", "Tên tiêu chí", "Loại", "Điểm tối đa", "Điểm mỗi lần (thưởng, trừ)",
                    "Công thức"]
SHEET_SET, SHEET_CRITERIA, SHEET_BANDS, SHEET_FORMULAS = "Bộ tiêu chí", "Tiêu chí", "Xếp loại", "Công thức"


def _num(value) -> float | str:
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return int(d) if d == d.to_integral_value() else float(d)


def ranking_workbook(evaluation, rows) -> bytes:
    """The ranking (one row per agency) and the breakdown (one row per criterion and item)."""
    snap = evaluation.criteria_snapshot
    codes = [c["code"] for c in snap.get("criteria", [])]
    headers = ["Hạng", "Cơ quan, đơn vị", "Mã định danh / mã ĐVHC", "Người đứng đầu", "Điểm", "Xếp loại",
               "Hạng kỳ trước", "Điểm kỳ trước",
               *[f"{c['code']}. {c['name']}" for c in snap.get("criteria", [])], "Điều chỉnh"]
    ranking, details = [], []
    for row in rows:
        r = row.result
        points = {c["code"]: c["points"] for c in r.criteria}
        ranking.append([r.rank, r.organization.name, r.organization.codes, r.head_name, float(r.score), r.band,
                        row.previous_rank, row.previous_score, *[points.get(code, 0) for code in codes],
                        points.get("ĐC", 0)])
        for c in r.criteria:
            for item in c["items"]:
                details.append([r.organization.name, c["code"], c["name"], c["points"], c["max_points"],
                                item["kind"], item["id"], item.get("note", ""), item["effect"], item.get("lost", 0)])
    info = [["Kỳ đánh giá", evaluation.period_label], ["Cấp", evaluation.get_level_display()],
            ["Phiên bản", evaluation.version], ["Trạng thái", evaluation.get_state_display()],
            ["Số liệu tính đến ngày", evaluation.as_of], ["Bộ tiêu chí", f"{snap.get('name')} (phiên bản "
                                                                         f"{snap.get('version')})"]]
    return write_workbook([
        ("Xếp hạng", headers, ranking),
        ("Chi tiết điểm", ["Cơ quan, đơn vị", "Mã tiêu chí", "Tiêu chí", "Điểm tiêu chí", "Điểm tối đa",
                           "Loại căn cứ", "Số hiệu căn cứ", "Ghi chú", "Điểm được", "Điểm mất"], details),
        ("Thông tin", ["Mục", "Nội dung"], info),
    ])


def criteria_workbook(snap: dict) -> bytes:
    """The criteria set as the office edits it in Excel (and imports it back)."""
    labels = {code: f.label for code, f in FORMULAS.items()}
    return write_workbook([
        (SHEET_SET, ["Mục", "Giá trị"], [[label, _num(snap[key]) if key not in ("name", "note") else snap[key]]
                                         for key, label in SETTINGS]),
        (SHEET_CRITERIA, CRITERIA_HEADERS,
         [[c["group"], c["code"], c["name"], KIND_LABELS[c["kind"]], _num(c["max_points"]), _num(c["unit_points"]),
           labels.get(c["formula"], c["formula"])] for c in snap["criteria"]]),
        (SHEET_BANDS, ["Mức xếp loại", "Từ điểm"], [[b["name"], _num(b["min"])] for b in snap["bands"]]),
        (SHEET_FORMULAS, ["Công thức", "Dùng cho", "Cách tính"],
         [[f.label, "tiêu chí thưởng, trừ" if f.counts else "tiêu chí chấm điểm", (f.fn.__doc__ or "").strip()]
          for f in FORMULAS.values()]),
    ])


def _fold(text) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text or "")).strip().lower().split())


def _sheet_rows(wb, title: str) -> list[list]:
    for ws in wb.worksheets:
        if _fold(ws.title) == _fold(title):
            return [[unneutralize(v) for v in row] for row in ws.iter_rows(min_row=2, values_only=True)
                    if any(v not in (None, "") for v in row)]
    raise ApplicationError(f"Tệp thiếu trang tính «{title}».")


def _number(value, where: str) -> str:
    try:
        d = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation as exc:
        raise ApplicationError(f"{where}: «{value}» không phải là số.") from exc
    if not d.is_finite():
        raise ApplicationError(f"{where}: «{value}» không phải là số.")
    return str(d)


def read_criteria_workbook(data: bytes, level: str) -> dict:
    """A criteria set (the snapshot shape) from a workbook written by `criteria_workbook`; each mistake named
    by its sheet and line."""
    wb = open_uploaded_workbook(data)
    values = {_fold(row[0]): row[1] if len(row) > 1 else None for row in _sheet_rows(wb, SHEET_SET)}
    snap = default_snapshot(level)
    for key, label in SETTINGS:
        value = values.get(_fold(label))
        if value in (None, ""):
            continue
        if key in ("name", "note"):
            snap[key] = str(value).strip()
        else:
            snap[key] = _number(value, f"Trang «{SHEET_SET}», mục «{label}»")
    snap["objection_days"] = int(Decimal(str(snap["objection_days"])))
    kinds = {_fold(label): code for code, label in KIND_LABELS.items()} | {code: code for code in KIND_LABELS}
    formulas = {_fold(f.label): code for code, f in FORMULAS.items()} | {code: code for code in FORMULAS}
    criteria = []
    for line, row in enumerate(_sheet_rows(wb, SHEET_CRITERIA), start=2):
        row = [*row, *[None] * 7][:7]
        where = f"Trang «{SHEET_CRITERIA}», dòng {line}"
        group, code, name, kind, max_points, unit, formula = row
        if not code or not name:
            raise ApplicationError(f"{where}: thiếu mã hoặc tên tiêu chí.")
        if _fold(kind) not in kinds:
            raise ApplicationError(f"{where}: loại «{kind}» không hợp lệ (Chấm điểm, Điểm thưởng, Điểm trừ).")
        if _fold(formula) not in formulas:
            raise ApplicationError(f"{where}: công thức «{formula}» không có trong danh mục (trang «Công thức»).")
        criteria.append({"group": str(group or "").strip(), "code": str(code).strip(), "name": str(name).strip(),
                         "kind": kinds[_fold(kind)], "max_points": _number(max_points, where),
                         "unit_points": _number(unit if unit not in (None, "") else 1, where),
                         "formula": formulas[_fold(formula)]})
    if not criteria:
        raise ApplicationError(f"Trang «{SHEET_CRITERIA}» chưa có tiêu chí nào.")
    bands = []
    for line, row in enumerate(_sheet_rows(wb, SHEET_BANDS), start=2):
        if len(row) < 2 or not row[0]:
            raise ApplicationError(f"Trang «{SHEET_BANDS}», dòng {line}: thiếu tên mức hoặc điểm.")
        bands.append({"name": str(row[0]).strip()[:16],
                      "min": float(_number(row[1], f"Trang «{SHEET_BANDS}», dòng {line}"))})
    snap["criteria"], snap["bands"] = criteria, bands or snap["bands"]
    return snap
