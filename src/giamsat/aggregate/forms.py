from django import forms

from giamsat.core.periods import PeriodField


class AggregateForm(forms.Form):
    document = forms.TypedChoiceField(label="Văn bản", coerce=int)
    period = PeriodField(label="Kỳ báo cáo")
    format = forms.ChoiceField(
        label="Định dạng", choices=[("docx", "Word (DOCX)"), ("xlsx", "Excel (XLSX)")], required=False
    )

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [("", "Chọn văn bản"), *[(d.pk, d.label) for d in documents]]
