"""The outreach list's filters (ADR 0021): page, API and export."""

from giamsat.accounts.access import organizations_in_scope
from giamsat.core.filters import DateFilter, FilterSet, IdFilter, TextFilter
from giamsat.organizations.models import Organization
from giamsat.outreach.selectors import channels


class OutreachFilterSet(FilterSet):
    q = TextFilter(label="Tìm trong tiêu đề", field_name="title", lookup_expr="icontains")
    channel = TextFilter(label="Kênh", method="filter_channel")
    organization = IdFilter(label="Cơ quan", field_name="organization_id")
    task = IdFilter(label="Nhiệm vụ", field_name="task_id")
    date_from = DateFilter(label="Từ ngày", field_name="date", lookup_expr="gte")
    date_to = DateFilter(label="đến ngày", field_name="date", lookup_expr="lte")
    page_fields = ("q", "channel", "organization", "date_from", "date_to")

    def filter_channel(self, queryset, name, value):
        return queryset.filter(channel__code=value) if value else queryset

    def offer_choices(self, user) -> None:
        from django import forms

        field = self.form.fields["channel"]
        field.widget = forms.Select(choices=[("", "Tất cả kênh"), *[(c.code, c.name) for c in channels()]])
        orgs = organizations_in_scope(Organization.objects.all(), user).only("id", "name", "short_name")
        self.offer("organization", [(o.pk, o.display_name) for o in orgs.order_by("name")[:300]], "Tất cả cơ quan")
