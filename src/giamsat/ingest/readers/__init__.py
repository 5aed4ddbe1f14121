"""Readers: bytes of a TXT/DOCX/PDF/XLSX file -> ``Source`` (lines, tables, warnings)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from ..errors import EmptyFileError, FileTooLargeError, UnsupportedFormatError
from ..tools import DEFAULT_TOOLS, Tools
from .base import Limits, Source, Table
from .docx import read_docx
from .pdf import read_pdf
from .text import decode_text, read_text
from .xlsx import read_xlsx

__all__ = ["Limits", "Source", "Table", "detect_format", "read_bytes", "decode_text"]


def detect_format(data: bytes) -> str:
    """Detect the format from content (magic bytes), never from the file name alone."""
    head = data[:2048]
    if head.lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return "zip-corrupt"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if any(n.startswith("word/") for n in names) or "[Content_Types].xml" in names:
            return "ooxml-unknown"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole_kind(data)
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if _looks_textual(head):
        return "txt"
    return "binary"


def _ole_kind(data: bytes) -> str:
    """Word 97 and Excel 97 files are OLE containers; their main stream's name tells which."""
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") + b"\x00\x00" in data:
        return "xls"
    return "ole"


def _looks_textual(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if not head:
        return False
    nul = head.count(b"\x00")
    if nul and nul > len(head) // 4:
        return True  # UTF-16 without BOM
    if nul:
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control <= len(head) // 50


_FORMAT_NAMES = {
    "ole": "Tệp Office định dạng cũ này không phải Word (.doc) hay Excel (.xls); chưa được hỗ trợ.",
    "rtf": "Tệp RTF chưa được hỗ trợ; hãy lưu lại thành DOCX.",
    "zip": "Tệp nén ZIP không phải là tài liệu DOCX hoặc XLSX.",
    "ooxml-unknown": "Tệp Office này không phải DOCX hoặc XLSX (có thể là PPTX); chưa được hỗ trợ.",
}


def read_bytes(
    data: bytes, filename: str = "", *, limits: Limits | None = None, tools: Tools = DEFAULT_TOOLS,
    progress: Callable[[int, int], None] | None = None,
) -> Source:
    """The file's lines and tables. ``progress(done, total)`` is called as OCR'd pages finish."""
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        raise FileTooLargeError(
            f"Tệp quá lớn ({len(data) / 1048576:.1f} MB), vượt giới hạn {limits.max_bytes / 1048576:.0f} MB."
        )
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise EmptyFileError()
    fmt = detect_format(data)
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if fmt == "pdf":
        source = read_pdf(data, limits, tools, progress=progress)
    elif fmt in ("jpeg", "png", "tiff"):
        from .ocr import read_image

        source = read_image(data, limits, tools, fmt, progress=progress)
    elif fmt in ("doc", "xls"):
        source = _read_legacy_office(data, fmt, limits, tools)
    elif fmt == "docx":
        source = read_docx(data, limits)
    elif fmt == "xlsx":
        source = read_xlsx(data, limits)
    elif fmt == "zip-corrupt":
        from ..errors import CorruptFileError

        raise CorruptFileError()
    elif fmt == "txt":
        source = read_text(data)
    elif fmt in _FORMAT_NAMES:
        raise UnsupportedFormatError(_FORMAT_NAMES[fmt])
    else:
        raise UnsupportedFormatError()
    if ext and ext in ("docx", "xlsx", "pdf", "txt", "doc", "xls") and ext != fmt:
        source.warnings.append(
            f"Phần mở rộng của tệp (.{ext}) không khớp với nội dung thực tế ({fmt.upper()}); "
            "đã đọc theo nội dung."
        )
    return source


def needs_ocr(data: bytes) -> bool:
    """Will reading this file take OCR (minutes on a long scan)? Images always; a PDF when one of its
    pages has no font, i.e. no text layer. Cheap (no page is parsed for text): a PDF whose text layer is
    garbage has fonts, so it is found out, and OCR'd, only while it is read."""
    fmt = detect_format(data)
    if fmt in ("jpeg", "png", "tiff"):
        return True
    if fmt != "pdf":
        return False
    from pypdf import PdfReader

    try:
        pages = PdfReader(io.BytesIO(data)).pages
        return any(not _has_fonts(page) for page in list(pages)[:MAX_PROBE_PAGES])
    except Exception:  # a broken PDF is refused by the reader itself, with its message
        return False


def _has_fonts(page) -> bool:
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    if resources and resources.get("/Font"):
        return True
    xobjects = resources.get("/XObject") if resources else None
    # text drawn inside a form XObject (some PDF printers wrap every page in one)
    for ref in (xobjects.get_object().values() if xobjects else []):
        obj = ref.get_object()
        inner = obj.get("/Resources")
        if obj.get("/Subtype") == "/Form" and inner is not None and inner.get_object().get("/Font"):
            return True
    return False


MAX_PROBE_PAGES = 200


def _read_legacy_office(data: bytes, fmt: str, limits: Limits, tools: Tools) -> Source:
    """Word 97 / Excel 97: converted by LibreOffice headless, then read as DOCX / XLSX."""
    target = fmt + "x"
    converted = tools.convert_office(data, fmt, target)
    source = read_docx(converted, limits) if fmt == "doc" else read_xlsx(converted, limits)
    source.format = fmt
    return source
