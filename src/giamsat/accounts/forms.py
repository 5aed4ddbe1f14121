from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AdminPasswordChangeForm, AuthenticationForm


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label="Mật khẩu hiện tại", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        label="Mật khẩu mới (ít nhất 10 ký tự)", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    new_password2 = forms.CharField(
        label="Nhập lại mật khẩu mới", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    revoke_tokens = forms.BooleanField(
        label="Thu hồi mọi khóa API của tôi (nên chọn nếu mật khẩu cũ có thể đã lộ)", required=False,
        initial=True)

    def clean(self):
        data = super().clean()
        if data.get("new_password") != data.get("new_password2"):
            raise forms.ValidationError("Hai lần nhập mật khẩu mới không khớp.")
        return data


class TokenForm(forms.Form):
    name = forms.CharField(label="Tên gợi nhớ (hệ thống nào dùng khóa này)", max_length=100, required=False)
    read_only = forms.BooleanField(label="Chỉ đọc (không ghi được dữ liệu)", required=False, initial=True)


class _SaysWhyRefused:
    """A sign-in form that shows why an account is refused (accounts.signin) instead of "wrong password"."""

    refusal = ""

    def get_invalid_login_error(self):
        self.refusal = getattr(self.request, "sign_in_refused", "") if self.request is not None else ""
        if self.refusal:
            return forms.ValidationError(self.refusal, code="refused")
        return super().get_invalid_login_error()


class SignInForm(_SaysWhyRefused, AuthenticationForm):
    pass


class AdminSignInForm(_SaysWhyRefused, AdminAuthenticationForm):
    pass


class PasswordResetByAdminForm(AdminPasswordChangeForm):
    """The Django admin's "reset password", which by default also revokes the user's API tokens and makes the
    temporary password one to change at the next sign-in."""

    revoke_tokens = forms.BooleanField(label="Thu hồi mọi khóa API của người dùng", required=False,
                                       initial=True)
    must_change = forms.BooleanField(label="Buộc đổi mật khẩu khi đăng nhập", required=False, initial=True)
    revoked_tokens: list = []

    def save(self, commit=True):
        from giamsat.accounts.services import tokens_revoke_all

        if self.cleaned_data.get("must_change"):
            self.user.must_change_password = True
        user = super().save(commit=commit)
        if commit and self.cleaned_data.get("revoke_tokens"):
            self.revoked_tokens = tokens_revoke_all(user=user, reason="password_reset")
        return user
