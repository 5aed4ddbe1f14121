"""`giamsat user list --role office|focal` prints one username a line (issue #25: outside checks find the
office user and a focal point of a synthetic province this way)."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _lines(*args) -> list[str]:
    from io import StringIO

    out = StringIO()
    call_command("user", "list", *args, stdout=out)
    return out.getvalue().splitlines()


def test_one_username_a_line_by_role(province):
    province["users"]["focal_science"].is_active = False
    province["users"]["focal_science"].save(update_fields=["is_active"])
    assert _lines("--role", "office") == ["vanphong"]
    assert _lines("--role", "focal") == ["svhttdl"]  # active accounts only
    assert set(_lines()) == {"quantri", "vanphong", "svhttdl", "ld-svhttdl", "lanhdao", "kiemtra"}
