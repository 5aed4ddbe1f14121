"""The feedback pages' forms (dates dd/mm/yyyy). Length caps are the services'; the forms add the browser's."""

from django import forms

from giamsat.core.widgets import QuickSelect
from giamsat.feedback import conf
from giamsat.feedback.models import Feedback
from giamsat.feedback.throttle import HONEYPOT
from giamsat.organizations.chooser import OrganizationChooser, offer_organizations
from giamsat.tasks.forms import MultipleFileField

FILES_LABEL = "Tệp kèm theo (PDF, Word, Excel, PowerPoint, ảnh PNG/JPEG; tối đa {n} tệp)"


class SubmitForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=Feedback.Kind.choices, widget=forms.RadioSelect)
    subject = forms.CharField(label="Tiêu đề", max_length=255)
    content = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 8}))
    document = forms.IntegerField(label="Văn bản liên quan (không bắt buộc)", required=False, min_value=1,
                                  widget=QuickSelect)  # up to 200 published documents: written in Python (#25)
    task = forms.IntegerField(label="Mã nhiệm vụ liên quan (không bắt buộc; số ghi trên trang công khai)",
                              required=False, min_value=1, max_value=2**63 - 1)
    files = MultipleFileField(label="", required=False)

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content"].widget.attrs["maxlength"] = conf.get("GIAMSAT_FEEDBACK_MAX_CHARS")
        self.fields["document"].widget.choices = [("", "— không —"), *documents]
        self.fields["files"].label = FILES_LABEL.format(n=conf.get("GIAMSAT_FEEDBACK_MAX_FILES"))


class PublicSubmitForm(SubmitForm):
    name = forms.CharField(label="Họ và tên (không bắt buộc)", max_length=255, required=False)
    contact = forms.CharField(label="Thư điện tử hoặc số điện thoại (không bắt buộc; mã tra cứu gửi về thư "
                                    "điện tử)", max_length=255, required=False)
    # The honeypot: hidden from people by the style sheet, left empty; robots fill it in.
    trang_web = forms.CharField(label="Để trống ô này", required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    field_order = ["kind", "subject", "content", "document", "task", "files", "name", "contact", HONEYPOT]


class LookupForm(forms.Form):
    ma = forms.CharField(label="Mã tra cứu", max_length=16, min_length=4)


class RouteForm(forms.Form):
    kind = forms.ChoiceField(label="Phân loại", choices=Feedback.Kind.choices)
    # A drop-down in a province, a text box with suggestions in the country (the chooser, ADR 0056).
    agencies = OrganizationChooser(
        label="Cơ quan xử lý (chọn nhiều cơ quan để tách thành nhiều phần; cơ quan đầu tiên trả lời phản ánh gốc)",
        multiple=True)
    answer_due = forms.DateField(label="Hạn trả lời (để trống: theo loại, tính ngày làm việc)", required=False,
                                 widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].widget.attrs["size"] = 8
        offer_organizations(self, "agencies")


class MergeForm(forms.Form):
    into = forms.CharField(label="Mã tra cứu của phản ánh trùng được giữ lại", max_length=16)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Nội dung trả lời", widget=forms.Textarea(attrs={"rows": 8}))
    files = MultipleFileField(label="Tệp kèm câu trả lời", required=False)


class PublishForm(forms.Form):
    public = forms.BooleanField(required=False)
