"""Demo activity on the plan: realistic, labelled, reproducible (its speed is the bench's, not a test's)."""

import pytest

from giamsat.accounts.models import User
from giamsat.demo.activity import build_activity
from giamsat.reporting.models import Reminder, Report
from giamsat.tasks.models import ProgressUpdate
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_build_activity(province, rule, frozen_today):
    summary = build_activity(frozen_today, password=PASSWORD)
    assert any("cập nhật tiến độ" in line for line in summary)
    # A head for Sở KH&CN, which had none; existing demo users are reused.
    head = User.objects.get(username="dm-skhcn-ld")
    assert head.role == "head" and head.is_demo and head.check_password(PASSWORD)
    assert not User.objects.filter(username="dm-svhttdl").exists()
    updates = ProgressUpdate.objects.all()
    assert updates.exists() and all(u.is_demo for u in updates)
    assert all(u.reported_on < frozen_today for u in updates)
    reports = Report.objects.all()
    assert reports.exists() and all(r.is_demo for r in reports)
    sent = reports.filter(state="sent")
    assert sent.filter(is_late=False).count() > sent.filter(is_late=True).count()
    assert all(r.sent_at.date() < frozen_today and r.sent_by.role == "head" for r in sent)
    assert Reminder.objects.exists() and all(r.is_demo for r in Reminder.objects.all())
    lines = "\n".join(summary)
    assert "đúng hạn" in lines and "bản ghi đôn đốc" in lines
