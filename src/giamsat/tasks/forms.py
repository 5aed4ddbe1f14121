from django import forms

from giamsat.tasks.models import ProgressUpdate, SolutionGroup, TaskDecision


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ProgressUpdateForm(forms.Form):
    state = forms.ChoiceField(label="Tình trạng", choices=ProgressUpdate.State.choices)
    percent = forms.IntegerField(label="Tỷ lệ hoàn thành (%)", min_value=0, max_value=100, required=False)
    narrative = forms.CharField(label="Kết quả thực hiện", widget=forms.Textarea, required=False)
    difficulties = forms.CharField(label="Khó khăn, vướng mắc", widget=forms.Textarea, required=False)
    proposals = forms.CharField(label="Đề xuất, kiến nghị", widget=forms.Textarea, required=False)
    reported_on = forms.DateField(label="Ngày báo cáo (để trống: hôm nay; lùi ngày tối đa theo quy định)",
                                  required=False, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    links = forms.CharField(label="Đường dẫn minh chứng (mỗi dòng một đường dẫn)", required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label="Tệp minh chứng (PDF, Word, Excel, PowerPoint, ảnh; nhiều tệp được)",
                              required=False)


class TaskDecisionForm(forms.Form):
    kind = forms.ChoiceField(label="Quyết định", choices=TaskDecision.Kind.choices)
    decided_on = forms.DateField(label="Ngày quyết định", required=False,
                                 widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    new_due_date = forms.DateField(label="Thời hạn mới (khi điều chỉnh)", required=False,
                                   widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    decision_document = forms.ModelChoiceField(label="Văn bản quyết định", required=False, queryset=None)
    note = forms.CharField(label="Ghi chú (số, ngày văn bản nếu chưa có trong hệ thống)", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_document"].queryset = documents
        self.fields["decision_document"].label_from_instance = lambda d: d.label


class TaskEditForm(forms.Form):
    number = forms.CharField(label="Số thứ tự", max_length=20, required=False)
    name = forms.CharField(label="Tên nhiệm vụ", widget=forms.Textarea(attrs={"rows": 3}))
    deadline_text = forms.CharField(label="Thời hạn (như: Quý 1/2026; Tháng 6/2025; Thường xuyên)", max_length=255,
                                    required=False)
    expected_product = forms.CharField(label="Sản phẩm dự kiến", widget=forms.Textarea(attrs={"rows": 2}),
                                       required=False)
    solution_group = forms.TypedChoiceField(label="Nhóm giải pháp NQ 57", coerce=int, required=False,
                                            empty_value=None, choices=[("", "—"), *SolutionGroup.choices])
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
