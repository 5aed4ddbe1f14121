"""A periodic report in a real browser (#21): the focal point's draft is refilled from a progress update posted
after it was created, keeping what the author wrote; the head returns it with a comment (trả lại) and the focal
point sees the comment and a notification; approved and sent, the office is notified that it arrived."""

import datetime as dt

import pytest

from tests.e2e.conftest import ARTIFACTS, log_in, log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def period(province, frozen_today):
    from giamsat.reporting.models import ReportingRule
    from giamsat.reporting.period_services import periods_open

    rule = ReportingRule.objects.create(document=province["doc"], frequency="monthly", due_day=15,
                                        recipient=province["orgs"]["office"], recipient_text="Văn phòng UBND tỉnh")
    periods_open(frozen_today)
    return rule.periods.get(key="2026-01")


def _log_out(page):
    log_out(page)
    page.wait_for_url(lambda url: "/dang-nhap/" in url)


def test_report_refill_return_and_arrival(province, period, live_server, browser_page):
    from giamsat.reporting.services import report_get_or_create_draft
    from giamsat.tasks.services import progress_update_create

    page, users = browser_page, province["users"]
    report = report_get_or_create_draft(user=users["focal_culture"], period=period)
    log_in(page, live_server, users["focal_culture"])
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    page.wait_for_selector("textarea[name=results]")
    page.fill("textarea[name=results]", "Đoạn do đầu mối tự viết về hội nghị quán triệt.")
    page.click("form.rp-form button[type=submit]")
    page.wait_for_load_state()
    report_url = page.url

    # An update posted after the draft was created...
    progress_update_create(user=users["focal_culture"], task=province["tasks"]["culture"], state="in_progress",
                           narrative="Tổ chức hội nghị 245 đại biểu về chuyển đổi số", reported_on=dt.date(2026, 1, 9))
    page.goto(report_url)
    page.click("form[action$='/cap-nhat-tu-tien-do/'] button[type=submit]")
    page.wait_for_load_state()
    results = page.input_value("textarea[name=results]")
    assert "Đoạn do đầu mối tự viết về hội nghị quán triệt." in results  # what the author wrote is kept
    assert "hội nghị 245 đại biểu" in results  # ...and the new update is in
    _log_out(page)

    # The head returns it with a comment.
    log_in(page, live_server, users["head_culture"])
    page.goto(report_url)
    page.fill("form[action$='/tra-lai/'] textarea[name=comment]", "Bổ sung số liệu kinh phí đã sử dụng.")
    page.click("form[action$='/tra-lai/'] button[type=submit]")
    page.wait_for_load_state()
    assert "Đã trả lại báo cáo" in page.content()
    _log_out(page)

    log_in(page, live_server, users["focal_culture"])
    page.goto(report_url)
    assert "Bổ sung số liệu kinh phí đã sử dụng." in page.content()
    page.goto(f"{live_server.url}/bao-cao/thong-bao/")
    assert "trả lại" in page.content() and "Bổ sung số liệu kinh phí" in page.content()
    ARTIFACTS.mkdir(exist_ok=True)
    _log_out(page)

    # Approved and sent by the head: the office learns it arrived.
    log_in(page, live_server, users["head_culture"])
    page.goto(report_url)
    page.click("form[action$='/duyet/'] button[type=submit]")
    page.wait_for_load_state()
    page.click("form[action$='/gui/'] button[type=submit]")
    page.wait_for_load_state()
    _log_out(page)
    log_in(page, live_server, users["office"])
    page.goto(f"{live_server.url}/bao-cao/thong-bao/")
    assert "đã gửi báo cáo Tháng 1/2026" in page.content() or "đã gửi báo cáo Tháng 01/2026" in page.content()
    page.screenshot(path=str(ARTIFACTS / "report-return.png"), full_page=True)
