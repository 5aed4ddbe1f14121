"""The common structure every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    """A real table: rows of cell strings. Merged cells are repeated in every grid slot they cover."""

    rows: list[list[str]]
    line_index: int = 0  # index into Source.lines where the table stood (body order)
    page: int | None = None
    # (row, col) slots that continue a merge started elsewhere (horizontal or vertical)
    merged: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class Source:
    lines: list[str]
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    format: str = "txt"
    # True when each line is a whole paragraph (DOCX); False for wrapped text (TXT/PDF)
    hard_breaks: bool = False
    # words OCR read with low confidence (scans), for the review to mark
    low_confidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024
    max_uncompressed: int = 200 * 1024 * 1024  # total of all ZIP members
    max_ratio: float = 100.0  # uncompressed / compressed, per member and overall
    max_members: int = 5000
    max_pages: int = 500
    max_rows: int = 20000


# A PDF without a text layer where OCR read nothing either (the PDF reader and the OCR both refuse with it).
NO_TEXT = (
    "Tệp không có lớp văn bản và không nhận dạng được chữ nào trên ảnh trang (OCR). "
    "Hãy kiểm tra bản scan (rõ nét, đúng chiều) hoặc tải lên tệp DOCX gốc."
)
