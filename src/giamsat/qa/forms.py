from django import forms

from giamsat.qa.selectors import MAX_QUESTION


class AskForm(forms.Form):
    q = forms.CharField(label="Câu hỏi", max_length=MAX_QUESTION, strip=True,
                        error_messages={"required": "Hãy nhập câu hỏi.",
                                        "max_length": f"Câu hỏi dài quá {MAX_QUESTION} ký tự."})


class RateForm(forms.Form):
    helpful = forms.ChoiceField(choices=[("1", "Hữu ích"), ("0", "Chưa hữu ích")],
                                error_messages={"required": "Hãy chọn hữu ích hay chưa.",
                                                "invalid_choice": "Lựa chọn không hợp lệ."})
    token = forms.CharField(max_length=300, error_messages={"required": "Thiếu phiếu đánh giá; hãy hỏi lại."})
