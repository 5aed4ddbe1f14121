"""Extraction of plans (Kế hoạch, Chương trình, Công văn ...) from TXT, DOCX, PDF and XLSX.

Pure Python: this package must never import Django, so it stays fast to test
and reusable outside the web application. Importing into the database is a
separate, reviewable step done by the Django side.

    from giamsat.ingest import extract_file
    result = extract_file("ke-hoach.docx")
    result.to_dict()  # the JSON contract of `giamsat extract --json`
"""

from __future__ import annotations

from .deadlines import Deadline, parse_deadline
from .errors import IngestError
from .extract import extract_bytes, extract_file
from .model import DocumentMeta, Extraction, Reference, ReportingRule, Target, Task

__all__ = [
    "Deadline", "DocumentMeta", "Extraction", "IngestError", "Reference", "ReportingRule", "Target", "Task",
    "extract_bytes", "extract_file", "parse_deadline",
]
