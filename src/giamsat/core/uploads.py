"""Checks for uploaded files: size, type judged from the content (not the name), safe stored names.

An upload is a Django `File` as received: in memory when small, otherwise a temporary file on disk
(FILE_UPLOAD_MAX_MEMORY_SIZE). The checks read its size, its first bytes and, for office files, the ZIP
container through the importer's own vetting (`ingest.readers.safety.open_zip`: member count, unpacked size
and ratio, DOCTYPE/ENTITY in any XML part); nothing here reads a whole file into memory.
"""

import hashlib
import os
import re

from giamsat.core.errors import ApplicationError

# Evidence files officials attach: documents, spreadsheets, slides, PDFs and photos.
_OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
_REFUSED_TYPE = ("Loại tệp minh chứng không được chấp nhận. Chấp nhận: PDF, Word (.docx), Excel (.xlsx), "
                 "PowerPoint (.pptx), ảnh PNG/JPEG.")


def safe_filename(filename: str, default: str = "tep") -> str:
    """Base name only, safe characters only: no path traversal, no odd bytes in stored names."""
    base = os.path.basename((filename or "").replace("\\", "/")) or default
    stem, ext = os.path.splitext(base)
    stem = re.sub(r"[^\w.-]+", "_", stem).strip("._")[:80] or default
    ext = re.sub(r"[^\w.]+", "", ext)[:10].lower()
    return stem + ext


def _vetted_zip(content, *, max_bytes: int):
    """The office file's ZIP container, vetted exactly as the importer vets documents."""
    from giamsat.ingest.errors import IngestError
    from giamsat.ingest.readers.base import Limits
    from giamsat.ingest.readers.safety import open_zip

    try:
        return open_zip(content, Limits(max_bytes=max_bytes))
    except IngestError as exc:
        raise ApplicationError(f"Tệp minh chứng không nhận được: {exc.message}", code=exc.code) from exc


def sniff_evidence(content, *, max_bytes: int) -> tuple[str, str]:
    """(content type, extension) of an allowed evidence file, from its content; else ApplicationError."""
    content.seek(0)
    head = content.read(8)
    if head.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    if head.startswith(b"PK\x03\x04"):
        content.seek(0)
        names = _vetted_zip(content, max_bytes=max_bytes).namelist()
        if "[Content_Types].xml" in names:
            for prefix, kind in _OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return kind
    raise ApplicationError(_REFUSED_TYPE, code="unsupported_type")


def check_evidence(content, *, max_bytes: int) -> tuple[str, str]:
    """Size first (from the upload's own record: nothing is read), then the type from the content."""
    if not content.size:
        raise ApplicationError("Tệp minh chứng rỗng.", code="empty_file")
    if content.size > max_bytes:
        raise ApplicationError(f"Tệp minh chứng quá lớn: tối đa {max_bytes // (1024 * 1024)} MB.", code="too_large",
                               status=413)
    return sniff_evidence(content, max_bytes=max_bytes)


def file_sha256(content) -> str:
    """SHA-256 of an upload, read in chunks."""
    digest = hashlib.sha256()
    for chunk in content.chunks():
        digest.update(chunk)
    return digest.hexdigest()
