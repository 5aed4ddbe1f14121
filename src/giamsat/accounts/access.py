"""Who may see and change what. Every selector and service asks these functions; nothing else decides.

- Administrators, the monitoring office, leaders and inspectors see every organization's data.
- Focal points and agency heads see only their organization's data, including the work inherited
  from units merged into it (2025 reorganization).
- Only administrators and the monitoring office manage plans; only agency users report on their tasks.
"""

from giamsat.accounts.models import ROLES_AGENCY, ROLES_MANAGING, ROLES_SEEING_ALL, Role
from giamsat.core.errors import PermissionDeniedError


def is_active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def sees_all(user) -> bool:
    return is_active_user(user) and user.role in ROLES_SEEING_ALL


def manages(user) -> bool:
    return is_active_user(user) and user.role in ROLES_MANAGING


def is_agency_user(user) -> bool:
    return is_active_user(user) and user.role in ROLES_AGENCY and user.organization_id is not None


def is_agency_head(user) -> bool:
    """The head of an agency: approves its reports, receives the escalated reminders."""
    return is_agency_user(user) and user.role == Role.HEAD


def can_see_history(user) -> bool:
    return is_active_user(user) and user.role in {Role.ADMIN, Role.OFFICE, Role.INSPECTOR}


def can_aggregate(user) -> bool:
    """The aggregated report is the monitoring office's product; provincial leaders read it too."""
    return sees_all(user) and user.role in {Role.ADMIN, Role.OFFICE, Role.LEADER}


def can_request_explanation(user) -> bool:
    return manages(user) or (is_active_user(user) and user.role == Role.LEADER)


def can_use_second_factor(user) -> bool:
    """Two-step login (TOTP) is offered to the roles that can change much: administrators and the office."""
    return bool(user and user.is_authenticated) and user.role in ROLES_MANAGING


def scope_org_ids(user) -> set[int] | None:
    """None means every organization; otherwise the set of organization ids the user acts for."""
    if sees_all(user):
        return None
    if not is_agency_user(user):
        return set()
    cached = getattr(user, "_scope_org_ids", None)
    if cached is None:
        from giamsat.organizations.selectors import organization_lineage_ids

        cached = organization_lineage_ids(user.organization_id)
        user._scope_org_ids = cached
    return cached


def require_manager(user) -> None:
    if not manages(user):
        raise PermissionDeniedError()


def require_login(user) -> None:
    if not is_active_user(user):
        raise PermissionDeniedError("Bạn cần đăng nhập.")


def scoped(queryset, user, field: str = "organization_id"):
    """`queryset` restricted to the rows of the user's organizations (all rows for read-all roles,
    none for a user with no organization). The one filter every agency-scoped list goes through."""
    org_ids = scope_org_ids(user)
    if org_ids is None:
        return queryset
    if not org_ids:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": org_ids})
