"""Who may see and change what. Every selector, service, view and template asks these functions; nothing
else decides (ADR 0004, ADR 0018; `tests/web/test_access_in_one_place.py` fails on a role test elsewhere).

- Administrators, the monitoring office, leaders and inspectors see every organization's data.
- Focal points and agency heads see only their organization's data, including the work inherited
  from units merged into it (2025 reorganization).
- Only administrators and the monitoring office manage plans; only agency users report on their tasks.

Rows: each scoped model's queryset is a `VisibleQuerySet` that declares how a row relates to an
organization; `Model.objects.visible_to(user)` applies the one rule, `restrict`, to it.
"""

import hashlib

from django.db.models import Q, QuerySet

from giamsat.accounts.models import ROLES_AGENCY, ROLES_MANAGING, ROLES_SEEING_ALL, Role
from giamsat.core.errors import PermissionDeniedError

# ------------------------------------------------------------------------------------------------- roles


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


def can_see_recent_changes(user) -> bool:
    """The home page lists the latest audited changes for inspectors (their daily work)."""
    return is_active_user(user) and user.role == Role.INSPECTOR


def can_import_documents(user) -> bool:
    return manages(user)


def can_urge(user) -> bool:
    """Urge one agency or one task in one's own words, download the urging letter: the monitoring office."""
    return manages(user)


def can_manage_accounts(user) -> bool:
    """Create accounts, revoke anyone's API token."""
    return is_active_user(user) and user.role == Role.ADMIN


def role_uses_admin_site(role: str) -> bool:
    """Accounts of this role get Django's staff flag (the admin site)."""
    return role == Role.ADMIN


def can_use_admin_site(user) -> bool:
    """Django admin is for system administrators only, whatever `is_staff` says."""
    return is_active_user(user) and user.is_staff and role_uses_admin_site(user.role)


def can_use_second_factor(user) -> bool:
    """Two-step login (TOTP) is offered to the roles that can change much: administrators and the office."""
    return bool(user and user.is_authenticated) and user.role in ROLES_MANAGING


def role_needs_organization(role: str) -> bool:
    return role in ROLES_AGENCY


# Users of the roles, for the queries that pick recipients or a viewer (never for a permission).
AGENCY_USERS = Q(is_active=True, role__in=ROLES_AGENCY)
USERS_SEEING_ALL = Q(is_active=True, role__in=ROLES_SEEING_ALL)
OFFICE_USERS = Q(is_active=True, role=Role.OFFICE)


def can_reorganize(user) -> bool:
    """Record, apply and revert reorganizations of agencies (organizations.reorganize): the administrator
    and the monitoring office."""
    return manages(user)


# ---------------------------------------------------------------------------------------------- reporting


def can_view_board(user) -> bool:
    """Submission board, reminder log of every agency, periods of every rule: the read-all roles."""
    return sees_all(user)


def can_aggregate(user) -> bool:
    """The aggregated report is the monitoring office's product; provincial leaders read it too."""
    return sees_all(user) and user.role in {Role.ADMIN, Role.OFFICE, Role.LEADER}


def can_manage_periods(user) -> bool:
    return manages(user)


def can_edit_reports(user) -> bool:
    return is_agency_user(user)


def can_approve_reports(user) -> bool:
    return is_agency_head(user)


def can_see_reporting(user) -> bool:
    """The reminder log and the reporting calendar: the read-all roles and agencies (theirs)."""
    return sees_all(user) or is_agency_user(user)


# --------------------------------------------------------------------------------------------- indicators


def can_manage_indicators(user) -> bool:
    """Define indicators, review values, choose what is published: the monitoring office."""
    return manages(user)


def can_request_explanation(user) -> bool:
    return manages(user) or (is_active_user(user) and user.role == Role.LEADER)


def can_enter_values(user, indicator) -> bool:
    """The focal point (or head) of the responsible organization, or of a unit merged into it."""
    return is_agency_user(user) and acts_for(user, indicator.responsible_id)


# ----------------------------------------------------------------------------------------------------- qa


def can_read_questions(user) -> bool:
    """The questions asked on the ask pages, answered or not, and their ratings: the monitoring office."""
    return manages(user)


# -------------------------------------------------------------------------------------------------- tasks


def can_report_progress(user) -> bool:
    """Progress updates come from agencies (then only on tasks their organizations lead or coordinate); the
    read-all roles report for no organization."""
    return is_agency_user(user)


# --------------------------------------------------------------------------------------------- evaluation


def can_manage_evaluations(user) -> bool:
    """Define the criteria sets, run, adjust, publish and reopen evaluations, answer objections: the office."""
    return manages(user)


def can_object_to_evaluation(user) -> bool:
    """File an objection (khiếu nại, giải trình) to one's own published result: agency users."""
    return is_agency_user(user)


def can_read_evaluation_reports(user) -> bool:
    """The ranking files (XLSX, the DOCX report for the emulation council): the read-all roles."""
    return sees_all(user)
# ---------------------------------------------------------------------------------------- feedback, outreach


def can_triage_feedback(user) -> bool:
    """Classify, route, merge, reject and publish feedback: the monitoring office (ADR 0029)."""
    return manages(user)


