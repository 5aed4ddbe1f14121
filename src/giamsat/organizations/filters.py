"""The organization list's filters (ADR 0021): /api/v1/organizations."""

from django.db.models import Q

from giamsat.core.filters import CodeFilter, FilterSet, TextFilter
from giamsat.organizations.models import Organization


class OrganizationFilterSet(FilterSet):
    level = CodeFilter(label="Cấp", choices=Organization.Level.choices, empty_label="Mọi cấp")
    q = TextFilter(label="Tìm theo tên hoặc mã", method="filter_q")

    def filter_q(self, queryset, name, value):
        """A name (part of it), an electronic identifier code or an administrative-unit code."""
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value)
                               | Q(identifier_code__iexact=value) | Q(admin_unit_code=value))
