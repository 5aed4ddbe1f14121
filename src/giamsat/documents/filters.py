"""The document list's filters (ADR 0021): the page's form and the API's query parameters."""

from django import forms

from giamsat.core.filters import CodeFilter, FilterSet, TextFilter, WordsFilter
from giamsat.documents.models import DocumentType
from giamsat.documents.roots import documents_of_resolution, resolution_choices


class ResolutionFilter(TextFilter):
    """The root resolution of the cascade (ADR 0040): '57', '57-NQ/TW', '71'… A resolution not registered
    matches nothing. On pages a drop-down of the registered roots (`offer_resolutions`)."""

    def __init__(self, *args, field: str = "pk", **kwargs):
        self.document_field = field
        kwargs.setdefault("label", "Nghị quyết gốc")
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("widget", forms.Select)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.document_field}__in": documents_of_resolution(value)})


def offer_resolutions(filterset: FilterSet, choices: list | None = None) -> None:
    """The drop-down of root resolutions (`choices`: those already read, as `resolution_choices` gives)."""
    filterset.offer("resolution", resolution_choices() if choices is None else choices, "Tất cả nghị quyết")


class DocumentFilterSet(FilterSet):
    q = WordsFilter("document", label="Tìm theo số, trích yếu, cơ quan ban hành (có dấu hoặc không dấu)")
    doc_type = CodeFilter(label="Loại", choices=DocumentType.choices, empty_label="Tất cả loại")
    resolution = ResolutionFilter()
