"""Signed PDFs: the number and day are stamped as signature appearances (form widgets)."""

import io
import shutil
from pathlib import Path

import pytest

from giamsat.ingest import extract_bytes
from giamsat.ingest.readers import read_bytes

FONT = Path(__file__).parent / "fonts" / "DejaVuSans.ttf"
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed; CI installs it"
)


def make_signed_pdf() -> bytes:
    """A Công văn whose number and day are blanks filled by widget appearances, as signing software does."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("DejaVuSans", 11)
    lines = [
        (60, 780, "ỦY BAN NHÂN DÂN"), (320, 780, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (60, 765, "TỈNH HÀ GIANG"), (340, 765, "Độc lập - Tự do - Hạnh phúc"),
        (60, 740, "Số:          /UBND-KT"), (300, 740, "Hà Giang, ngày       tháng       năm 2026"),
        (60, 715, "V/v tăng cường quản lý vật liệu nổ"),
        (60, 690, "Kính gửi: Sở Công Thương."),
        (60, 665, "Thực hiện Thông tư số 23/2024/TT-BCT, UBND tỉnh yêu cầu các cơ quan thực hiện."),
    ]
    for x, y, text in lines:
        c.drawString(x, y, text)
    form = c.acroForm
    for name, x, y, value in (("so", 82, 736, "193"), ("ngay", 398, 736, "12"), ("thang", 452, 736, "03")):
        form.textfield(name=name, value=value, x=x, y=y, width=26, height=16, borderWidth=0,
                       fontName="Helvetica", fontSize=11, fillColor=None, borderColor=None)
    c.showPage()
    c.save()
    return buf.getvalue()


@needs_pdftotext
def test_number_and_day_in_signature_appearances_are_read():
    result = extract_bytes(make_signed_pdf(), "cong-van.pdf")
    assert result.document.number == "193/UBND-KT"
    assert result.document.date.isoformat() == "2026-03-12"
    assert "193/UBND-KT" not in [r.number for r in result.references]


@needs_pdftotext
def test_stamps_fill_the_line_they_belong_to():
    source = read_bytes(make_signed_pdf(), "cong-van.pdf")
    line = next(x for x in source.lines if x.startswith("Số"))
    assert "Số: 193 /UBND-KT" in " ".join(line.split()).replace(":193", ": 193")
    assert "ngày 12 tháng 03 năm 2026" in " ".join(line.split())


def test_without_pdftotext_the_blanks_stay_blank(monkeypatch):
    from giamsat.ingest import tools

    monkeypatch.setattr(tools.Tools, "available", lambda self, name: False)
    result = extract_bytes(make_signed_pdf(), "cong-van.pdf")
    assert result.document.number is None


def test_grid_of_word_fragments_is_not_a_table():
    """What pdfplumber makes of a signed page whose words are underlined (seen on a real Công văn)."""
    from giamsat.ingest.readers.base import Table
    from giamsat.ingest.readers.pdf import _plausible

    words = ["", "", "a)", "a)", "", "Rà", "Rà", "soát", "soát", "c", "ác", "", "quy", "quy"]
    grid = Table(rows=[words, words[1:] + [""]], merged={(0, 3), (0, 6), (0, 8), (0, 13), (1, 2), (1, 5)})
    assert not _plausible(grid)
    assert not _plausible(Table(rows=[["truy", "", "cứu", "trách"]]))  # one row: a boxed line
    real = Table(rows=[["TT", "Nhiệm vụ", "Chủ trì"], ["1", "Rà soát quy định", "Sở Công Thương"]])
    assert _plausible(real)
