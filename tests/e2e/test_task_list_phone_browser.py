"""The task list on a phone (390 px) in a real browser: no horizontal scrolling, every task's status in view
(each row a card, each cell under its column's name). Saves test-artifacts/tasks-390.png."""

import pytest

from tests.e2e.conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("who", ["office", "focal_culture"])
def test_the_task_list_fits_a_phone(who, province, live_server, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, province["users"][who])
    page.goto(f"{live_server.url}/nhiem-vu/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    statuses = page.locator("table.data td[data-label='Tình trạng']")
    assert statuses.count() >= 2
    for i in range(statuses.count()):
        cell = statuses.nth(i)
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert cell.locator(".badge").first.is_visible()
    # The column's name is shown beside the value, the name of the task is a link in view.
    assert "Tình trạng" in page.evaluate(
        "getComputedStyle(document.querySelector(\"td[data-label='Tình trạng']\"), '::before').content")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"tasks-{who}-390.png"), full_page=True)
