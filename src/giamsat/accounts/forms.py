from django import forms


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="Mật khẩu hiện tại", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(label="Mật khẩu mới (ít nhất 10 ký tự)", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label="Nhập lại mật khẩu mới", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password") != data.get("new_password2"):
            raise forms.ValidationError("Hai lần nhập mật khẩu mới không khớp.")
        return data


class TokenForm(forms.Form):
    name = forms.CharField(label="Tên gợi nhớ (hệ thống nào dùng khóa này)", max_length=100, required=False)
    read_only = forms.BooleanField(label="Chỉ đọc (không ghi được dữ liệu)", required=False, initial=True)
