from django import forms


class AggregateForm(forms.Form):
    document = forms.TypedChoiceField(label="Văn bản", coerce=int)
    period = forms.CharField(label="Kỳ (YYYY-MM, 2025-Q2, 2025-H1, 2025-9M, 2025)", max_length=16)
    format = forms.ChoiceField(
        label="Định dạng", choices=[("docx", "Word (DOCX)"), ("xlsx", "Excel (XLSX)")], required=False
    )

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [("", "Chọn văn bản"), *[(d.pk, d.label) for d in documents]]
