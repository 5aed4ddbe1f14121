"""The demo province (`giamsat demo`: Lai Châu from the five seed documents), built once for a test module
inside a transaction that is rolled back when the module ends; each test runs in a savepoint of it. The
clock stands at conftest.TODAY for the module, so that deadlines and overdue tasks mean the same every run."""

import pytest
import time_machine

from tests.conftest import DEMO_SAMPLES, TODAY

PASSWORD = "Demo-mat-khau-2025"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import transaction
    from django.test import override_settings

    from giamsat.audit.context import acting_as
    from giamsat.core.actors import SYSTEM
    from giamsat.demo.build import build_demo

    tmp = tmp_path_factory.mktemp("qa-demo")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (django_db_blocker.unblock(), time_machine.travel(TODAY, tick=True),
          override_settings(MEDIA_ROOT=tmp / "media", GIAMSAT_AUDIT_ANCHOR=tmp / "anchor.json", PASSWORD_HASHERS=fast)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with acting_as(SYSTEM, "cli"):
                build_demo(samples=DEMO_SAMPLES, password=PASSWORD)
            yield TODAY.date()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo_user(demo, db, settings):
    from giamsat.accounts.models import User

    settings.DEBUG = True  # the demo's accounts act only on a demo instance (accounts.signin)
    return lambda username: User.objects.get(username=username)
