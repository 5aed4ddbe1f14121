"""The organization list's filters (ADR 0021): /api/v1/organizations."""

from giamsat.core.filters import CodeFilter, FilterSet, TextFilter
from giamsat.organizations.models import Organization


class OrganizationFilterSet(FilterSet):
    level = CodeFilter(label="Cấp", choices=Organization.Level.choices, empty_label="Mọi cấp")
    q = TextFilter(label="Tìm theo tên", field_name="name", lookup_expr="icontains")
