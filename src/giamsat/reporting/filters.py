"""The filters of the reporting lists (ADR 0021): reports, periods and reminders, for the pages and the API
(/api/v1/reports, /periods, /reminders keep their query parameters)."""

from giamsat.core.filters import CodeFilter, FilterSet, FlagFilter, IdFilter, PeriodKeyFilter
from giamsat.documents.filters import ResolutionFilter
from giamsat.reporting.models import Reminder, Report


class ReportFilterSet(FilterSet):
    period = IdFilter(label="Kỳ báo cáo", field_name="period_id")
    organization = IdFilter(label="Cơ quan", field_name="organization_id")
    document = IdFilter(label="Văn bản", field_name="period__rule__document_id")
    resolution = ResolutionFilter(field="period__rule__document_id")  # one root resolution's cascade (ADR 0040)
    state = CodeFilter(label="Trạng thái", choices=Report.State.choices, empty_label="Tất cả trạng thái")


class PeriodFilterSet(FilterSet):
    rule = IdFilter(label="Chế độ báo cáo", field_name="rule_id")
    document = IdFilter(label="Văn bản", field_name="rule__document_id")
    resolution = ResolutionFilter(field="rule__document_id")
    key = PeriodKeyFilter(label="Kỳ")
    open_only = FlagFilter(label="Chỉ kỳ đang mở", method="filter_open")

    def filter_open(self, queryset, name, value):
        return queryset.filter(is_closed=False) if value else queryset


class ReminderFilterSet(FilterSet):
    page_fields = ("kind", "organization")  # the log page; a link may still narrow it to a period or a task

    kind = CodeFilter(label="Loại", choices=Reminder.Kind.choices, empty_label="Tất cả")
    organization = IdFilter(label="Cơ quan", field_name="organization_id")
    period = IdFilter(label="Kỳ báo cáo", field_name="period_id")
    task = IdFilter(label="Nhiệm vụ", field_name="task_id")
