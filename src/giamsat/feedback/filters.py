"""The feedback list's filters (ADR 0021): the office's list, an agency's inbox and the API, one definition."""

from django.db.models import Q

from giamsat.accounts.access import organizations_in_scope, sees_all
from giamsat.core.filters import CodeFilter, DateFilter, FilterSet, FlagFilter, IdFilter, TextFilter
from giamsat.feedback.models import Feedback
from giamsat.feedback.selectors import overdue_q
from giamsat.organizations.models import Organization

CHOICES_LISTED = 300


class FeedbackFilterSet(FilterSet):
    q = TextFilter(label="Tìm (mã tra cứu, tiêu đề)", method="filter_q")
    status = CodeFilter(label="Trạng thái", choices=Feedback.State.choices, empty_label="Tất cả trạng thái",
                        field_name="state")
    kind = CodeFilter(label="Loại", choices=Feedback.Kind.choices, empty_label="Tất cả loại")
    organization = IdFilter(label="Cơ quan xử lý", field_name="routed_to_id")
    overdue = FlagFilter(label="Chỉ quá hạn trả lời", method="filter_overdue")
    reassign = FlagFilter(label="Chỉ đề nghị chuyển", method="filter_reassign")
    received_from = DateFilter(label="Nhận từ ngày", field_name="created_at__date", lookup_expr="gte")
    received_to = DateFilter(label="đến ngày", field_name="created_at__date", lookup_expr="lte")

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(tracking_code=value.upper()) | Q(subject__icontains=value))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset

    def filter_reassign(self, queryset, name, value):
        return queryset.filter(reassign_requested_at__isnull=False, state=Feedback.State.ROUTED) if value else queryset

    def offer_choices(self, user) -> None:
        """The agencies of the drop-down: one's own (an agency), every organization where they are few (a
        province), else only the one chosen (a country: 9,500 options weigh the page, as for tasks)."""
        if not sees_all(user):
            orgs = organizations_in_scope(Organization.objects.all(), user).order_by("name")
        elif Organization.objects.count() <= CHOICES_LISTED:
            orgs = Organization.objects.order_by("name")
        else:
            self.is_valid()
            chosen = self.form.cleaned_data.get("organization")
            orgs = Organization.objects.filter(pk=chosen) if chosen else Organization.objects.none()
        self.offer("organization", [(o.pk, o.display_name) for o in orgs.only("id", "name", "short_name")],
                   "Tất cả cơ quan")
