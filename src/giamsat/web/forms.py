from django import forms

from giamsat.documents.models import DocumentType
from giamsat.tasks.models import ProgressUpdate, SolutionGroup, TaskDecision
from giamsat.tasks.status import LABELS

TOO_MANY_TO_LIST = {
    "organization": "Quá nhiều cơ quan để liệt kê: mở trang của cơ quan (mục Cơ quan) rồi bấm «xem tất cả».",
    "document": "Quá nhiều văn bản để liệt kê: mở trang của văn bản (mục Văn bản) rồi bấm «xem tất cả».",
}
STATUS_CHOICES = [("", "Tất cả tình trạng"), *LABELS.items(), ("warning", "Sắp đến hạn (cảnh báo sớm)")]


class TaskFilterForm(forms.Form):
    q = forms.CharField(label="Tìm (có dấu hoặc không dấu)", required=False, max_length=200)
    status = forms.ChoiceField(label="Tình trạng", choices=STATUS_CHOICES, required=False)
    organization = forms.TypedChoiceField(label="Cơ quan", coerce=int, required=False, empty_value=None)
    role = forms.ChoiceField(label="Vai trò", required=False,
                             choices=[("", "Chủ trì hoặc phối hợp"), ("lead", "Chủ trì"), ("coordinator", "Phối hợp")])
    document = forms.TypedChoiceField(label="Văn bản", coerce=int, required=False, empty_value=None)
    solution_group = forms.TypedChoiceField(label="Nhóm giải pháp", coerce=int, required=False, empty_value=None,
                                            choices=[("", "Tất cả nhóm"), *SolutionGroup.choices])
    due_from = forms.DateField(label="Hạn từ ngày", required=False, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    due_to = forms.DateField(label="đến ngày", required=False, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))

    def __init__(self, *args, organizations=(), documents=(), **kwargs):
        """`organizations`, `documents`: the choices, or None where there are too many to list (a national
        instance: thousands); those fields then offer only "all" and the one chosen by a link (the
        organization's or document's page: "xem tất cả"), given as a (pk, label) pair or None."""
        chosen = {"organization": kwargs.pop("chosen_organization", None), "document": kwargs.pop("chosen_document", None)}
        super().__init__(*args, **kwargs)
        for name, everything, items, label in (
            ("organization", "Tất cả cơ quan", organizations, lambda o: o.display_name),
            ("document", "Tất cả văn bản", documents, lambda d: d.label),
        ):
            if items is None:
                self.fields[name].choices = [("", everything), *([chosen[name]] if chosen[name] else [])]
                self.fields[name].widget.attrs["title"] = TOO_MANY_TO_LIST[name]
            else:
                self.fields[name].choices = [("", everything), *[(item.pk, label(item)) for item in items]]


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label="Tìm theo số, trích yếu, cơ quan ban hành (có dấu hoặc không dấu)", required=False,
                        max_length=200)
    doc_type = forms.ChoiceField(label="Loại", required=False, choices=[("", "Tất cả loại"), *DocumentType.choices])


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
