"""The indicator list's filters (ADR 0021): the page /chi-tieu/, its XLSX export and /api/v1/indicators."""

from django.db.models import Q

from giamsat.core.filters import CodeFilter, FilterSet, IdFilter, TextFilter
from giamsat.documents.filters import ResolutionFilter
from giamsat.indicators.status import STATUS_LABELS


class IndicatorFilterSet(FilterSet):
    page_fields = ("q", "status", "responsible")  # a link may still narrow the page to a document

    q = TextFilter(label="Tìm theo mã, tên", method="filter_words")
    status = CodeFilter(label="Tình trạng", choices=list(STATUS_LABELS.items()),
                        empty_label="Tất cả tình trạng", method="assessed_later")
    responsible = IdFilter(label="Đơn vị chịu trách nhiệm", field_name="responsible_id")
    document = IdFilter(label="Văn bản", field_name="document_id")
    resolution = ResolutionFilter(field="document_id")  # one root resolution's cascade (ADR 0040)

    def filter_words(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))

    def assessed_later(self, queryset, name, value):
        return queryset  # the status is computed from the values after reading: see `keep`

    def wanted_status(self) -> str:
        """The status asked for ("" for all of them)."""
        return (self.form.cleaned_data.get("status") or "") if self.is_valid() else ""

    def keep(self, indicators: list) -> list:
        """The assessed indicators (`indicators.selectors.indicator_list`) with the status asked for."""
        status = self.wanted_status()
        return [i for i in indicators if not status or i.assessment.status == status]
