"""Reporting fixtures on top of the shared province (tests/conftest.py), which lives on 10/01/2026.

The province's plan 2653/KH-UBND gets a monthly rule (due on the 15th, to the provincial office). Its
reporters are the lead organizations of its tasks: Sở VHTTDL and Sở KH&CN. On 10/01/2026 the open
periods are Tháng 12/2025 (due 15/12/2025, overdue) and Tháng 01/2026 (due 15/01/2026).
"""

import datetime as dt

import pytest

from tests.conftest import PASSWORD


@pytest.fixture
def rule(province):
    from giamsat.reporting.models import ReportingRule

    return ReportingRule.objects.create(
        document=province["doc"],
        frequency="monthly",
        due_day=15,
        recipient=province["orgs"]["office"],
        recipient_text="Văn phòng UBND tỉnh",
    )


@pytest.fixture
def head_science(province):
    from giamsat.accounts.models import User

    user = User(username="ld-skhcn", role="head", organization=province["orgs"]["science"])
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def periods(rule, frozen_today):
    """key → period, after opening the periods up to the fixture's today."""
    from giamsat.reporting.period_services import periods_open

    periods_open(frozen_today)
    return {p.key: p for p in rule.periods.all()}


@pytest.fixture
def cycle(province, periods, head_science):
    """Tháng 01/2026 of Sở VHTTDL drafted from an update, approved and sent on time."""
    from giamsat.reporting.services import report_approve, report_get_or_create_draft, report_send
    from giamsat.tasks.services import progress_update_create

    users = province["users"]
    progress_update_create(
        user=users["focal_culture"],
        task=province["tasks"]["culture"],
        state="in_progress",
        percent=40,
        narrative="Đăng 12 tin, bài trên Cổng thông tin điện tử",
        difficulties="Thiếu kinh phí in ấn tài liệu",
        proposals="Đề nghị bổ sung kinh phí",
        reported_on=dt.date(2026, 1, 5),
    )
    report = report_get_or_create_draft(user=users["focal_culture"], period=periods["2026-01"])
    report = report_approve(user=users["head_culture"], report=report)
    report = report_send(user=users["head_culture"], report=report)
    return {"report": report, "period": periods["2026-01"], "periods": periods, "head_science": head_science}
