"""Word 97 .doc and Excel 97 .xls: converted by LibreOffice headless, then read as DOCX/XLSX."""

import shutil

import pytest
from test_ingest_formats import GROUP, HEADER, ROWS, VH, _check, make_xlsx

from giamsat.ingest import extract_bytes
from giamsat.ingest.errors import ToolMissingError
from giamsat.ingest.readers import detect_format
from giamsat.ingest.tools import Tools

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed; CI installs it"
)


def _to_legacy(data: bytes, source_ext: str, target_ext: str) -> bytes:
    """Our own DOCX/XLSX saved as Word 97 / Excel 97 by LibreOffice (the way offices still send them)."""
    target = {"doc": "doc:MS Word 97", "xls": "xls:MS Excel 97"}[target_ext]
    out = Tools().convert_office(data, source_ext, target)
    assert out[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    return out


def make_html() -> bytes:
    """The plan of make_docx as HTML, which LibreOffice saves as a Word 97 file with a real table
    (rows 2 and 3 share the lead cell, as a vertical merge)."""
    head = "".join(f"<td>{h}</td>" for h in HEADER)
    body = f'<tr><td colspan="{len(HEADER)}">{GROUP}</td></tr>'
    for r, row in enumerate(ROWS):
        cells = [f"<td>{c}</td>" for c in row]
        if r == 1:
            cells[3] = f'<td rowspan="2">{VH}</td>'
        elif r == 2:
            del cells[3]
        body += "<tr>" + "".join(cells) + "</tr>"
    paras = ["ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "Số: 2653/KH-UBND", "Lai Châu, ngày 06 tháng 6 năm 2025",
             "KẾ HOẠCH", "Tuyên truyền Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
             "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; UBND tỉnh ban hành "
             "Kế hoạch như sau:", "PHỤ LỤC"]
    html = (
        '<html><head><meta charset="utf-8"></head><body>' + "".join(f"<p>{p}</p>" for p in paras)
        + f'<table border="1"><tr>{head}</tr>{body}</table></body></html>'
    )
    return html.encode("utf-8")


@pytest.fixture(scope="module")
def legacy_doc() -> bytes:
    return _to_legacy(make_html(), "html", "doc")


@pytest.fixture(scope="module")
def legacy_xls() -> bytes:
    return _to_legacy(make_xlsx(), "xlsx", "xls")


@needs_soffice
def test_word97_doc_is_converted_and_read_as_docx(legacy_doc):
    assert detect_format(legacy_doc) == "doc"
    result = extract_bytes(legacy_doc, "ke-hoach.doc")
    assert result.format == "doc"
    _check(result.tasks)
    assert result.document.type == "Kế hoạch"


@needs_soffice
def test_excel97_xls_is_converted_and_read_as_xlsx(legacy_xls):
    assert detect_format(legacy_xls) == "xls"
    result = extract_bytes(legacy_xls, "phu-luc.xls")
    assert result.format == "xls"
    _check(result.tasks)


@needs_soffice
def test_doc_without_libreoffice_gets_a_clear_vietnamese_message(legacy_doc, monkeypatch):
    monkeypatch.setattr(Tools, "available", lambda self, name: False)
    with pytest.raises(ToolMissingError) as exc:
        extract_bytes(legacy_doc, "ke-hoach.doc")
    assert exc.value.code == "tool_missing"
    assert ".doc" in exc.value.message and "quản trị" in exc.value.message
