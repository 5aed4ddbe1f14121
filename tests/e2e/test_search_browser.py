"""Search from the header box in a real browser (Playwright, Debian's chromium): typed without diacritics,
found with them, the link opens the task. Saves test-artifacts/search.png."""

import pytest

from tests.e2e.conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_official_searches_without_diacritics_from_any_page(province, live_server, browser_page):
    page = browser_page
    log_in(page, live_server, province["users"]["focal_culture"])

    page.goto(f"{live_server.url}/van-ban/")
    page.fill("#sitesearch-q", "tuyen truyen muc tieu")
    page.press("#sitesearch-q", "Enter")
    page.wait_for_url(lambda url: "/tim-kiem/" in url)
    assert "Tìm thấy 1 kết quả" in page.content()
    link = page.locator("ul.results a", has_text="Tuyên truyền mục tiêu của tỉnh")
    assert link.count() == 1
    assert page.input_value("#sitesearch-q") == "tuyen truyen muc tieu"  # the box keeps the query
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
    link.click()
    page.wait_for_url(lambda url: f"/nhiem-vu/{province['tasks']['culture'].pk}/" in url)
    assert "Tuyên truyền mục tiêu của tỉnh" in page.locator("h1").inner_text()

    # Another agency's task is not found, even by its exact name.
    page.fill("#sitesearch-q", "Xây dựng nền tảng dữ liệu")
    with page.expect_navigation():
        page.press("#sitesearch-q", "Enter")
    assert "/tim-kiem/" in page.url and "Nhiệm vụ (0)" in page.content()
