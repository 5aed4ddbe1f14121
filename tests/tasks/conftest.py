from tests.dashboard.conftest import dash  # noqa: F401 (the fixture province of the dashboard's tests)
