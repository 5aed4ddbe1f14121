"""Two-step login with time-based one-time codes (pyotp), optional for administrators and the office.

Once a device is confirmed, only a valid code turns it off or replaces it (an administrator may delete it
for someone who lost their phone). Wrong codes are counted per account, whatever the session: at
GIAMSAT_TOTP_FAILURE_LIMIT in a row the code step is locked for GIAMSAT_TOTP_LOCKOUT_MINUTES, and after
that one more wrong code locks it again, until a right code or an administrator (`sign_in_unlock`) clears
the count.
Every wrong code, lock and unlock is audited.
"""

import datetime as dt
import time

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from giamsat.accounts.access import can_use_second_factor
from giamsat.accounts.models import TotpDevice, User
from giamsat.audit.services import audit_event
from giamsat.core.errors import ApplicationError, PermissionDeniedError

ISSUER = "giamsat"
STEP = 30


class TotpLockedError(ApplicationError):
    def __init__(self, until: dt.datetime):
        local = timezone.localtime(until)
        super().__init__(
            f"Nhập sai mã xác thực quá nhiều lần: việc nhập mã của tài khoản tạm khóa đến {local:%H:%M} ngày "
            f"{local:%d/%m/%Y}. Cần mở sớm, xin liên hệ quản trị hệ thống.",
            code="totp_locked", status=403)
        self.until = until


def totp_allowed(user) -> bool:
    return can_use_second_factor(user)


def totp_enabled(user) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed=True).exists()


def totp_begin(*, user: User) -> TotpDevice:
    """A new, unconfirmed secret: it takes effect only once a code from the phone confirms it."""
    if not totp_allowed(user):
        raise PermissionDeniedError("Xác thực hai bước dành cho quản trị và cơ quan theo dõi.")
    if totp_enabled(user):
        # Replacing a confirmed secret would turn the second step off until the new one is confirmed.
        raise ApplicationError("Xác thực hai bước đang bật. Muốn chuyển sang điện thoại khác: nhập mã hiện "
                               "tại để tắt, rồi thiết lập lại.")
    # The wrong-code count and lock stay: starting again does not clear them.
    device, _ = TotpDevice.objects.update_or_create(
        user=user, defaults={"secret": pyotp.random_base32(), "confirmed": False, "last_step": 0})
    return device


def provisioning(device: TotpDevice) -> tuple[str, str]:
    """(otpauth URI, QR code as an SVG data URI) for the authenticator app."""
    uri = pyotp.TOTP(device.secret).provisioning_uri(name=device.user.username, issuer_name=ISSUER)
    return uri, segno.make(uri, error="m").svg_data_uri(scale=5)


@transaction.atomic
def _verify(user: User, code: str, confirming: bool) -> tuple[bool, dt.datetime | None]:
    """(right, locked until): the wrong-code count is committed even when the caller then refuses."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None or (not device.confirmed and not confirming):
        return False, None
    now = timezone.now()
    if device.locked_until is not None and device.locked_until > now:
        return False, device.locked_until  # not even a right code while locked: that would let guessing go on
    code = (code or "").strip().replace(" ", "")
    totp = pyotp.TOTP(device.secret)
    now_step = int(time.time()) // STEP
    for step in (now_step - 1, now_step, now_step + 1):
        if step > device.last_step and totp.at(step * STEP) == code:
            device.last_step = step
            device.failed_attempts, device.locked_until = 0, None
            if confirming:
                device.confirmed = True
            device.save()
            return True, None
    failed = device.failed_attempts + 1
    until = now + dt.timedelta(minutes=settings.GIAMSAT_TOTP_LOCKOUT_MINUTES) \
        if failed >= settings.GIAMSAT_TOTP_FAILURE_LIMIT else None
    # An UPDATE, not save(): the audit events below say what happened, without a row-history entry per guess.
    lock = {"locked_until": until} if until else {}
    TotpDevice.objects.filter(pk=device.pk).update(failed_attempts=failed, **lock)
    audit_event("totp_failed", user, failed_attempts=failed)
    if until is not None:
        audit_event("totp_locked", user, until=until.isoformat())
    return False, until


def totp_check(*, user: User, code: str, confirming: bool = False) -> bool:
    """True when `code` is valid now (±1 step) and newer than the last accepted one; TotpLockedError when the
    account's code step is locked (already, or by this wrong code)."""
    right, locked_until = _verify(user, code, confirming)
    if locked_until is not None:
        raise TotpLockedError(locked_until)
    return right


def totp_confirm(*, user: User, code: str) -> None:
    if not totp_check(user=user, code=code, confirming=True):
        raise ApplicationError("Mã xác thực không đúng hoặc đã hết hạn. Kiểm tra giờ trên điện thoại rồi thử lại.")
    audit_event("totp_enabled", user)


def totp_disable(*, user: User, code: str) -> None:
    """Turning the second step off needs a valid code, as signing in does."""
    if not totp_check(user=user, code=code):
        raise ApplicationError("Cần nhập đúng mã hiện tại để tắt xác thực hai bước.")
    TotpDevice.objects.filter(user=user).delete()
    audit_event("totp_disabled", user)


def totp_unlock(*, user: User) -> bool:
    """Clear the wrong-code count and lock (an administrator's decision); True when there was one."""
    counted = TotpDevice.objects.filter(user=user, failed_attempts__gt=0)
    return bool(counted.update(failed_attempts=0, locked_until=None))
