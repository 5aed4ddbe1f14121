"""Who may sign in: demo accounts and demo passwords only on a demo instance (ADR 0015).

A demo account is one `giamsat demo` or `giamsat synth` made (flag `User.is_demo`). A demo password is the
shared password of the demo accounts (`GIAMSAT_DEMO_PASSWORD`) or one published in this repository for demos
and test harnesses: anyone who read the code knows it. Outside a demo instance (`DEBUG` off and
`GIAMSAT_DEMO_MODE` off) neither signs in, by any path: the login page, the Django admin, a session made
earlier, an API token. The authentication backend (accounts.backends) and the bearer check (api.auth) ask
here.
"""

from django.conf import settings
from django.core.exceptions import ValidationError

# Demo passwords published in this repository (scripts/_harness.py, the demo tests, the documentation).
PUBLISHED_DEMO_PASSWORDS = frozenset({"Harness-mat-khau-2026", "Demo-mat-khau-2025"})

DEMO_ACCOUNT_REFUSED = (
    "Đây là tài khoản mẫu (dùng để chạy thử), không dùng được trên hệ thống đang vận hành thật. "
    "Vui lòng đăng nhập bằng tài khoản do quản trị hệ thống cấp."
)
DEMO_PASSWORD_REFUSED = (
    "Tài khoản này đang dùng mật khẩu mẫu (dùng để chạy thử), không được đăng nhập trên hệ thống đang "
    "vận hành thật. Đề nghị quản trị hệ thống đặt lại mật khẩu cho tài khoản."
)


def demo_instance() -> bool:
    """A developer's machine (DEBUG) or a demo the operator runs on purpose (GIAMSAT_DEMO_MODE)."""
    return bool(settings.DEBUG or settings.GIAMSAT_DEMO_MODE)


def demo_passwords() -> frozenset[str]:
    configured = settings.GIAMSAT_DEMO_PASSWORD
    return PUBLISHED_DEMO_PASSWORDS | ({configured} if configured else set())


def account_refusal(user) -> str:
    """Why this account may not act here ("" when it may): asked on every request (session, token), so it
    reads only the loaded user."""
    if getattr(user, "is_demo", False) and not demo_instance():
        return DEMO_ACCOUNT_REFUSED
    return ""


def sign_in_refusal(user, password: str | None) -> str:
    """Why a sign-in with the right password is refused ("" when it is not)."""
    if demo_instance():
        return ""
    return account_refusal(user) or (DEMO_PASSWORD_REFUSED if password in demo_passwords() else "")


class NotDemoPasswordValidator:
    """A new password may not be a demo password (AUTH_PASSWORD_VALIDATORS): sign-in would refuse it."""

    def validate(self, password, user=None):
        if password in demo_passwords():
            raise ValidationError("Mật khẩu này là mật khẩu mẫu dùng để chạy thử; hãy chọn mật khẩu khác.",
                                  code="demo_password")

    def get_help_text(self):
        return "Mật khẩu không được trùng mật khẩu mẫu dùng để chạy thử."
