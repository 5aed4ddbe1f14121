"""Targeted urging in a real browser (#21): the office urges an agency from its page in its own words, sees
it in the history, downloads the urging letter (DOCX, opened with python-docx); the agency is notified.
Saves test-artifacts/urging.png."""

import io

import pytest
from docx import Document as Docx

from tests.e2e.conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_office_urges_an_agency_and_downloads_the_letter(province, live_server, browser_page):
    from giamsat.core.actors import SYSTEM
    from giamsat.reporting.models import Notification
    from giamsat.tasks.services import task_create

    culture = province["orgs"]["culture"]
    task_create(actor=SYSTEM, document=province["doc"], number="9", name="Số hóa tài liệu lưu trữ",
                deadline_text="Tháng 12/2025", leads=[culture])  # overdue on the fixture's day
    page = browser_page
    log_in(page, live_server, province["users"]["office"])
    page.goto(f"{live_server.url}/co-quan/{culture.pk}/")
    page.fill("#urge-text", "Đề nghị Sở hoàn thành số hóa tài liệu trước ngày 20/01/2026.")
    page.click("form.urge-form button[type=submit]")
    page.wait_for_url(lambda url: f"/co-quan/{culture.pk}/" in url)
    assert "Đã gửi đôn đốc" in page.locator("ul.messages").inner_text()
    history = page.locator("table.urging-history")
    assert "Đôn đốc trực tiếp" in history.inner_text() and "trước ngày 20/01/2026" in history.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "urging.png"), full_page=True)
    assert Notification.objects.filter(user=province["users"]["focal_culture"]).count() == 1

    page.fill("#letter-text", "Thực hiện chỉ đạo của Chủ tịch UBND tỉnh, đề nghị Sở khẩn trương.")
    with page.expect_download() as download:
        page.click("form.urge-letter button[type=submit]")
    word = Docx(io.BytesIO(open(download.value.path(), "rb").read()))
    assert download.value.suggested_filename == "cong-van-don-doc.docx"
    left, right = word.tables[0].rows[0].cells
    assert "ỦY BAN NHÂN DÂN" in left.text and "Số:        /UBND-VP" in left.text and "V/v đôn đốc" in left.text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right.text
    paragraphs = [p.text for p in word.paragraphs]
    assert "Kính gửi: Sở Văn hóa, Thể thao và Du lịch." in paragraphs
    assert "Thực hiện chỉ đạo của Chủ tịch UBND tỉnh, đề nghị Sở khẩn trương." in paragraphs
    assert any(p.startswith("- Số hóa tài liệu lưu trữ (Kế hoạch số 2653/KH-UBND") for p in paragraphs)
    assert "TM. ỦY BAN NHÂN DÂN" in word.tables[-1].rows[0].cells[1].text
