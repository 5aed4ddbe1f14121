"""National identifiers of agencies from a list (CSV or XLSX): the electronic identifier code of QCVN
102:2016/BTTTT (mã định danh điện tử) and the administrative-unit code (mã đơn vị hành chính).

Each row names an agency by its code in giamsat (`ma`), or by its name (accent-insensitive, aliases too),
or by the administrative-unit code already recorded; the other columns give the codes to record. Headers
are read by meaning, in Vietnamese or English ("Mã định danh", "identifier_code", ...)."""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction

from giamsat.core.errors import ApplicationError
from giamsat.core.text import clean_spaces, fold
from giamsat.organizations.models import Organization, OrganizationAlias

HEADERS = {
    "code": {"ma", "code", "ma trong he thong", "ma don vi"},
    "name": {"ten", "name", "ten co quan", "ten don vi", "ten co quan, don vi"},
    "identifier_code": {"ma dinh danh", "ma dinh danh dien tu", "identifier_code", "ma dinh danh dien tu (qcvn 102)"},
    "admin_unit_code": {"ma don vi hanh chinh", "ma dvhc", "admin_unit_code"},
}
MAX_ROWS = 20000


@dataclass
class CodesResult:
    updated: int = 0
    unchanged: int = 0
    not_found: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _rows(filename: str, data: bytes) -> list[list[str]]:
    if not filename.lower().endswith((".xlsx", ".csv", ".txt")):
        raise ApplicationError("Chỉ nhận tệp danh sách dạng CSV (.csv) hoặc Excel (.xlsx).")
    if filename.lower().endswith(".xlsx"):
        from giamsat.core.spreadsheet import open_uploaded_workbook

        sheet = open_uploaded_workbook(data).worksheets[0]
        return [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)][:MAX_ROWS]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApplicationError("Tệp CSV phải được lưu bằng mã UTF-8.") from None
    try:
        dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t") if text.strip() else csv.excel
    except csv.Error:  # one column, or not a list at all: the header check below says what is missing
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))[:MAX_ROWS]


def _columns(header: list[str]) -> dict[str, int]:
    out = {}
    for i, cell in enumerate(header):
        key = fold(cell)
        for name, words in HEADERS.items():
            if key in words and name not in out:
                out[name] = i
    if not ({"code", "name", "admin_unit_code"} & set(out)) or not ({"identifier_code", "admin_unit_code"} & set(out)):
        raise ApplicationError("Dòng đầu của danh sách phải có cột «mã» hoặc «tên» và cột «mã định danh» hoặc "
                               "«mã đơn vị hành chính».")
    return out


@transaction.atomic
def organization_codes_import(*, filename: str, data: bytes) -> CodesResult:
    """Record the codes of the listed agencies (audited row by row); report the names not found."""
    rows = [r for r in _rows(filename, data) if any(clean_spaces(c) for c in r)]
    if not rows:
        raise ApplicationError("Danh sách trống.")
    cols = _columns(rows[0])
    by_code = {o.code: o for o in Organization.objects.all()}
    by_name = {fold(o.name): o for o in by_code.values()}
    for alias in OrganizationAlias.objects.select_related("organization"):
        by_name.setdefault(alias.key, alias.organization)
    by_unit = {o.admin_unit_code: o for o in by_code.values() if o.admin_unit_code}
    result = CodesResult()

    def cell(row, name):
        i = cols.get(name)
        return clean_spaces(row[i]) if i is not None and i < len(row) else ""

    for n, row in enumerate(rows[1:], start=2):
        org = (by_code.get(cell(row, "code")) or by_name.get(fold(cell(row, "name")))
               or by_unit.get(cell(row, "admin_unit_code")))
        if org is None:
            result.not_found.append(cell(row, "name") or cell(row, "code") or f"dòng {n}")
            continue
        ident, unit = cell(row, "identifier_code"), cell(row, "admin_unit_code")
        if len(ident) > 32 or len(unit) > 16:
            result.errors.append(f"Dòng {n}: mã quá dài.")
            continue
        changed = []
        if ident and ident != org.identifier_code:
            org.identifier_code = ident
            changed.append("identifier_code")
        if unit and unit != org.admin_unit_code:
            org.admin_unit_code = unit
            changed.append("admin_unit_code")
        if changed:
            org.save(update_fields=[*changed, "updated_at"])
            result.updated += 1
        else:
            result.unchanged += 1
    return result
