"""The calendar feed (ADR 0041): a secret address per user, no session needed, GET only; the deadlines of
the tasks the user's organization leads or coordinates and its report due dates, as all-day events that a
real iCalendar parser reads; revoked or made again, the old address is not found."""

import datetime as dt
import re
import unicodedata

import icalendar
import pytest

from giamsat.audit.models import AuditEntry
from giamsat.calendars.models import CalendarFeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods(province, frozen_today):
    from giamsat.reporting.models import ReportingRule
    from giamsat.reporting.period_services import periods_open

    ReportingRule.objects.create(document=province["doc"], frequency="monthly", due_day=15,
                                 recipient=province["orgs"]["office"], recipient_text="Văn phòng UBND tỉnh")
    periods_open(frozen_today)


def _new_address(client, user) -> str:
    client.force_login(user)
    page = client.post("/tai-khoan/lich-han/tao-moi/").content.decode()
    path = re.search(r"<code>http://testserver(/lich/[^<]+\.ics)</code>", page).group(1)
    client.logout()
    return path


def _events(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def test_the_feed_holds_the_organizations_deadlines_without_a_session(client, province, periods):
    path = _new_address(client, province["users"]["focal_science"])
    before = AuditEntry.objects.count()
    events = _events(client.get(path))  # anonymous: the address is the key
    assert AuditEntry.objects.count() == before  # reading writes nothing
    summaries = sorted(events)
    assert "Hạn nhiệm vụ 2 (chủ trì): Xây dựng nền tảng dữ liệu" in summaries
    assert "Hạn nhiệm vụ 1 (phối hợp): Tuyên truyền mục tiêu của tỉnh" in summaries
    assert "Hạn nhiệm vụ 3 (chủ trì): Hội nghị chuyên đề" in summaries
    task2 = events["Hạn nhiệm vụ 2 (chủ trì): Xây dựng nền tảng dữ liệu"]
    assert task2.decoded("DTSTART") == dt.date(2026, 3, 31)  # all-day: a date, not a time
    assert task2.decoded("DTEND") == dt.date(2026, 4, 1)
    assert "Kế hoạch số 2653/KH-UBND" in str(task2["DESCRIPTION"])
    report = events["Hạn gửi báo cáo Tháng 01/2026"]
    assert report.decoded("DTSTART") == dt.date(2026, 1, 15)
    assert all(unicodedata.is_normalized("NFC", s) for s in summaries)
    assert all(len(line.encode()) <= 75 for line in response_lines(client.get(path)))


def response_lines(response):
    text = response.content.decode()
    assert text.endswith("\r\n")
    return text.split("\r\n")


def test_an_agency_sees_only_its_own_tasks_in_its_feed(client, province, periods):
    path = _new_address(client, province["users"]["focal_culture"])
    summaries = set(_events(client.get(path)))
    assert not any("Xây dựng nền tảng dữ liệu" in s for s in summaries)  # Sở KH&CN's alone
    assert "Hạn nhiệm vụ 1 (chủ trì): Tuyên truyền mục tiêu của tỉnh" in summaries


def test_revoked_or_replaced_addresses_are_not_found_and_the_feed_is_read_only(client, province, periods):
    user = province["users"]["focal_culture"]
    first = _new_address(client, user)
    second = _new_address(client, user)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert client.get("/lich/khong-phai-dia-chi-that.ics").status_code == 404
    assert client.post(second).status_code == 405
    client.force_login(user)
    profile = client.get("/tai-khoan/").content.decode()
    assert f"/lich/{CalendarFeed.objects.get(user=user).key_prefix}…" in profile
    client.post("/tai-khoan/lich-han/thu-hoi/")
    client.logout()
    assert client.get(second).status_code == 404 and not CalendarFeed.objects.exists()
    assert AuditEntry.objects.filter(event__in=["calendar_feed_created", "calendar_feed_revoked"]).count() == 3


def test_a_deactivated_user_s_feed_is_not_found(client, province, periods):
    user = province["users"]["focal_culture"]
    path = _new_address(client, user)
    user.is_active = False
    user.save()
    assert client.get(path).status_code == 404


def test_the_office_sees_every_report_due_date_it_can_see(client, province, periods):
    path = _new_address(client, province["users"]["office"])
    summaries = set(_events(client.get(path)))
    assert "Hạn gửi báo cáo Tháng 01/2026" in summaries
    assert not any(s.startswith("Hạn nhiệm vụ") for s in summaries)  # the office leads no task here
