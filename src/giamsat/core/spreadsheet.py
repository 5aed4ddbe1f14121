"""Spreadsheet safety shared by every export (XLSX, CSV).

Text that a spreadsheet would run as a formula ("=", "+", "-", "@", tab, carriage return) gets a leading
apostrophe, as OWASP advises for CSV/formula injection. `unneutralize` undoes it on re-import.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def open_uploaded_workbook(data: bytes):
    """An uploaded XLSX opened read-only, once its ZIP container is vetted as the importer vets documents
    (`ingest.readers.safety.open_zip`: member count, unpacked size, no DTD). Every failure is an
    ApplicationError with a Vietnamese message; every XLSX import (indicators, evaluation criteria,
    outreach, agency codes) opens its file here."""
    import io

    from django.conf import settings

    from giamsat.core.errors import ApplicationError
    from giamsat.ingest.errors import IngestError
    from giamsat.ingest.readers.base import Limits
    from giamsat.ingest.readers.safety import open_zip

    limit = settings.GIAMSAT_MAX_UPLOAD_BYTES
    if not data:
        raise ApplicationError("Tệp rỗng.")
    if len(data) > limit:
        raise ApplicationError(f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB.", code="too_large", status=413)
    try:
        if "xl/workbook.xml" not in open_zip(data, Limits(max_bytes=limit)).namelist():
            raise ApplicationError("Tệp không phải bảng tính XLSX.")
    except IngestError as exc:
        raise ApplicationError(f"Không đọc được tệp XLSX: {exc.message}") from exc
    try:
        import openpyxl

        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        raise ApplicationError("Không đọc được tệp XLSX (tệp hỏng hoặc không đúng định dạng).") from exc


def neutralize(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralize(value):
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "".join(FORMULA_STARTS):
        return value[1:]
    return value
