"""Scans: pages without a text layer (or with a garbled one) and images are read with Tesseract.

A born-digital plan is rendered to page images and back into an image-only PDF, the way a
scanner makes it; the OCR'd copy must extract (nearly) what the born-digital copy does.
"""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from scanning import scan as _scan

from giamsat.ingest import extract_bytes
from giamsat.ingest.errors import CorruptFileError, ToolMissingError
from giamsat.ingest.textquality import is_garbled, readable_share
from giamsat.ingest.tools import Tools

FONT = Path(__file__).parent / "fonts" / "DejaVuSans.ttf"
needs_ocr = pytest.mark.skipif(
    not (shutil.which("tesseract") and shutil.which("pdftoppm")),
    reason="tesseract-ocr(-vie) or poppler-utils not installed; CI installs them",
)

PLAN = [
    "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG", "Số: 215/KH-UBND", "Hà Giang, ngày 14 tháng 3 năm 2026", "",
    "KẾ HOẠCH", "Chuyển đổi số trong cơ quan nhà nước năm 2026", "",
    "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;",
    "Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;",
    "UBND tỉnh ban hành Kế hoạch như sau:", "",
    "I. TỔ CHỨC THỰC HIỆN",
    "1. Sở Khoa học và Công nghệ chủ trì xây dựng nền tảng dữ liệu dùng chung của tỉnh,",
    "hoàn thành trước ngày 30/9/2026.",
    "2. Sở Nội vụ chủ trì rà soát thủ tục hành chính trên môi trường số, hoàn thành trong",
    "tháng 6/2026.",
    "3. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch.",
    "Các cơ quan báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ trước ngày 15/12 hằng năm.",
]


def _pdf(lines: list[str]) -> bytes:
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("DejaVuSans", 11)
    y = 790
    for line in lines:
        # wrapped within the 60 pt margins, as a word processor lays it out: a line drawn past the
        # page's edge stays in the text layer but not in the page image, so a scan could not read it
        for part in simpleSplit(line, "DejaVuSans", 11, 595 - 2 * 60) or [""]:
            c.drawString(60, y, part)
            y -= 18
    c.showPage()
    c.save()
    return buf.getvalue()


def _render(folder: str, name: str, dpi: int) -> None:
    """The first page of folder/name as folder/p.png."""
    args = ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", name, "p"]
    subprocess.run(args, cwd=folder, check=True)


def _f1(a: set, b: set) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def fidelity(got, reference) -> float:
    """Agreement of two extractions of the same plan: metadata, references, tasks, reporting."""
    parts = [
        float(got.document.number == reference.document.number),
        float(got.document.date == reference.document.date),
        float(got.document.type == reference.document.type),
        _f1({r.number for r in got.references}, {r.number for r in reference.references}),
        _f1({(tuple(t.lead), t.deadline.due if t.deadline else None) for t in got.tasks},
            {(tuple(t.lead), t.deadline.due if t.deadline else None) for t in reference.tasks}),
        _f1({(r.period, r.due_day, r.due_month) for r in got.reporting},
            {(r.period, r.due_day, r.due_month) for r in reference.reporting}),
    ]
    return sum(parts) / len(parts)


@pytest.fixture(scope="module")
def born_digital():
    data = _pdf(PLAN)
    return data, extract_bytes(data, "ke-hoach.pdf")


@needs_ocr
def test_scanned_copy_scores_within_005_of_the_born_digital_copy(born_digital):
    data, reference = born_digital
    assert reference.document.number == "215/KH-UBND" and len(reference.tasks) >= 2  # the reference is sound
    scanned = extract_bytes(_scan(data), "ke-hoach-scan.pdf")
    assert any("OCR" in w for w in scanned.warnings)
    assert fidelity(scanned, reference) >= 0.95


@needs_ocr
def test_a_page_fed_askew_is_straightened(born_digital):
    from PIL import Image

    from giamsat.ingest.readers.ocr import skew_angle

    data, reference = born_digital
    scan = _scan(data, angle=2.0)
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "s.pdf").write_bytes(scan)
        _render(tmp, "s.pdf", 100)
        assert abs(skew_angle(Image.open(Path(tmp, "p.png"))) + 2.0) <= 0.5
    scanned = extract_bytes(scan, "ke-hoach-nghieng.pdf")
    assert fidelity(scanned, reference) >= 0.95


@needs_ocr
def test_png_image_is_read(born_digital):
    data, reference = born_digital
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "in.pdf").write_bytes(data)
        _render(tmp, "in.pdf", 200)
        png = Path(tmp, "p.png").read_bytes()
    result = extract_bytes(png, "anh-chup.png")
    assert result.format == "png"
    assert result.document.number == reference.document.number


@needs_ocr
def test_broken_image_is_a_corrupt_file():
    with pytest.raises(CorruptFileError):
        extract_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "anh.png")


def test_scan_without_tesseract_gets_a_clear_vietnamese_message(born_digital, monkeypatch):
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils not installed; CI installs it")
    scan = _scan(born_digital[0])
    monkeypatch.setattr(Tools, "available", lambda self, name: False)
    with pytest.raises(ToolMissingError) as exc:
        extract_bytes(scan, "scan.pdf")
    assert "OCR" in exc.value.message and "tesseract-ocr" in exc.value.message


def test_garbled_text_is_told_from_vietnamese():
    good = " ".join(PLAN)
    assert readable_share(good) > 0.9 and not is_garbled(good)
    # unmapped glyphs, as in a real Ghostscript PDF
    cid = " ".join(f"(cid:{n})(cid:{n + 7}) tra" for n in range(40))
    assert is_garbled(cid)
    mojibake = "Uû ban nh©n d©n tØnh B¸o c¸o kÕt qu¶ thùc hiÖn kÕ ho¹ch cña c¸c së ban ngµnh " * 3
    assert is_garbled(mojibake)


def _garbled_pdf() -> bytes:
    """A page whose text layer is nonsense over a clean page image (a scanner's bad OCR)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "in.pdf").write_bytes(_pdf(PLAN))
        _render(tmp, "in.pdf", 200)
        image = Image.open(Path(tmp, "p.png")).convert("L")
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.drawImage(ImageReader(image), 0, 0, 595, 842)
    text = c.beginText(60, 400)
    text.setTextRenderMode(3)  # invisible, as OCR layers are
    for _ in range(30):
        text.textLine("Sxq Tqz Bwx Kqj Vxz Hjq Trg Xlv Qpw Zkx")
    c.drawText(text)
    c.showPage()
    c.save()
    return buf.getvalue()


@needs_ocr
def test_garbled_text_layer_is_read_again_with_ocr(born_digital):
    result = extract_bytes(_garbled_pdf(), "loi-phong.pdf")
    assert result.document.number == born_digital[1].document.number
    assert any("lỗi phông" in w for w in result.warnings)


def test_garbled_text_layer_without_ocr_is_told(monkeypatch):
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils not installed; CI installs it")
    data = _garbled_pdf()
    monkeypatch.setattr(Tools, "available", lambda self, name: False)
    result = extract_bytes(data, "loi-phong.pdf")
    assert any("lỗi phông" in w and "không đáng tin cậy" in w for w in result.warnings)
