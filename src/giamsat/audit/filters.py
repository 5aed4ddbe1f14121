"""The history page's filters (ADR 0021). `type` and `id` are in the links of every history row
(`?type=tasks.task&id=12`), so their names stay."""

from django import forms

from giamsat.core.filters import FilterSet, TextFilter


class AuditFilterSet(FilterSet):
    type = TextFilter(label="Loại đối tượng", field_name="object_type", max_length=64,
                      widget=forms.TextInput(attrs={"placeholder": "tasks.task"}))
    id = TextFilter(label="Mã", field_name="object_id", max_length=64)
    actor = TextFilter(label="Người thực hiện", field_name="actor_label", max_length=150)
