"""The small synthetic country (two provinces, a few hundred tasks) generated on the fixture day."""

import pytest


@pytest.fixture
def synth_small(db, frozen_today):
    from giamsat.synth import SCALES, generate

    return generate(SCALES["small"], seed=7, as_of=frozen_today)


def regenerate(scale, *, seed: int, as_of):
    """Generate inside a savepoint and roll it back after the caller's block (see `generated`)."""
    from giamsat.synth import generate

    return generate(scale, seed=seed, as_of=as_of)
