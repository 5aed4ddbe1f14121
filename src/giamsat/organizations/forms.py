"""The reorganization page's form (dates as dd/mm/yyyy) and the identifier list's upload."""

from django import forms

from giamsat.core.widgets import QuickSelect, QuickSelectMultiple
from giamsat.organizations.models import Organization, Reorganization

DATE = {"placeholder": "dd/mm/yyyy"}


class OrganizationChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name if obj.valid_to is None else f"{obj.name} (đến {obj.valid_to:%d/%m/%Y})"


class ReorganizationForm(forms.Form):
    kind = forms.ChoiceField(label="Hình thức", choices=Reorganization.Kind.choices)
    predecessors = OrganizationChoice(label="Đơn vị trước sắp xếp", queryset=Organization.objects.none(),
                                      widget=QuickSelectMultiple(attrs={"size": 8}))
    successors = OrganizationChoice(label="Đơn vị sau sắp xếp, đơn vị tiếp nhận (đã có)", required=False,
                                    queryset=Organization.objects.none(),
                                    widget=QuickSelectMultiple(attrs={"size": 8}))
    new_successors = forms.CharField(label="Đơn vị mới thành lập (mỗi dòng một tên)", required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    rule = forms.ChoiceField(label="Chia tách: cách phân nhiệm vụ", required=False,
                             choices=[("", "—"), *Reorganization.Rule.choices])
    new_name = forms.CharField(label="Đổi tên: tên mới", max_length=255, required=False)
    new_parent = forms.ModelChoiceField(label="Đổi cơ quan cấp trên: cơ quan cấp trên mới", required=False,
                                        queryset=Organization.objects.none(), widget=QuickSelect)
    effective_date = forms.DateField(label="Ngày hiệu lực", widget=forms.DateInput(attrs=DATE))
    document_number = forms.CharField(label="Số văn bản quyết định", max_length=64)
    document_date = forms.DateField(label="Ngày văn bản", required=False, widget=forms.DateInput(attrs=DATE))
    document_issuer = forms.CharField(label="Cơ quan ban hành", max_length=255, required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    corrects = forms.ModelChoiceField(label="Đính chính cho quyết định (khi quyết định cũ không hủy được nữa)",
                                      required=False, queryset=Reorganization.objects.none(), widget=QuickSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every organization in three drop-downs: read once, as (id, label) pairs written by QuickSelect (#25);
        # the querysets still validate what is posted.
        shown = Organization.objects.order_by("level", "name")
        self.fields["predecessors"].queryset = shown
        self.fields["successors"].queryset = shown
        self.fields["new_parent"].queryset = shown.filter(valid_to__isnull=True)
        rows = list(shown.values_list("pk", "name", "valid_to"))
        label = self.fields["predecessors"].label_from_instance
        every = [(pk, label(Organization(pk=pk, name=name, valid_to=valid_to))) for pk, name, valid_to in rows]
        self.fields["predecessors"].choices = self.fields["successors"].choices = every
        self.fields["new_parent"].choices = [("", self.fields["new_parent"].empty_label),
                                             *((pk, name) for pk, name, valid_to in rows if valid_to is None)]
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
