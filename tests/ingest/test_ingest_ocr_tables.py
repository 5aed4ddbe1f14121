"""Ruled tables on scanned pages are rebuilt from the page image, not read as interleaved text.

A born-digital plan with a ruled task table over two pages (cells of several lines, one column for
both the lead and the coordinators, the header repeated on the second page) is scanned; the scan must
give the tasks the born-digital copy gives.
"""

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from scanning import scan

from giamsat.ingest import extract_bytes
from giamsat.ingest.readers import ocrtables
from giamsat.ingest.textutil import fold

FONT = Path(__file__).parent / "fonts" / "DejaVuSans.ttf"
pytestmark = pytest.mark.skipif(
    not (shutil.which("tesseract") and shutil.which("pdftoppm") and ocrtables.available()),
    reason="tesseract-ocr(-vie), poppler-utils or opencv-python-headless missing; CI installs them",
)

HEADER = ["TT", "Nội dung công việc", "Thời gian thực hiện", "Đơn vị chủ trì/phối hợp"]
ROWS = [
    ["1", "Ban hành kế hoạch; rà soát danh sách đơn vị tham gia khảo sát", "Trước ngày 27/6/2026",
     "Văn phòng; Sở Nội vụ"],
    ["2", "Chuẩn bị tài khoản và hướng dẫn khảo sát trực tuyến cho người dân", "Trước ngày 30/6/2026",
     "Sở Khoa học và Công nghệ; các xã"],
    ["3", "Tổng hợp dữ liệu, hoàn thiện báo cáo kết quả khảo sát", "Trước ngày 15/7/2026",
     "Sở Nội vụ"],
]
WIDTHS = [30, 230, 110, 135]


def _table_pdf() -> bytes:
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))

    def row(y: float, cells: list[str]) -> float:
        wrapped = [simpleSplit(text, "DejaVuSans", 10, w - 8) for text, w in zip(cells, WIDTHS, strict=True)]
        height = 14 * max(len(lines) for lines in wrapped) + 10
        x = 45
        for lines, w in zip(wrapped, WIDTHS, strict=True):
            for k, line in enumerate(lines):
                c.drawString(x + 4, y - 14 - 14 * k, line)
            c.rect(x, y - height, w, height)
            x += w
        return y - height

    c.setFont("DejaVuSans", 11)
    c.drawString(60, 790, "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG")
    c.drawString(60, 770, "Số: 216/KH-UBND")
    c.drawString(60, 740, "KẾ HOẠCH Khảo sát sự hài lòng của người dân năm 2026")
    c.drawString(60, 700, "Tiến độ thực hiện:")
    c.setFont("DejaVuSans", 10)
    y = row(680, HEADER)
    for cells in ROWS[:2]:
        y = row(y, cells)
    c.showPage()
    c.setFont("DejaVuSans", 10)
    y = row(790, HEADER)
    row(y, ROWS[2])
    c.setFont("DejaVuSans", 11)
    c.drawString(60, 600, "Các đơn vị báo cáo kết quả về Sở Nội vụ.")
    c.showPage()
    c.save()
    return buf.getvalue()


def _summary(extraction):
    return [(t.no, fold(t.name)[:40], t.lead, t.coordinators, t.deadline.due) for t in extraction.tasks
            if t.source == "appendix"]


def test_a_scanned_ruled_table_gives_the_tasks_of_the_born_digital_copy():
    born = extract_bytes(_table_pdf(), "kh.pdf")
    expected = [
        ("1", fold(ROWS[0][1])[:40], ["Văn phòng"], ["Sở Nội vụ"], date(2026, 6, 27)),
        ("2", fold(ROWS[1][1])[:40], ["Sở Khoa học và Công nghệ"], ["các xã"], date(2026, 6, 30)),
        ("3", fold(ROWS[2][1])[:40], ["Sở Nội vụ"], [], date(2026, 7, 15)),
    ]
    assert _summary(born) == expected  # the reference is sound (a text layer, pdfplumber's tables)
    scanned = extract_bytes(scan(_table_pdf()), "kh-scan.pdf")
    assert any("OCR" in w for w in scanned.warnings)
    assert _summary(scanned) == expected
    # the cells are not also read as running text around the table
    assert not any(t.source == "body" and "khảo sát trực tuyến" in t.name for t in scanned.tasks)


def test_cell_specks_and_a_row_number_read_as_a_letter_are_tidied():
    assert ocrtables._tidy("Ẩ Ẩ .^ Ẫ . `*\nChọn mẫu ngẫu nhiên |") == "Chọn mẫu ngẫu nhiên"
    assert ocrtables._label("l") == "1" and ocrtables._label("1O") == "10" and ocrtables._label("a") == "a"
