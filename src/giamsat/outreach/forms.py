"""The outreach pages' forms (dates dd/mm/yyyy)."""

from django import forms

from giamsat.core.periods import HALF, MONTH, QUARTER, YEAR, PeriodField
from giamsat.core.widgets import QuickSelect
from giamsat.outreach.selectors import channels


class ActivityForm(forms.Form):
    date = forms.DateField(label="Ngày thực hiện", widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    channel = forms.ChoiceField(label="Kênh")
    title = forms.CharField(label="Tiêu đề, nội dung", max_length=500)
    quantity = forms.IntegerField(label="Số lượng (tin, bài, buổi, lượt phát)", min_value=1, initial=1)
    reach = forms.IntegerField(label="Số người tham dự, lượt tiếp cận (không bắt buộc)", min_value=0,
                               required=False)
    link = forms.CharField(label="Đường dẫn (không bắt buộc)", max_length=1000, required=False)
    task = forms.IntegerField(label="Nhiệm vụ của kế hoạch thực hiện (không bắt buộc)", required=False, min_value=1,
                              widget=QuickSelect)  # an agency's tasks, hundreds in a country (#25)
    evidence = forms.FileField(label="Tệp minh chứng (PDF, Word, Excel, PowerPoint, ảnh; không bắt buộc)",
                               required=False)

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(c.code, c.name) for c in channels()]
        self.fields["task"].widget.choices = [("", "— không —"), *tasks]


class ImportForm(forms.Form):
    file = forms.FileField(label="Bảng tính XLSX theo mẫu")


class SummaryForm(forms.Form):
    period = PeriodField(kinds=(MONTH, QUARTER, HALF, YEAR), required=False, blank_label="Năm nay",
                         widget=QuickSelect)  # ≈120 periods: written in Python (#25)
    organization = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
