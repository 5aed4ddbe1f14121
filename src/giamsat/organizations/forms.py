"""The reorganization page's form (dates as dd/mm/yyyy) and the identifier list's upload."""

from django import forms

from giamsat.core.widgets import QuickSelect
from giamsat.organizations.chooser import OrganizationChooser, offer_organizations
from giamsat.organizations.models import Reorganization

DATE = {"placeholder": "dd/mm/yyyy"}


class ReorganizationForm(forms.Form):
    kind = forms.ChoiceField(label="Hình thức", choices=Reorganization.Kind.choices)
    # Organizations: a drop-down in a province, a text box with suggestions in the country (chooser, #25).
    predecessors = OrganizationChooser(label="Đơn vị trước sắp xếp", multiple=True)
    successors = OrganizationChooser(label="Đơn vị sau sắp xếp, đơn vị tiếp nhận (đã có)", multiple=True,
                                     required=False)
    new_successors = forms.CharField(label="Đơn vị mới thành lập (mỗi dòng một tên)", required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    rule = forms.ChoiceField(label="Chia tách: cách phân nhiệm vụ", required=False,
                             choices=[("", "—"), *Reorganization.Rule.choices])
    new_name = forms.CharField(label="Đổi tên: tên mới", max_length=255, required=False)
    new_parent = OrganizationChooser(label="Đổi cơ quan cấp trên: cơ quan cấp trên mới", required=False,
                                     current_only=True)
    effective_date = forms.DateField(label="Ngày hiệu lực", widget=forms.DateInput(attrs=DATE))
    document_number = forms.CharField(label="Số văn bản quyết định", max_length=64)
    document_date = forms.DateField(label="Ngày văn bản", required=False, widget=forms.DateInput(attrs=DATE))
    document_issuer = forms.CharField(label="Cơ quan ban hành", max_length=255, required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    corrects = forms.ModelChoiceField(label="Đính chính cho quyết định (khi quyết định cũ không hủy được nữa)",
                                      required=False, queryset=Reorganization.objects.none(), widget=QuickSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("predecessors", "successors"):
            self.fields[name].widget.attrs["size"] = 8
        offer_organizations(self, "predecessors", "successors", "new_parent")
        self.fields["corrects"].queryset = Reorganization.objects.filter(state=Reorganization.State.APPLIED)

    def task_map(self, data) -> dict[int, list[int]]:
        """Split by hand or by list: the preview's per-task choices, posted as `task_<id>` = successor ids."""
        out = {}
        for key in data:
            if key.startswith("task_") and key[5:].isdigit():
                chosen = [int(v) for v in data.getlist(key) if v.isdigit()]
                if chosen:
                    out[int(key[5:])] = chosen
        return out


class CodesUploadForm(forms.Form):
    file = forms.FileField(label="Danh sách mã (CSV hoặc XLSX: cột «mã đơn vị» hoặc «tên», «mã định danh», "
                                 "«mã đơn vị hành chính»)")
