"""Writes about accounts: creation with a random initial password, password change, API tokens."""

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from giamsat.accounts.access import can_manage_accounts, role_needs_organization, role_uses_admin_site
from giamsat.accounts.models import ApiToken, Role, User
from giamsat.accounts.totp import totp_unlock
from giamsat.audit.services import audit_event
from giamsat.core.actors import is_system, require_actor
from giamsat.core.errors import ApplicationError, NotFoundError, PermissionDeniedError


def random_password() -> str:
    # 16 url-safe characters: long enough for the validators, easy to copy from a printout.
    return secrets.token_urlsafe(12)


@transaction.atomic
def user_create(*, actor, username: str, full_name: str = "", role: str, organization=None, email: str = "",
                ) -> tuple[User, str]:
    """A new account with a random initial password that must be changed at first login."""
    if not is_system(require_actor(actor)) and not can_manage_accounts(actor):
        raise PermissionDeniedError("Chỉ quản trị hệ thống được tạo tài khoản.")
    if role not in Role.values:
        raise ApplicationError("Vai trò không hợp lệ.")
    if role_needs_organization(role) and organization is None:
        raise ApplicationError("Cán bộ đầu mối và lãnh đạo cơ quan phải thuộc một cơ quan, đơn vị.")
    if User.objects.filter(username=username).exists():
        raise ApplicationError(f"Tên đăng nhập “{username}” đã có.")
    password = random_password()
    user = User(username=username, first_name=full_name, role=role, organization=organization, email=email,
                must_change_password=True, is_staff=role_uses_admin_site(role))
    user.set_password(password)
    user.save()
    return user, password


def password_change(*, user: User, old_password: str, new_password: str,
                    revoke_tokens: bool = True) -> list[ApiToken]:
    """The user's own change; returns the API tokens it revoked (all live ones unless `revoke_tokens` is off:
    whoever learned the old password may have made one)."""
    if not user.check_password(old_password):
        raise ApplicationError("Mật khẩu hiện tại không đúng.")
    if old_password == new_password:
        raise ApplicationError("Mật khẩu mới phải khác mật khẩu hiện tại.")
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.save()
        audit_event("password_changed", user)
        return tokens_revoke_all(user=user, reason="password_changed") if revoke_tokens else []


@transaction.atomic
def tokens_revoke_all(*, user: User, reason: str) -> list[ApiToken]:
    """Revoke every live token of `user` (after a password change or reset); the revoked ones, audited."""
    live = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    tokens = list(live.order_by("id"))
    now = timezone.now()
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    if tokens:
        audit_event("api_tokens_revoked", user, reason=reason, tokens=[t.key_prefix for t in tokens])
    return tokens


def describe_tokens(tokens: list[ApiToken]) -> str:
    """“«Hệ thống tỉnh» (gs_AbCdEfG…), gs_XyZ…”: how messages name tokens (their prefix, never the key)."""
    return ", ".join(f"«{t.name}» ({t.key_prefix}…)" if t.name else f"{t.key_prefix}…" for t in tokens)


@transaction.atomic
def sign_in_unlock(*, user: User) -> list[str]:
    """An administrator lifts the sign-in locks of `user`: failed passwords (django-axes, every address) and
    wrong two-step codes. Returns what was lifted, in Vietnamese."""
    from axes.utils import reset

    lifted = []
    if reset(username=user.username):
        lifted.append("khóa do nhập sai mật khẩu")
    if totp_unlock(user=user):
        lifted.append("khóa do nhập sai mã xác thực hai bước")
    if lifted:
        audit_event("sign_in_unlocked", user, lifted=lifted)
    return lifted


def token_create(*, user: User, name: str = "", read_only: bool = False) -> tuple[ApiToken, str]:
    return ApiToken.issue(user=user, name=name.strip()[:100], read_only=read_only)


def token_revoke(*, user: User, token_id: int) -> ApiToken:
    """A user revokes their own tokens; an administrator any token."""
    qs = ApiToken.objects.filter(pk=token_id, revoked_at__isnull=True)
    if not can_manage_accounts(user):
        qs = qs.filter(user=user)
    token = qs.first()
    if token is None:
        raise NotFoundError("Không tìm thấy khóa API còn hiệu lực.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token
