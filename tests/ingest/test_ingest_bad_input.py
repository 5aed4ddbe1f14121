"""Bad input gets one clear IngestError with a Vietnamese message and a stable code."""

import codecs
import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
from test_ingest_formats import make_docx

from giamsat.ingest import extract_bytes, extract_file
from giamsat.ingest.errors import (
    CorruptFileError,
    EmptyFileError,
    FileTooLargeError,
    IngestError,
    ScannedPdfError,
    UnsupportedFormatError,
    XmlEntityError,
    ZipBombError,
)
from giamsat.ingest.readers import decode_text

SEED = (Path(__file__).parent / "seeds" / "001_e52419797d7d93ee.txt").read_bytes()


def test_empty_file():
    with pytest.raises(EmptyFileError) as exc:
        extract_bytes(b"", "x.txt")
    assert exc.value.code == "empty_file" and "rỗng" in exc.value.message
    with pytest.raises(EmptyFileError):
        extract_bytes(b"  \r\n\n ", "x.txt")


def test_oversize_bytes_and_file(tmp_path):
    with pytest.raises(FileTooLargeError) as exc:
        extract_bytes(SEED, "x.txt", max_bytes=1000)
    assert "quá lớn" in exc.value.message
    path = tmp_path / "big.txt"
    path.write_bytes(SEED)
    with pytest.raises(FileTooLargeError):
        extract_file(path, max_bytes=1000)


@pytest.mark.parametrize("data", [
    b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4,
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
    b"{\\rtf1\\ansi hello}",
])
def test_unknown_or_legacy_formats(data):
    with pytest.raises(UnsupportedFormatError) as exc:
        extract_bytes(data, "ke-hoach.docx")
    assert exc.value.code == "unsupported_format"


def test_corrupt_docx():
    good = make_docx()
    with pytest.raises(CorruptFileError):
        extract_bytes(good[: len(good) // 2], "x.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document><not closed")
    with pytest.raises(CorruptFileError):
        extract_bytes(buf.getvalue(), "x.docx")


def test_zip_bomb_disguised_as_docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\x00" * (30 * 1024 * 1024))
    data = buf.getvalue()
    assert len(data) < 100_000
    with pytest.raises(ZipBombError) as exc:
        extract_bytes(data, "bom.docx")
    assert exc.value.code == "zip_bomb"


def test_xml_entity_declaration_refused():
    src = zipfile.ZipFile(io.BytesIO(make_docx()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                body = body.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1)
            out.writestr(info, body)
    with pytest.raises(XmlEntityError):
        extract_bytes(buf.getvalue(), "x.docx")


def test_scanned_pdf_without_text_layer():
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(50, 50, 400, 600, fill=1)  # an "image" of a page, no text
    c.showPage()
    c.save()
    with pytest.raises(ScannedPdfError) as exc:
        extract_bytes(buf.getvalue(), "scan.pdf")
    assert "lớp văn bản" in exc.value.message


def test_tcvn3_text_detected_and_converted():
    text = "Uû ban nh©n d©n tØnh Lai Ch©u\nB¸o c¸o kÕt qu¶ thùc hiÖn kÕ ho¹ch cña c¸c së, ban, ngµnh\n"
    decoded, warnings = decode_text(text.encode("latin-1"))
    assert "Uỷ ban nhân dân tỉnh Lai Châu" in decoded
    assert "Báo cáo kết quả thực hiện kế hoạch của các sở, ban, ngành" in decoded
    assert any("TCVN3" in w for w in warnings)
    # the same mojibake pasted into a UTF-8 file
    decoded, warnings = decode_text(text.encode("utf-8"))
    assert "Báo cáo kết quả" in decoded and warnings


def test_vni_text_reported():
    text = "Baùo caùo keát quaû thöïc hieän keá hoaïch cuûa caùc sôû vaø ngaøy thaùng naêm"
    _decoded, warnings = decode_text(text.encode("cp1252"))
    assert any("VNI" in w for w in warnings)


def test_utf16_and_bom_variants_give_same_result():
    text = SEED.decode("utf-8")
    base = extract_bytes(SEED, "a.txt").to_dict()
    for data in (codecs.BOM_UTF8 + SEED, text.encode("utf-16"), text.encode("utf-16-le")):
        assert extract_bytes(data, "a.txt").to_dict() == base


def _cp1258(text: str) -> bytes:
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            # CP1258 has the vowels with circumflex/breve/horn, and separate combining tone marks
            d = unicodedata.normalize("NFD", ch)
            tones = [m for m in d if m in "\u0300\u0301\u0303\u0309\u0323"]
            base = unicodedata.normalize("NFC", "".join(m for m in d if m not in tones))
            out += base.encode("cp1258") + "".join(tones).encode("cp1258")
    return bytes(out)


def test_cp1258_text():
    text = SEED.decode("utf-8")
    result = extract_bytes(_cp1258(text), "a.txt")
    assert result.to_dict() == extract_bytes(SEED, "a.txt").to_dict()
    assert any("1258" in w for w in result.warnings)


def test_errors_share_one_base_class():
    for cls in (EmptyFileError, FileTooLargeError, UnsupportedFormatError, CorruptFileError, ZipBombError,
                XmlEntityError, ScannedPdfError):
        assert issubclass(cls, IngestError)
        assert cls().message and cls.code
