"""Users, their role and organization, and API tokens."""

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import DEFAULT_DB_ALIAS, models
from django.utils import timezone

from giamsat.core.compiled import CompiledQuery
from giamsat.core.frame import FrameRowsQuerySet

LAST_USED_PRECISION = dt.timedelta(minutes=1)  # how often a token's "last used" time is written


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    OFFICE = "office", "Cơ quan theo dõi, giám sát"
    FOCAL = "focal", "Cán bộ đầu mối"
    HEAD = "head", "Lãnh đạo cơ quan, đơn vị"
    LEADER = "leader", "Lãnh đạo tỉnh"
    INSPECTOR = "inspector", "Kiểm tra, giám sát"


# Roles whose users see every organization's data; the others see only their own organization's.
ROLES_SEEING_ALL = {Role.ADMIN, Role.OFFICE, Role.LEADER, Role.INSPECTOR}
# Roles that may manage plans: register documents, import, assign tasks, open periods.
ROLES_MANAGING = {Role.ADMIN, Role.OFFICE}
# Roles scoped to one organization.
ROLES_AGENCY = {Role.FOCAL, Role.HEAD}


class GiamsatUserManager(UserManager.from_queryset(FrameRowsQuerySet)):
    """Bulk writes of users renew the signed-in frame's kept rows (accounts.session_user, ADR 0055)."""

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField("vai trò", max_length=16, choices=Role.choices, default=Role.FOCAL, db_index=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="cơ quan, đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField("điện thoại", max_length=32, blank=True)
    must_change_password = models.BooleanField("phải đổi mật khẩu", default=False)
    is_demo = models.BooleanField("tài khoản mẫu", default=False)

    objects = GiamsatUserManager()

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["focal", "head"]) | models.Q(organization__isnull=False),
                name="agency_user_has_organization",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for other systems; it acts as its user. Only the hash is stored."""

    PREFIX = "gs_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("tên", max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(max_length=12, editable=False)
    read_only = models.BooleanField("chỉ đọc", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "khóa API"
        verbose_name_plural = "khóa API"

    def __str__(self) -> str:
        return f"{self.key_prefix}… ({self.user})"

    @classmethod
    def issue(cls, *, user: User, name: str = "", read_only: bool = False) -> tuple["ApiToken", str]:
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, read_only=read_only, key_hash=_hash_token(raw), key_prefix=raw[:10]
        )
        return token, raw

    @classmethod
    def authenticate(cls, raw: str) -> "ApiToken | None":
        """The live token of an active user with this key, with its user (as the session loads it: the
        organization when asked). Asked on every API request, so its SQL is compiled once (core.compiled)."""
        row = _TOKEN_WITH_USER.first(key_hash=_hash_token(raw))
        if row is None:
            return None
        token = cls.from_db(DEFAULT_DB_ALIAS, _TOKEN_FIELDS, row[: len(_TOKEN_FIELDS)])
        token.user = User.from_db(DEFAULT_DB_ALIAS, _USER_FIELDS, row[len(_TOKEN_FIELDS):])
        now = timezone.now()
        # "Last used" to the minute: a client posting many times a second does not write it every time.
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token


class TotpDevice(models.Model):
    """A second factor (TOTP, RFC 6238) for administrators and the monitoring office, who can change much."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp")
    secret = models.CharField(max_length=64)
    confirmed = models.BooleanField(default=False)
    last_step = models.BigIntegerField(default=0)  # the last time step accepted: a code works only once
    created_at = models.DateTimeField(auto_now_add=True)
    # Wrong codes in a row, from any session; at the limit the code step is locked until locked_until (totp).
    failed_attempts = models.PositiveIntegerField("số lần nhập sai mã liên tiếp", default=0)
    locked_until = models.DateTimeField("tạm khóa nhập mã đến", null=True, blank=True)

    class Meta:
        verbose_name = "xác thực hai bước"
        verbose_name_plural = "xác thực hai bước"

    def __str__(self) -> str:
        return f"TOTP {self.user}"


_TOKEN_FIELDS = [f.attname for f in ApiToken._meta.concrete_fields]
_USER_FIELDS = [f.attname for f in User._meta.concrete_fields]
# key_hash is unique: at most one row, so no ORDER BY.
_TOKEN_WITH_USER = CompiledQuery(
    lambda args: ApiToken.objects.filter(key_hash=args.key_hash, revoked_at__isnull=True, user__is_active=True)
    .order_by()
    .values_list(*_TOKEN_FIELDS, *(f"user__{name}" for name in _USER_FIELDS))[:1]
)
