"""The browser for end-to-end tests: Playwright's Python package driving Debian's chromium (no downloaded
browser); tests using `browser_page` are skipped where either is missing."""

import os
import shutil
from pathlib import Path

import pytest

from tests.dashboard.conftest import dash  # noqa: F401  (the fixture province of the dashboard tests)
from tests.evaluation.conftest import evaluated, published  # noqa: F401  (the evaluated fixture province)
from tests.organizations.conftest import reorg  # noqa: F401  (the province with units to reorganize)

CHROMIUM = os.environ.get("GIAMSAT_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="package")
def browser():
    """One chromium for the browser tests of a worker (starting it costs about a second); each test has its own
    context (cookies, storage, viewport), as a new browser would give it."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright Python package is not installed"
    )
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"no chromium at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread; the database is only used by the server thread.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield browser
            browser.close()


@pytest.fixture
def browser_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    yield page
    # The server's requests of this page (an icon, a style sheet the test did not wait for) end before the
    # test's data is emptied: one still reading locks SQLite's shared in-memory tables under the flush.
    page.wait_for_load_state("networkidle", timeout=15000)
    context.close()


def log_in(page, live_server, user) -> None:
    """Through the login form, as a person does (the fixture users share one password)."""
    from tests.conftest import PASSWORD

    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)


def log_out(page) -> None:
    """Through the user's menu in the header (its name), as a person does."""
    page.click("details.usermenu summary")
    page.click("form[action='/dang-xuat/'] button")
