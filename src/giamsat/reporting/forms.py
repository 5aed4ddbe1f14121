from django import forms
from django.conf import settings

# The browser stops typing at the cap the service enforces (reporting.services.report_update).
MAX_TEXT = settings.GIAMSAT_MAX_TEXT_CHARS

_AREA = {"rows": 8}


class ReportForm(forms.Form):
    results = forms.CharField(
        label="I. Kết quả đạt được", required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs=_AREA)
    )
    shortcomings = forms.CharField(
        label="II. Tồn tại, hạn chế, nguyên nhân",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=_AREA),
    )
    next_tasks = forms.CharField(
        label="III. Nhiệm vụ, giải pháp kỳ tới",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=_AREA),
    )
    proposals = forms.CharField(
        label="IV. Đề xuất, kiến nghị",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=_AREA),
    )
    nothing_to_report = forms.BooleanField(label="Kỳ này không phát sinh nội dung báo cáo", required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class LockForm(forms.Form):
    """Approve / send: the version the head read (refused if someone changed the report since)."""

    lock_version = forms.IntegerField(required=False, min_value=0)


class BoardForm(forms.Form):
    rule = forms.TypedChoiceField(label="Chế độ báo cáo", coerce=int, required=False, empty_value=None)
    n = forms.TypedChoiceField(
        label="Số kỳ",
        coerce=int,
        required=False,
        empty_value=6,
        choices=[(3, "3 kỳ"), (6, "6 kỳ"), (12, "12 kỳ"), (24, "24 kỳ")],
    )

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [
            (
                r.pk,
                f"{r.document.label} — {r.get_frequency_display().lower()}"
                + (f" — gửi {r.recipient.display_name}" if r.recipient_id else ""),
            )
            for r in rules
        ]


class ReopenForm(forms.Form):
    until = forms.DateField(
        label="Tự khóa lại từ ngày (để trống: mở đến khi khóa bằng tay)",
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )


class UrgeForm(forms.Form):
    """Targeted urging: the office's own words to one agency or the leads of one task."""

    noi_dung = forms.CharField(label="Nội dung đôn đốc", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                               error_messages={"required": "Nhập nội dung đôn đốc.",
                                               "max_length": "Nội dung đôn đốc dài quá 4.000 ký tự."})
    co_quan = forms.IntegerField(required=False, widget=forms.HiddenInput)
    nhiem_vu = forms.IntegerField(required=False, widget=forms.HiddenInput)
