"""HTML input for indicators. Numbers are read as text (decimal comma) and checked by the services."""

from django import forms

from giamsat.core.periods import HALF, MONTH, QUARTER, YEAR, PeriodField, period_choices
from giamsat.indicators.models import Comparator, Indicator, IndicatorValue
from giamsat.organizations.chooser import OrganizationChooser, offer_organizations

TARGET_ROWS = 4


class IndicatorForm(forms.Form):
    code = forms.CharField(label="Mã", max_length=32)
    name = forms.CharField(label="Tên chỉ tiêu", widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.CharField(label="Đơn vị tính", max_length=64, required=False)
    direction = forms.ChoiceField(label="Chiều", choices=Indicator.Direction.choices)
    comparator = forms.ChoiceField(label="So sánh (mặc định của mục tiêu)", choices=Comparator.choices)
    baseline_value = forms.CharField(label="Giá trị cơ sở", required=False)
    baseline_year = forms.CharField(label="Năm cơ sở", required=False)
    min_value = forms.CharField(label="Giá trị nhỏ nhất hợp lệ", required=False)
    max_value = forms.CharField(label="Giá trị lớn nhất hợp lệ", required=False)
    # A drop-down in a province, a text box with suggestions in the country (the chooser, ADR 0056).
    responsible = OrganizationChooser(label="Đơn vị chịu trách nhiệm", required=False, current_only=True)
    frequency = forms.ChoiceField(label="Tần suất", choices=Indicator.Frequency.choices)
    aggregation = forms.ChoiceField(label="Cách tổng hợp", choices=Indicator.Aggregation.choices)
    numerator = forms.TypedChoiceField(
        label="Tử số (chỉ tiêu tỷ lệ)", coerce=int, required=False, empty_value=None
    )
    denominator = forms.TypedChoiceField(
        label="Mẫu số (chỉ tiêu tỷ lệ)", coerce=int, required=False, empty_value=None
    )
    is_published = forms.BooleanField(label="Công khai trên trang công khai", required=False)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        offer_organizations(self, "responsible")
        choices = [("", "—"), *[(i.pk, f"{i.code} — {i.name[:60]}") for i in indicators]]
        self.fields["numerator"].choices = choices
        self.fields["denominator"].choices = choices
        for i in range(TARGET_ROWS):
            self.fields[f"t{i}_year"] = forms.CharField(label="Năm", required=False)
            self.fields[f"t{i}_comparator"] = forms.ChoiceField(
                label="So sánh", required=False, choices=[("", "(mặc định)"), *Comparator.choices]
            )
            self.fields[f"t{i}_value"] = forms.CharField(label="Giá trị", required=False)
            self.fields[f"t{i}_value_max"] = forms.CharField(label="Cận trên (nếu là khoảng)", required=False)

    @staticmethod
    def initial_for(indicator: Indicator) -> dict:
        data = {
            name: getattr(indicator, name)
            for name in (
                "code",
                "name",
                "unit",
                "direction",
                "comparator",
                "baseline_year",
                "frequency",
                "aggregation",
                "is_published",
            )
        }
        for name in ("baseline_value", "min_value", "max_value"):
            value = getattr(indicator, name)
            data[name] = _plain(value)
        data.update(
            responsible=indicator.responsible_id,
            numerator=indicator.numerator_id,
            denominator=indicator.denominator_id,
        )
        for i, t in enumerate(indicator.targets.all()[:TARGET_ROWS]):
            data.update(
                {
                    f"t{i}_year": t.year,
                    f"t{i}_comparator": t.comparator,
                    f"t{i}_value": _plain(t.value),
                    f"t{i}_value_max": _plain(t.value_max),
                }
            )
        return data

    def target_rows(self):
        return [
            [self[f"t{i}_{k}"] for k in ("year", "comparator", "value", "value_max")]
            for i in range(TARGET_ROWS)
        ]

    def targets(self) -> list[dict]:
        out = []
        for i in range(TARGET_ROWS):
            year = (self.cleaned_data.get(f"t{i}_year") or "").strip()
            value = (self.cleaned_data.get(f"t{i}_value") or "").strip()
            if not year and not value:
                continue
            out.append(
                {
                    "year": year or None,
                    "value": value or None,
                    "value_max": (self.cleaned_data.get(f"t{i}_value_max") or "").strip() or None,
                    "comparator": self.cleaned_data.get(f"t{i}_comparator") or "",
                }
            )
        return out


def _plain(value) -> str:
    """A stored Decimal as a person would type it back: 37,6 (no trailing zeros)."""
    if value is None:
        return ""
    text = format(value.normalize(), "f") if value == value else str(value)
    return text.replace(".", ",")


# The periods offered for an indicator's values: those of its frequency (#21: chosen in words, not typed).
FREQUENCY_KINDS = {"monthly": (MONTH,), "quarterly": (QUARTER,), "6-month": (HALF,), "annual": (YEAR,)}


class ValueForm(forms.Form):
    period = PeriodField(label="Kỳ")
    value = forms.CharField(label="Giá trị", max_length=40, help_text="Dùng dấu phẩy thập phân, ví dụ 37,6")
    is_estimate = forms.BooleanField(label="Ước thực hiện (chưa phải số chính thức)", required=False)
    source = forms.CharField(label="Nguồn số liệu", max_length=255, required=False)

    def __init__(self, *args, frequency: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = FREQUENCY_KINDS.get(frequency or "", (MONTH, QUARTER, HALF, YEAR))
        self.fields["period"].kinds = kinds
        self.fields["period"].set_periods(period_choices(kinds=kinds, years_back=5))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(IndicatorValue.Review.VERIFIED, "Duyệt"), (IndicatorValue.Review.REJECTED, "Từ chối")]
    )
    note = forms.CharField(label="Lý do, ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExplanationForm(forms.Form):
    message = forms.CharField(label="Nội dung yêu cầu giải trình", widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(
        label="Hạn giải trình", required=False, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Nội dung giải trình", widget=forms.Textarea(attrs={"rows": 3}))


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp XLSX")
