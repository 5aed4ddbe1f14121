"""Search finds the words of a progress update's narrative, from the header box, in a real browser; the link
opens the task at that update. Saves test-artifacts/search-update.png."""

import pytest

from tests.e2e.conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_office_finds_an_updates_narrative(province, live_server, browser_page):
    from giamsat.tasks.services import progress_update_create

    task = province["tasks"]["culture"]
    update = progress_update_create(user=province["users"]["focal_culture"], task=task, state="in_progress",
                                    percent=50, narrative="Tổ chức hội nghị quán triệt với 245 đại biểu tham dự")
    page = browser_page
    log_in(page, live_server, province["users"]["office"])
    page.fill("#sitesearch-q", "hoi nghi 245")
    page.press("#sitesearch-q", "Enter")
    page.wait_for_url(lambda url: "/tim-kiem/" in url)
    section = page.locator("section", has=page.locator("h2", has_text="Cập nhật tiến độ (1)"))
    assert section.count() == 1
    assert "245 đại biểu" in section.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-update.png"), full_page=True)
    section.locator("a").first.click()
    page.wait_for_url(lambda url: f"/nhiem-vu/{task.pk}/" in url and f"#cap-nhat-{update.pk}" in url)
    assert page.locator(f"#cap-nhat-{update.pk}").is_visible()
