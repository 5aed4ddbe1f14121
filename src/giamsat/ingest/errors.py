"""One exception hierarchy for everything the ingest library refuses.

Each error carries a stable machine ``code`` (for the API and tests) and a
Vietnamese ``message`` (for the person who uploaded the file).
"""

from __future__ import annotations


class IngestError(Exception):
    """Base class: the input cannot be extracted. Nothing was changed."""

    code = "ingest_error"
    default_message = "Không đọc được tệp."

    def __init__(self, message: str | None = None, *, detail: str | None = None) -> None:
        self.message = message or self.default_message
        self.detail = detail  # technical detail for logs, English, may be None
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class EmptyFileError(IngestError):
    code = "empty_file"
    default_message = "Tệp rỗng, không có nội dung để trích xuất."


class FileTooLargeError(IngestError):
    code = "file_too_large"
    default_message = "Tệp quá lớn, vượt giới hạn cho phép."


class UnsupportedFormatError(IngestError):
    code = "unsupported_format"
    default_message = (
        "Định dạng tệp không được hỗ trợ. Hãy dùng tệp TXT, DOCX, PDF (có lớp văn bản) hoặc XLSX."
    )


class CorruptFileError(IngestError):
    code = "corrupt_file"
    default_message = "Tệp bị hỏng hoặc không đúng cấu trúc, không thể đọc."


class UnsafeFileError(IngestError):
    """ZIP bombs, XML entity declarations and similar hostile constructs."""

    code = "unsafe_file"
    default_message = "Tệp có cấu trúc không an toàn (nghi là tệp độc hại), đã từ chối xử lý."


class ZipBombError(UnsafeFileError):
    code = "zip_bomb"
    default_message = (
        "Tệp nén có dung lượng giải nén hoặc tỷ lệ nén bất thường (nghi là \u201cbom nén\u201d), "
        "đã từ chối xử lý."
    )


class XmlEntityError(UnsafeFileError):
    code = "xml_entity"
    default_message = "Tệp chứa khai báo DOCTYPE/ENTITY trong XML (không an toàn), đã từ chối xử lý."


class ScannedPdfError(IngestError):
    code = "scanned_pdf"
    default_message = (
        "Tệp PDF không có lớp văn bản (có thể là bản scan ảnh). "
        "Hãy tải lên bản PDF có văn bản, hoặc tệp DOCX gốc."
    )


class EncodingError(IngestError):
    code = "encoding_error"
    default_message = "Không xác định được bảng mã của tệp văn bản."


class TooComplexError(IngestError):
    """Too many pages, rows, zip members ...: bounded work, refuse the rest."""

    code = "too_complex"
    default_message = "Tệp quá phức tạp (quá nhiều trang, dòng hoặc thành phần) để xử lý."


class ToolMissingError(IngestError):
    """A program needed for this format (OCR, LibreOffice, poppler) is not installed on the server."""

    code = "tool_missing"
    default_message = "Máy chủ chưa cài chương trình cần để đọc định dạng tệp này."


class GarbledTextError(IngestError):
    """The PDF's text layer is unreadable and it could not be re-read with OCR."""

    code = "garbled_text"
    default_message = (
        "Lớp văn bản của tệp PDF bị lỗi phông (không đọc được tiếng Việt) và không nhận dạng lại được. "
        "Hãy tải lên bản DOCX gốc hoặc bản PDF khác."
    )
