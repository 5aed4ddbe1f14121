"""Every model change has its migration (the check CI would otherwise miss until a deploy)."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit as exc:  # makemigrations --check exits 1 when something is missing
        pytest.fail(f"models changed without a migration (exit {exc.code}): run `giamsat makemigrations`")
