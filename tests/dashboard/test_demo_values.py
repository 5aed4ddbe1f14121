"""The demo's indicator values: from the targets imported from seeds 002 and 003, every status appears."""

import datetime as dt
from pathlib import Path

import pytest

from giamsat.core.actors import SYSTEM

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "giamsat" / "demo" / "samples"


def test_demo_indicator_values_show_every_status():
    from giamsat.accounts.models import User
    from giamsat.demo.build import SEED_OVERRIDES, build_organizations, build_users
    from giamsat.demo.indicator_values import build_indicator_values
    from giamsat.imports.services import import_file_auto
    from giamsat.indicators.models import ExplanationRequest, Indicator, IndicatorValue
    from giamsat.indicators.selectors import indicator_list, public_indicators

    orgs = build_organizations()
    build_users(orgs, "Demo-mat-khau-2025")
    for name in ("002_150f1546667a957e.txt", "003_c389389e1134b9db.txt"):
        import_file_auto(path=SAMPLES / name, user=SYSTEM, overrides=SEED_OVERRIDES.get(name), is_demo=True)
    today = dt.date(2026, 11, 23)
    lines = build_indicator_values(today)
    assert lines and "14 chỉ tiêu" in lines[0]
    leader = User.objects.get(username="lanhdao")
    statuses = {i.code: i.assessment.status for i in indicator_list(leader, today=today)}
    assert set(statuses.values()) == {"achieved", "on_track", "at_risk", "off_track", "no_data"}, statuses
    assert all(i.responsible_id for i in Indicator.objects.all())
    assert all(v.is_demo for v in IndicatorValue.objects.all())
    assert set(IndicatorValue.objects.values_list("review", flat=True)) == {"verified", "pending", "rejected"}
    assert IndicatorValue.objects.filter(is_estimate=True).exists()
    assert ExplanationRequest.objects.filter(state="open").count() == 1
    published = public_indicators(today=today)
    assert 3 <= len(published) < Indicator.objects.count()
    # no value for a period not yet begun
    assert not IndicatorValue.objects.filter(period_end__gt=dt.date(2026, 12, 31)).exists()
