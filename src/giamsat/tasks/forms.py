from django import forms

from giamsat.core.widgets import QuickSelect
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
    no_product_reason = forms.CharField(
        label="Lý do không có sản phẩm (chỉ khi báo hoàn thành mà không có tệp hoặc đường dẫn minh chứng)",
        required=False, widget=forms.Textarea(attrs={"rows": 2}))


# The decision form on the task page lists the newest documents only (a province registers hundreds; a
# decision cites a recent one); an older one is named in the reason (issue #25). The POST accepts any.
DECISION_DOCUMENTS_LISTED = 30


def decision_documents():
    """The documents the task page's decision form offers: the newest DECISION_DOCUMENTS_LISTED."""
    from giamsat.documents.models import Document

    return Document.objects.only("id", "doc_type", "number", "date").order_by("-date", "-id")[
        :DECISION_DOCUMENTS_LISTED]


class TaskDecisionForm(forms.Form):
    kind = forms.ChoiceField(label="Quyết định", choices=[("", "— Chọn quyết định —"), *TaskDecision.Kind.choices],
                             error_messages={"required": "Chưa chọn quyết định."})
    decided_on = forms.DateField(label="Ngày quyết định", required=False,
                                 widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    new_due_date = forms.DateField(label="Thời hạn mới (khi điều chỉnh)", required=False,
                                   widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    decision_document = forms.ModelChoiceField(label="Văn bản quyết định", required=False, queryset=None,
                                               widget=QuickSelect)
    note = forms.CharField(label="Lý do (bắt buộc; số, ngày văn bản nếu chưa có trong hệ thống)",
                           widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Cần nêu lý do của quyết định."})
    without_evidence = forms.BooleanField(
        label="Xác nhận hoàn thành không có minh chứng (chỉ khi cơ quan chủ trì chưa gửi minh chứng nào)",
        required=False)
    confirm = forms.BooleanField(label="Tôi đã kiểm tra và xác nhận ghi quyết định này", required=True,
                                 error_messages={"required": "Hãy đánh dấu ô xác nhận trước khi ghi quyết định."})

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_document"].queryset = documents
        self.fields["decision_document"].label_from_instance = lambda d: d.label


class TaskEditForm(forms.Form):
    number = forms.CharField(label="Số thứ tự", max_length=20, required=False)
    name = forms.CharField(label="Tên nhiệm vụ", widget=forms.Textarea(attrs={"rows": 3}))
    deadline_text = forms.CharField(label="Thời hạn (như: Quý 1/2026; Tháng 6/2025; Thường xuyên)", max_length=255,
                                    required=False)
    no_deadline = forms.BooleanField(label="Không có thời hạn (chọn rõ; nhiệm vụ sẽ được liệt kê ở trang chất lượng "
                                           "dữ liệu)", required=False)
    expected_product = forms.CharField(label="Sản phẩm dự kiến", widget=forms.Textarea(attrs={"rows": 2}),
                                       required=False)
    solution_group = forms.TypedChoiceField(label="Nhóm giải pháp NQ 57", coerce=int, required=False,
                                            empty_value=None, choices=[("", "—"), *SolutionGroup.choices])
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class AlertRuleForm(forms.Form):
    yellow_days = forms.IntegerField(label="Cảnh báo vàng: còn bao nhiêu ngày đến hạn mà chưa có sản phẩm",
                                     min_value=0, max_value=90)
    special_red_days = forms.IntegerField(label="Cảnh báo đỏ đặc biệt: quá hạn từ bao nhiêu ngày", min_value=1,
                                          max_value=365)
