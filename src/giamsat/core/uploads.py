"""Checks for uploaded files: size, type judged from the content (not the name), safe stored names."""

import io
import os
import re
import zipfile

from giamsat.core.errors import ApplicationError

# Evidence files officials attach: documents, spreadsheets, slides, PDFs and photos.
_OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
MAX_UNZIPPED_RATIO = 200


def safe_filename(filename: str, default: str = "tep") -> str:
    """Base name only, safe characters only: no path traversal, no odd bytes in stored names."""
    base = os.path.basename((filename or "").replace("\\", "/")) or default
    stem, ext = os.path.splitext(base)
    stem = re.sub(r"[^\w.-]+", "_", stem).strip("._")[:80] or default
    ext = re.sub(r"[^\w.]+", "", ext)[:10].lower()
    return stem + ext


def sniff_evidence(data: bytes) -> tuple[str, str]:
    """(content type, extension) of an allowed evidence file, from its first bytes; else ApplicationError."""
    if data.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
                unpacked = sum(i.file_size for i in archive.infolist())
        except zipfile.BadZipFile as exc:
            raise ApplicationError("Tệp minh chứng bị hỏng (không đọc được).", code="corrupt_file") from exc
        if unpacked > MAX_UNZIPPED_RATIO * max(len(data), 1):
            raise ApplicationError("Tệp minh chứng có dấu hiệu nén bất thường (zip bomb); không nhận.",
                                   code="zip_bomb")
        if "[Content_Types].xml" in names:
            for prefix, kind in _OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return kind
    raise ApplicationError(
        "Loại tệp minh chứng không được chấp nhận. Chấp nhận: PDF, Word (.docx), Excel (.xlsx), "
        "PowerPoint (.pptx), ảnh PNG/JPEG.", code="unsupported_type")


def check_evidence(data: bytes, *, max_bytes: int) -> tuple[str, str]:
    if not data:
        raise ApplicationError("Tệp minh chứng rỗng.", code="empty_file")
    if len(data) > max_bytes:
        raise ApplicationError(f"Tệp minh chứng quá lớn: tối đa {max_bytes // (1024 * 1024)} MB.", code="too_large",
                               status=413)
    return sniff_evidence(data)
