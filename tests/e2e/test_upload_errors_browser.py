"""Upload errors are visible with JavaScript on (#21): the import page sends its file in the background (to
show progress); the answer's message ("Tệp rỗng…") must reach the screen, not be consumed by that request."""

import pytest

from tests.e2e.conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BAD = [
    ("rong.docx", b"", "Tệp rỗng"),
    ("chuong-trinh.exe", b"MZ" + bytes(range(1, 32)) * 20, "không được hỗ trợ"),
    ("gia-mao.docx", b"PK\x03\x04" + bytes(range(256)) * 4, "hỏng"),
]


def test_import_page_shows_upload_errors(province, live_server, browser_page):
    page = browser_page
    log_in(page, live_server, province["users"]["office"])
    for name, data, words in BAD:
        page.goto(f"{live_server.url}/nhap-van-ban/")
        page.set_input_files("input[name=file]", files=[{"name": name, "mimeType": "application/octet-stream",
                                                         "buffer": data}])
        page.click("form[data-upload-progress] button[type=submit]")
        message = page.locator("ul.messages li.error")
        message.wait_for(timeout=15000)
        assert words in message.inner_text(), (name, message.inner_text())
        assert page.url.endswith("/nhap-van-ban/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "upload-error.png"), full_page=True)
    # still a working page afterwards: the next upload goes through the same script
    page.set_input_files("input[name=file]", files=[{"name": "rong.docx", "mimeType": "text/plain", "buffer": b""}])
    page.click("form[data-upload-progress] button[type=submit]")
    page.locator("ul.messages li.error").wait_for(timeout=15000)
