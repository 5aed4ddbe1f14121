"""The synthetic country carries feedback in every state (the benchmark's office list and public lookup)."""

import pytest

pytestmark = pytest.mark.django_db


def test_synthetic_feedback_is_routed_answered_and_published(frozen_today):
    from giamsat.feedback.models import Feedback
    from giamsat.feedback.selectors import public_lookup
    from giamsat.synth import SCALES, generate

    result = generate(SCALES["small"], seed=7, as_of=frozen_today)
    items = Feedback.objects.all()
    assert items.count() == 2 * SCALES["small"].feedback_items
    assert len(set(items.values_list("tracking_code", flat=True))) == items.count()
    assert {"received", "routed", "answered", "closed"} <= set(items.values_list("state", flat=True))
    assert not items.filter(is_demo=False).exists()
    assert not items.filter(state="routed", routed_to__isnull=True).exists()
    found, _ = public_lookup(result.handles["feedback_code"])
    assert found.status == "closed" and found.answer
