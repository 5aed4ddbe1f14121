"""The header in a real browser (Playwright, Debian's chromium): one line at 1366 px for the office, an
agency and a leader, its menus open and lead to pages; at 390 px it collapses behind the menu button.
Saves test-artifacts/header-*.png."""

import pytest

from tests.e2e.conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ONE_LINE = 80  # px: the bar of brand, menus, search and user on one line (316 px before the menus)


def _header_height(page) -> float:
    return page.evaluate("document.querySelector('header.site').getBoundingClientRect().height")


@pytest.mark.parametrize("who", ["office", "focal_culture", "leader"])
def test_the_header_fits_one_line_at_1366(who, province, live_server, browser_page):
    page = browser_page
    log_in(page, live_server, province["users"][who])
    page.goto(f"{live_server.url}/nhiem-vu/")
    height = _header_height(page)
    assert height < ONE_LINE, f"{who}: header {height} px tall"
    # Nothing of the bar is cut off or pushed out of the window.
    bar = page.evaluate("(() => { const b = document.querySelector('header.site .bar');"
                        " return [b.scrollWidth, b.clientWidth, b.getBoundingClientRect().right]; })()")
    assert bar[0] <= bar[1] and bar[2] <= 1366, bar
    # A menu opens on click and leads to its page.
    page.click("details.menu summary:has-text('Nhiệm vụ')")
    page.click("details.menu[open] a:has-text('Văn bản')")
    page.wait_for_url(lambda url: "/van-ban/" in url)
    ARTIFACTS.mkdir(exist_ok=True)
    page.click("details.menu summary:has-text('Báo cáo')")
    page.screenshot(path=str(ARTIFACTS / f"header-{who}-1366.png"))


def test_the_menus_follow_the_route_table(province, live_server, browser_page):
    """The office sees the import and history entries; an agency's focal point does not."""
    page = browser_page
    log_in(page, live_server, province["users"]["office"])
    page.goto(f"{live_server.url}/")
    assert page.locator("header.site a[href='/nhap-van-ban/']").count() == 1 or \
        page.locator("header.site a:has-text('Nhập văn bản')").count() == 1
    assert page.locator("header.site a:has-text('Lịch sử thay đổi')").count() == 1
    page.context.clear_cookies()
    log_in(page, live_server, province["users"]["focal_culture"])
    page.goto(f"{live_server.url}/")
    assert page.locator("header.site a:has-text('Nhập văn bản')").count() == 0
    assert page.locator("header.site a:has-text('Lịch sử thay đổi')").count() == 0


def test_the_header_collapses_behind_a_button_on_a_phone(province, live_server, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, province["users"]["office"])
    page.goto(f"{live_server.url}/nhiem-vu/")
    toggle = page.locator("button.menu-toggle")
    assert toggle.is_visible()
    assert not page.locator("#site-menus").is_visible()
    assert _header_height(page) < ONE_LINE
    assert page.evaluate("document.querySelector('header.site').scrollWidth") <= 390
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#site-menus").is_visible()
    page.click("details.menu summary:has-text('Báo cáo')")
    assert page.locator("details.menu[open] a:has-text('Lịch báo cáo')").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "header-office-390.png"), full_page=True)
    page.click("details.menu[open] a:has-text('Lịch báo cáo')")
    page.wait_for_url(lambda url: url.rstrip("/") != f"{live_server.url}/nhiem-vu")
