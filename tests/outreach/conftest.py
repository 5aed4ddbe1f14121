import pytest


@pytest.fixture(autouse=True)
def channels(db):
    """The plans' channels, which the migration seeds but a test that flushes tables (transaction=True)
    removes for the tests after it in the same process."""
    from giamsat.outreach.services import ensure_default_channels

    ensure_default_channels()
