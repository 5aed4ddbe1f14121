"""Writes about accounts: creation with a random initial password, password change, API tokens."""

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from giamsat.accounts.access import ROLES_AGENCY
from giamsat.accounts.models import ApiToken, Role, User
from giamsat.audit.services import audit_event
from giamsat.core.errors import ApplicationError, NotFoundError, PermissionDeniedError


def random_password() -> str:
    # 16 url-safe characters: long enough for the validators, easy to copy from a printout.
    return secrets.token_urlsafe(12)


@transaction.atomic
def user_create(*, actor, username: str, full_name: str = "", role: str, organization=None, email: str = "",
                ) -> tuple[User, str]:
    """A new account with a random initial password that must be changed at first login."""
    if actor is not None and not (actor.is_active and actor.role == Role.ADMIN):
        raise PermissionDeniedError("Chỉ quản trị hệ thống được tạo tài khoản.")
    if role not in Role.values:
        raise ApplicationError("Vai trò không hợp lệ.")
    if role in ROLES_AGENCY and organization is None:
        raise ApplicationError("Cán bộ đầu mối và lãnh đạo cơ quan phải thuộc một cơ quan, đơn vị.")
    if User.objects.filter(username=username).exists():
        raise ApplicationError(f"Tên đăng nhập “{username}” đã có.")
    password = random_password()
    user = User(username=username, first_name=full_name, role=role, organization=organization, email=email,
                must_change_password=True, is_staff=role == Role.ADMIN)
    user.set_password(password)
    user.save()
    return user, password


def password_change(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise ApplicationError("Mật khẩu hiện tại không đúng.")
    if old_password == new_password:
        raise ApplicationError("Mật khẩu mới phải khác mật khẩu hiện tại.")
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc
    user.set_password(new_password)
    user.must_change_password = False
    user.save()
    audit_event("password_changed", user)


def token_create(*, user: User, name: str = "", read_only: bool = False) -> tuple[ApiToken, str]:
    return ApiToken.issue(user=user, name=name.strip()[:100], read_only=read_only)


def token_revoke(*, user: User, token_id: int) -> ApiToken:
    """A user revokes their own tokens; an administrator any token."""
    qs = ApiToken.objects.filter(pk=token_id, revoked_at__isnull=True)
    if user.role != Role.ADMIN:
        qs = qs.filter(user=user)
    token = qs.first()
    if token is None:
        raise NotFoundError("Không tìm thấy khóa API còn hiệu lực.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token
