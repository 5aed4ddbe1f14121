"""The demo province (`giamsat demo`: Lai Châu from the five seed documents), built once for the tests of this
package (tests/qa/demo; once per worker that runs some of them: `make test` sends a module to one worker) inside
a transaction that is rolled back when the package ends; each test runs in a savepoint of it. The clock stands
at conftest.TODAY for the package, so that deadlines and overdue tasks mean the same every run."""

import pytest
import time_machine

from tests.conftest import DEMO_SAMPLES, TODAY, kept_in_a_rolled_back_transaction

PASSWORD = "Demo-mat-khau-2025"


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    from giamsat.audit.context import acting_as
    from giamsat.core.actors import SYSTEM
    from giamsat.demo.build import build_demo

    with (time_machine.travel(TODAY, tick=True),
          kept_in_a_rolled_back_transaction(django_db_blocker, tmp_path_factory.mktemp("qa-demo"))):
        with acting_as(SYSTEM, "cli"):
            build_demo(samples=DEMO_SAMPLES, password=PASSWORD)
        yield TODAY.date()


@pytest.fixture
def demo_user(demo, db, settings):
    from giamsat.accounts.models import User

    settings.DEBUG = True  # the demo's accounts act only on a demo instance (accounts.signin)
    return lambda username: User.objects.get(username=username)
