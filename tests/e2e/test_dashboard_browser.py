"""The leaders' dashboard in a real browser: Playwright driving Debian's chromium against the live server.

Needs the `playwright` Python package (not its downloaded browsers) and /usr/bin/chromium; skipped otherwise.
Saves test-artifacts/dashboard.png.
"""

import re

import pytest

from tests.e2e.conftest import ARTIFACTS, log_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Every chart: a canvas with at least one non-white, non-transparent pixel, and a Chart.js instance.
CHARTS_DRAWN = """() => {
  const canvases = [...document.querySelectorAll('canvas[data-chart]')];
  return canvases.map(c => {
    const chart = window.Chart && window.Chart.getChart(c);
    const ctx = c.getContext('2d');
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) ink++;
    }
    return {id: c.id, kind: c.dataset.chart, chart: !!chart, width: c.width, height: c.height, ink: ink};
  });
}"""


def test_leader_sees_the_dashboard_charts(dash, live_server, browser_page):
    page = browser_page
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console: {msg.text}")
            if msg.type == "error" and "dashboard.js" in (msg.location or {}).get("url", "")
            else None
        ),
    )

    log_in(page, live_server, dash["users"]["leader"])

    # The first view computes the task figures and leaves the parts not kept (punctuality, indicators) to be
    # loaded after the page by its script (ADR 0059): they arrive, in place, with their charts drawn.
    served = page.goto(f"{live_server.url}/bang-dieu-khien/").text()
    assert served.count("data-phan=") == 2 and 'id="o-chi-tieu"' in served
    # Waited for with Playwright's own selectors: a polled `wait_for_function` evaluates its text in the page,
    # which the page's Content-Security-Policy (no 'unsafe-eval') refuses once the wait outlasts a first try.
    # A part's charts are drawn in the same task that puts it in place.
    expect(page.locator("[data-phan]")).to_have_count(0, timeout=15_000)
    assert page.locator("h1").inner_text() == "Bảng điều khiển"
    assert page.locator("#o-chi-tieu .n").inner_text() == "1"  # the headline box of the indicators off track
    charts = page.evaluate(CHARTS_DRAWN)
    kinds = {c["kind"] for c in charts}
    assert {"status", "groups", "orgs", "trend", "indicator"} <= kinds, charts
    assert len([c for c in charts if c["kind"] == "indicator"]) == 5
    blank = [c for c in charts if not (c["chart"] and c["width"] > 0 and c["ink"] > 200)]
    assert not blank, blank
    assert page.evaluate("window.giamsatCharts.length") == len(charts)
    # the PNG download of a chart is a real image
    assert page.evaluate(
        "Chart.getChart(document.getElementById('chart-status')).toBase64Image()"
    ).startswith("data:image/png;base64,")
    with page.expect_download() as download:
        page.click("[data-download='chart-status']")
    assert download.value.suggested_filename == "chart-status.png"
    # every number is a link: clicking the overdue count opens the list behind it
    assert page.locator("#tinh-trang table a[href='/nhiem-vu/?status=overdue']").inner_text() == "1"
    assert page.locator("table.heatmap td.hm-bad").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    assert (ARTIFACTS / "dashboard.png").stat().st_size > 20_000
    assert not problems, problems

    page.goto(f"{live_server.url}/cong-khai/")
    page.wait_for_function("window.giamsatCharts && window.giamsatCharts.length === 2")
    assert "Chỉ tiêu (2)" in page.content()


def test_the_early_warnings_fill_in_their_parts(dash, live_server, browser_page):
    """A cold view of the early warnings shows the task lists; the indicators, the missing reports and the
    number of items arrive after it, in place (ADR 0059)."""
    page = browser_page
    log_in(page, live_server, dash["users"]["office"])
    served = page.goto(f"{live_server.url}/canh-bao/").text()
    assert "data-phan=" in served and "đang tính số mục cần chú ý" in served
    expect(page.locator("[aria-busy=true]")).to_have_count(0, timeout=15_000)
    assert re.fullmatch(r"\d+ mục cần chú ý", page.locator("#o-tong").inner_text())
    assert page.locator("#phan-bao-cao table").count() == 1 and page.locator("#o-chi-tieu .n").inner_text() == "2"