def sees_feedback_submitter(user) -> bool:
    """A citizen's name and contact: the monitoring office only, never agencies or the public (ADR 0030)."""
    return manages(user)


def can_file_feedback_inside(user) -> bool:
    """Agencies' users file feedback and initiatives from inside (the public files through the public form)."""
    return is_agency_user(user)


def can_answer_feedback(user, feedback) -> bool:
    """The agency the item is routed to (or the unit it was merged into) answers it."""
    return is_agency_user(user) and feedback.routed_to_id is not None and acts_for(user, feedback.routed_to_id)


def can_record_outreach(user) -> bool:
    """Agencies record their own outreach activities."""
    return is_agency_user(user)


# ---------------------------------------------------------------------------------------------------- rows


def scope_org_ids(user) -> set[int] | None:
    """None means every organization; otherwise the set of organization ids the user acts for (empty for a
    user of no organization, or signed out). Memoized on the user object for the request."""
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


def acts_for(user, organization_id) -> bool:
    """Whether an agency user acts for this organization (its own or one merged into it). False for the
    read-all roles: they see every organization's rows but act for none."""
    return organization_id in own_organization_ids(user)


def own_organization_ids(user) -> set[int]:
    """The organizations an agency user acts for (its own and the units merged into it); empty for everyone
    else, the read-all roles included. For writes and an agency's own pages, not for what it sees."""
    org_ids = scope_org_ids(user)
    return set() if org_ids is None else org_ids


def sees_rows_of(user, organization_id) -> bool:
    """Whether the user sees this organization's rows: every organization's for the read-all roles, its own
    (and merged units') for an agency."""
    return sees_all(user) or acts_for(user, organization_id)


def organization_ids_seen(user, among=None) -> set[int] | None:
    """The organizations whose figures the user sees, among `among` (None: every organization), for figures
    computed over organizations rather than read as rows (the dashboards' punctuality): None means every
    organization. Rows go through `visible_to`."""
    org_ids = scope_org_ids(user)
    if among is None:
        return org_ids
    return set(among) if org_ids is None else org_ids & set(among)


def restrict(queryset, org_ids, *, relation=None):
    """THE visibility rule, for every scoped model: `org_ids` None means every row; an empty scope means
    only the rows everyone sees (none for most models); otherwise the rows of those organizations, plus
    the rows everyone sees. How a row relates to organizations is the queryset's declaration
    (`VisibleQuerySet`), or `relation(org_ids) -> Q` for a plain queryset (organizations themselves)."""
    if org_ids is None:
        return queryset
    everyone = queryset.seen_by_everyone() if relation is None else None
    if not org_ids:
        return queryset.none() if everyone is None else queryset.filter(everyone)
    own = (relation or queryset.of_organizations)(org_ids)
    return queryset.filter(own if everyone is None else own | everyone)


def visible_rows(queryset: "VisibleQuerySet", user):
    """The rows of `queryset` the user may see: `restrict` with the user's scope."""
    return restrict(queryset, scope_org_ids(user))


def organizations_in_scope(queryset, user):
    """Among `queryset` of organizations, those whose rows the user sees: every one for the read-all roles,
    its own and the units merged into it for an agency, none without an organization. (Organization records
    are public; this is for choosing among one's own, as the list filters do.)"""
    return restrict(queryset, scope_org_ids(user), relation=lambda org_ids: Q(pk__in=org_ids))


def visible_compiled(user, *, everything, within, **values):
    """The first row of a query compiled once for a hot path (ADR 0013) that the user may see. `everything`
    is compiled from the model's queryset, `within` from `queryset.within(args.orgs)`: the SQL is
    `restrict`'s own; only which of the two runs is chosen here, as `restrict` chooses (None: every row)."""
    org_ids = scope_org_ids(user)
    return everything.first(**values) if org_ids is None else within.first(orgs=org_ids, **values)


def scope_key(user) -> str:
    """Users who see the same rows share cached figures: everyone who sees everything, or one scope."""
    org_ids = scope_org_ids(user)
    if org_ids is None:
        return "all"
    if not org_ids:
        return "none"
    ids = ",".join(str(i) for i in sorted(org_ids))
    return f"org{getattr(user, 'organization_id', '')}-" + hashlib.sha1(ids.encode()).hexdigest()[:16]


class VisibleQuerySet(QuerySet):
    """A scoped model's queryset. Subclasses declare only how a row relates to an organization:
    `organization_field` (the path to the organization's id), or `of_organizations` for anything more
    (a subquery, several paths), and `seen_by_everyone` for the rows everyone sees, visitors included
    (published ones)."""

    organization_field = "organization_id"

    def of_organizations(self, org_ids) -> Q:
        return Q(**{f"{self.organization_field}__in": org_ids})

    def seen_by_everyone(self) -> Q | None:
        return None

    def visible_to(self, user):
        return visible_rows(self, user)

    def within(self, org_ids):
        """The rows seen by the scope `org_ids` (None: every row), for readers that carry a scope rather than
        a user (the dashboards' figures over organizations, a compiled hot query)."""
        return restrict(self, org_ids)


def require_manager(user) -> None:
    if not manages(user):
        raise PermissionDeniedError()


def require_login(user) -> None:
    if not is_active_user(user):
        raise PermissionDeniedError("Bạn cần đăng nhập.")
