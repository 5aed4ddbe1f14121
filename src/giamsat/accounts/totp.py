"""Two-step login with time-based one-time codes (pyotp), optional for administrators and the office."""

import time

import pyotp
import segno
from django.db import transaction

from giamsat.accounts.models import Role, TotpDevice, User
from giamsat.audit.services import audit_event
from giamsat.core.errors import ApplicationError, PermissionDeniedError

ROLES_WITH_TOTP = {Role.ADMIN, Role.OFFICE}
ISSUER = "giamsat"
STEP = 30


def totp_allowed(user) -> bool:
    return user.is_authenticated and user.role in ROLES_WITH_TOTP


def totp_enabled(user) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed=True).exists()


def totp_begin(*, user: User) -> TotpDevice:
    """A new, unconfirmed secret: it takes effect only once a code from the phone confirms it."""
    if not totp_allowed(user):
        raise PermissionDeniedError("Xác thực hai bước dành cho quản trị và cơ quan theo dõi.")
    device, _ = TotpDevice.objects.update_or_create(
        user=user, defaults={"secret": pyotp.random_base32(), "confirmed": False, "last_step": 0})
    return device


def provisioning(device: TotpDevice) -> tuple[str, str]:
    """(otpauth URI, QR code as an SVG data URI) for the authenticator app."""
    uri = pyotp.TOTP(device.secret).provisioning_uri(name=device.user.username, issuer_name=ISSUER)
    return uri, segno.make(uri, error="m").svg_data_uri(scale=5)


@transaction.atomic
def totp_check(*, user: User, code: str, confirming: bool = False) -> bool:
    """True when `code` is valid now (±1 step) and newer than the last accepted one."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None or (not device.confirmed and not confirming):
        return False
    code = (code or "").strip().replace(" ", "")
    totp = pyotp.TOTP(device.secret)
    now_step = int(time.time()) // STEP
    for step in (now_step - 1, now_step, now_step + 1):
        if step > device.last_step and totp.at(step * STEP) == code:
            device.last_step = step
            if confirming:
                device.confirmed = True
            device.save()
            return True
    return False


def totp_confirm(*, user: User, code: str) -> None:
    if not totp_check(user=user, code=code, confirming=True):
        raise ApplicationError("Mã xác thực không đúng hoặc đã hết hạn. Kiểm tra giờ trên điện thoại rồi thử lại.")
    audit_event("totp_enabled", user)


def totp_disable(*, user: User) -> None:
    TotpDevice.objects.filter(user=user).delete()
    audit_event("totp_disabled", user)
