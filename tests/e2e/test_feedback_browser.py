"""Feedback end to end in a real browser (Playwright, Debian's chromium): a citizen submits on the public
form and gets a tracking code, the office routes it, the agency answers, the office publishes, the citizen
looks it up and reads the answer — never anyone's personal data. Saves test-artifacts/feedback.png."""

import re

import pytest

from tests.e2e.conftest import ARTIFACTS, log_in, log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_citizen_office_agency_office_citizen(province, live_server, browser_page):
    page = browser_page
    users, culture = province["users"], province["orgs"]["culture"]

    page.goto(f"{live_server.url}/phan-anh-kien-nghi/")
    page.check("input[name=kind][value=complaint]")
    page.fill("input[name=subject]", "Điểm phát wifi công cộng tại nhà văn hóa bản không hoạt động")
    page.fill("textarea[name=content]", "Từ tháng trước, điểm wifi tại nhà văn hóa bản Thẳm không truy cập được.")
    page.fill("input[name=name]", "Vàng A Sử")
    page.fill("input[name=contact]", "vangasu@example.vn")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(lambda url: "/tra-cuu/" in url)
    code = page.locator(".tracking-code").inner_text()
    assert re.fullmatch(r"PA[A-Z0-9]{8}", code)

    log_in(page, live_server, users["office"])
    page.goto(f"{live_server.url}/phan-anh/?q={code}")
    page.click(f"text={code}")
    route = page.locator("form[action$='/chuyen-xu-ly/']")
    route.locator("select[name=agencies]").select_option(str(culture.pk))
    route.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã chuyển cơ quan xử lý." in page.content()
    detail_url = page.url
    log_out(page)

    log_in(page, live_server, users["focal_culture"])
    page.goto(detail_url)
    assert "vangasu@example.vn" not in page.content() and "Vàng A Sử" not in page.content()
    answer = page.locator("form[action$='/tra-loi/']")
    answer.locator("textarea[name=answer]").fill("Sở đã phối hợp nhà mạng khắc phục, điểm wifi hoạt động lại.")
    answer.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã gửi câu trả lời" in page.content()
    log_out(page)

    log_in(page, live_server, users["office"])
    page.goto(detail_url)
    page.locator("form[action$='/cong-khai/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã cập nhật công khai" in page.content()
    log_out(page)

    page.goto(f"{live_server.url}/phan-anh-kien-nghi/tra-cuu/")
    page.fill("input[name=ma]", code)
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    content = page.content()
    assert "điểm wifi hoạt động lại" in content and culture.name in content and "Đã kết thúc" in content
    assert "vangasu@example.vn" not in content and "Vàng A Sử" not in content
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "feedback.png"), full_page=True)
    page.goto(f"{live_server.url}/phan-anh-kien-nghi/tra-loi/")
    assert "điểm wifi hoạt động lại" in page.content() and "Vàng A Sử" not in page.content()
