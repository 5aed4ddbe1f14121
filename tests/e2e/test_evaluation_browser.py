"""From the ranking to an agency's breakdown to a task, in a real browser (Playwright, Debian's chromium), as a
provincial leader. Saves test-artifacts/evaluation.png."""

import pytest

from tests.e2e.conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_leader_drills_down_from_the_ranking_to_a_task(published, live_server, browser_page):
    page = browser_page
    evaluation, task_b = published["evaluation"], published["tasks"]["b"]
    log_in(page, live_server, published["users"]["leader"])

    page.goto(f"{live_server.url}/danh-gia/")
    page.click(f"a[href='/danh-gia/{evaluation.pk}/']")
    page.wait_for_url(lambda url: f"/danh-gia/{evaluation.pk}/" in url)
    rows = page.locator("#xep-hang tbody tr")
    assert rows.count() == 3
    assert "Sở Tư pháp" in rows.nth(0).inner_text() and "70,77" in rows.nth(2).inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "evaluation.png"), full_page=True)

    rows.nth(2).locator("a").click()
    page.wait_for_url(lambda url: "/don-vi/" in url)
    assert "70,77 điểm, xếp loại C" in page.content()
    page.locator("a", has_text="Sàn giao dịch công nghệ").first.click()
    page.wait_for_url(lambda url: f"/nhiem-vu/{task_b.pk}/" in url)
    assert "Sàn giao dịch công nghệ" in page.locator("h1").inner_text()
