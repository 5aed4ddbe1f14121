"""The document list's filters (ADR 0021): the page's form and the API's query parameters."""

from giamsat.core.filters import CodeFilter, FilterSet, WordsFilter
from giamsat.documents.models import DocumentType


class DocumentFilterSet(FilterSet):
    q = WordsFilter("document", label="Tìm theo số, trích yếu, cơ quan ban hành (có dấu hoặc không dấu)")
    doc_type = CodeFilter(label="Loại", choices=DocumentType.choices, empty_label="Tất cả loại")
