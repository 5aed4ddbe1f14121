"""The three alert levels sent through the one dispatcher (tasks.alert_notices, ADR 0041): yellow to the
lead agency, red to its heads, special red to the level that assigned the task; each task announced once
per level and due date."""

import datetime as dt

import pytest

from giamsat.notify.models import Delivery
from giamsat.reporting.models import Notification
from giamsat.tasks.alert_notices import alerts_notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def head_science(province):
    from giamsat.accounts.models import User

    return User.objects.create(username="ld-skhcn", role="head", organization=province["orgs"]["science"])


def _notes(user):
    return list(Notification.objects.filter(user=user).order_by("id").values_list("message", flat=True))


def test_each_level_reaches_who_must_act_once(province, head_science):
    users = province["users"]
    # Task 2 of Sở KH&CN is due 31/03/2026 with nothing reported.
    assert alerts_notify(dt.date(2026, 3, 29)) == 1
    assert _notes(users["focal_science"]) == ["Cảnh báo vàng: 1 nhiệm vụ sắp đến hạn chưa có sản phẩm"]
    assert _notes(head_science) == ["Cảnh báo vàng: 1 nhiệm vụ sắp đến hạn chưa có sản phẩm"]
    assert _notes(users["focal_culture"]) == []  # its tasks are far from their deadlines
    assert alerts_notify(dt.date(2026, 3, 30)) == 0  # still yellow: not again
    assert alerts_notify(dt.date(2026, 3, 31)) == 1
    assert _notes(head_science)[-1] == "Cảnh báo đỏ: 1 nhiệm vụ đến hạn chưa hoàn thành"
    assert len(_notes(users["focal_science"])) == 1  # red goes to the heads only
    assert alerts_notify(dt.date(2026, 4, 3)) == 1
    # Special red: the issuer of the plan (UBND tỉnh), whose account here is the provincial leader's.
    assert _notes(users["leader"]) == ["Đỏ đặc biệt: 1 nhiệm vụ quá hạn kéo dài"]
    row = Delivery.objects.filter(user=users["leader"], channel="in_app").get()
    assert row.kind == "alert" and "Xây dựng nền tảng dữ liệu" in row.text and "quá hạn 3 ngày" in row.text
    assert alerts_notify(dt.date(2026, 4, 3)) == 0
