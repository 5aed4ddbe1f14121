"""The evaluation pages' forms (dates as dd/mm/yyyy, periods and levels chosen in words)."""

import datetime as dt

from django import forms
from django.utils import timezone

from giamsat.core.periods import HALF, QUARTER, YEAR, PeriodField
from giamsat.core.periods import period_choices as core_period_choices
from giamsat.core.widgets import QuickSelect
from giamsat.evaluation.models import Level


def period_choices(today: dt.date | None = None) -> list[tuple[str, str]]:
    """The recent periods, in words: the quarters, halves and years of this year and the two before."""
    return core_period_choices(kinds=(QUARTER, HALF, YEAR), today=today or timezone.localdate())


class RunForm(forms.Form):
    period = PeriodField(label="Kỳ đánh giá", kinds=(QUARTER, HALF, YEAR), widget=QuickSelect)
    level = forms.ChoiceField(label="Cấp đánh giá", choices=Level.choices)
    as_of = forms.DateField(label="Số liệu tính đến ngày (để trống: cuối kỳ, hoặc hôm nay nếu kỳ chưa kết thúc)",
                            required=False, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))


class AdjustmentForm(forms.Form):
    organization = forms.TypedChoiceField(label="Cơ quan, đơn vị", coerce=int)
    points = forms.CharField(label="Điểm cộng (+) hoặc trừ (−), ví dụ 2 hoặc -1,5", max_length=10)
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))
    document_number = forms.CharField(label="Số văn bản căn cứ", max_length=64)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = list(organizations)  # (id, name)


class ObjectionForm(forms.Form):
    text = forms.CharField(label="Nội dung khiếu nại, giải trình (nêu rõ tiêu chí, nhiệm vụ, căn cứ)",
                           widget=forms.Textarea(attrs={"rows": 4}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Trả lời", widget=forms.Textarea(attrs={"rows": 3}))
    points = forms.CharField(label="Điều chỉnh điểm (để trống nếu không điều chỉnh)", max_length=10, required=False)
    document_number = forms.CharField(label="Số văn bản căn cứ (khi điều chỉnh điểm)", max_length=64, required=False)


class CriteriaImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx) của bộ tiêu chí")
    level = forms.ChoiceField(label="Cấp đánh giá", choices=Level.choices)


PRIORITY_CHOICES = [(1, "1 – thường"), (2, "2 – quan trọng"), (3, "3 – trọng tâm")]


class PriorityForm(forms.Form):
    task = forms.IntegerField(label="Số hiệu nhiệm vụ (số cuối địa chỉ trang nhiệm vụ, ví dụ /nhiem-vu/125/ là 125)",
                              min_value=1)
    priority = forms.TypedChoiceField(label="Mức ưu tiên", coerce=int,
                                      choices=PRIORITY_CHOICES)


class TaskPriorityForm(forms.Form):
    """The task page's form: the task is in the address."""

    priority = forms.TypedChoiceField(label="Mức ưu tiên", coerce=int, choices=PRIORITY_CHOICES,
                                      error_messages={"invalid_choice": "Mức ưu tiên phải là 1, 2 hoặc 3.",
                                                      "required": "Chọn mức ưu tiên 1, 2 hoặc 3."})
