"""Who may see and do what is decided in accounts/access.py only (ADR 0004, ADR 0018). These checks read
the source: a role comparison, a scope rule or a staff flag test written anywhere else fails, with the line.

Instead: rows through `Model.objects.visible_to(user)`; decisions through a `can_*` (or another named)
function of access.py; users picked by role through `access.AGENCY_USERS`, `USERS_SEEING_ALL`,
`OFFICE_USERS`; templates through `{% if can.<rule> %}`."""

import re
from pathlib import Path

import pytest

from giamsat.accounts import access

SRC = Path(access.__file__).resolve().parents[1]  # src/giamsat
ACCESS = SRC / "accounts" / "access.py"
ROLE_DEFINITIONS = SRC / "accounts" / "models.py"  # the roles and the sets they imply are declared there

USER_ROLE = (r"(?:(?<![\w.])Role\.(?:ADMIN|OFFICE|FOCAL|HEAD|LEADER|INSPECTOR)\b"
             r"|[\"'](?:admin|office|focal|head|leader|inspector)[\"'])")
PYTHON_RULES = {
    "the scope": re.compile(r"\bscope_org_ids\b"),
    "the old scope filter": re.compile(r"(?<![\w.])scoped\("),
    "a role set": re.compile(r"\bROLES_[A-Z_]+\b"),
    "a role comparison": re.compile(
        rf"\brole\s*(?:==|!=)\s*{USER_ROLE}|{USER_ROLE}\s*(?:==|!=)\s*[\w.]*\brole\b"),
    "a role membership test": re.compile(rf"\brole\s+(?:not\s+)?in\s*[\[{{(][^\]}})]*{USER_ROLE}"),
    "users picked by role": re.compile(r"\brole__in\s*="),
    "the staff or superuser flag": re.compile(r"\.is_(?:staff|superuser)\b"),
}
TEMPLATE_RULES = {
    "a role in a template": re.compile(r"\buser\.role\b"),
    "the staff or superuser flag in a template": re.compile(r"\.is_(?:staff|superuser)\b"),
}


def _violations(paths, rules) -> list[str]:
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for what, pattern in rules.items():
                if pattern.search(line):
                    found.append(f"{path.relative_to(SRC)}:{number}: {what}: {line.strip()}")
    return found


def _python_files():
    return [p for p in sorted(SRC.rglob("*.py"))
            if p not in (ACCESS, ROLE_DEFINITIONS) and "migrations" not in p.parts]


def test_no_role_or_scope_rule_outside_access():
    assert _violations(_python_files(), PYTHON_RULES) == []


def test_no_role_test_in_templates():
    assert _violations(sorted(SRC.rglob("*.html")), TEMPLATE_RULES) == []


@pytest.mark.parametrize("line, what", [
    ('    if user.role == Role.HEAD:', "a role comparison"),
    ('    return request.user.role == "inspector"', "a role comparison"),
    ('    if user.role in {Role.ADMIN, Role.OFFICE}:', "a role membership test"),
    ('    org_ids = scope_org_ids(user)', "the scope"),
    ('    return scoped(Reminder.objects.all(), user)', "the old scope filter"),
    ('    users = User.objects.filter(role__in=[Role.FOCAL])', "users picked by role"),
    ('    if request.user.is_superuser:', "the staff or superuser flag"),
])
def test_the_checks_see_what_they_forbid(line, what):
    """Each pattern catches the shape it names (a check that cannot fail proves nothing)."""
    assert what in [w for w, p in PYTHON_RULES.items() if p.search(line)]


@pytest.mark.parametrize("line", [
    '    leads = [a for a in task.assignments.all() if a.role == "lead"]',  # a task assignment's role
    '    if a.role != TaskAssignment.Role.LEAD:',
    '    if role not in Role.values:',  # validating a role typed in, not deciding by it
    '    if role in ("lead", "coord"):',  # the extractor's assignment roles
    '    if action == "head":',
    '    is_staff=role_uses_admin_site(role)',
])
def test_the_checks_leave_other_roles_alone(line):
    assert [w for w, p in PYTHON_RULES.items() if p.search(line)] == []


def test_every_rule_a_template_asks_exists():
    """`{% if can.see_history %}` asks access.can_see_history; a misspelt rule would silently hide a link."""
    asked = set()
    for path in SRC.rglob("*.html"):
        asked |= set(re.findall(r"\bcan\.(\w+)", path.read_text(encoding="utf-8")))
    assert asked, "the templates ask the access rules through `can`"
    missing = sorted(name for name in asked if not callable(getattr(access, f"can_{name}", None)))
    assert missing == []


@pytest.mark.django_db
def test_the_menu_asks_the_rules(client, province):
    """The menu's links follow access.can_* for every role (through the `can` context processor)."""
    from django.urls import reverse

    links = {"import": reverse("web:imports"), "history": reverse("audit:history"),
             "admin": reverse("admin:index")}
    expected = {
        "admin": {"import", "history", "admin"}, "office": {"import", "history"}, "inspector": {"history"},
        "leader": set(), "focal_culture": set(), "head_culture": set(),
    }
    for name, shown in expected.items():
        client.force_login(province["users"][name])
        page = client.get(reverse("accounts:profile")).content.decode()
        assert {link for link, url in links.items() if f'href="{url}"' in page} == shown, name
