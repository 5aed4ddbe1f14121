"""The monitoring office merges two departments in a real browser (Playwright, Debian's chromium): the form,
the preview of what moves and what stays, then the commit; the task shows where it came from. Saves
test-artifacts/reorganization-preview.png."""

import pytest

from tests.e2e.conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_preview_then_commit_a_merge(reorg, live_server, browser_page):
    from giamsat.organizations.models import Reorganization

    page = browser_page
    o, t = reorg["orgs"], reorg["tasks"]
    log_in(page, live_server, reorg["users"]["office"])
    page.goto(f"{live_server.url}/co-quan/")
    page.click("text=Sắp xếp cơ quan, đơn vị")
    page.wait_for_url(lambda url: "/sap-xep-co-quan/" in url)
    page.select_option("select[name=kind]", "merge")
    page.select_option("select[name=predecessors]", [str(o["culture"].pk)])
    page.select_option("select[name=successors]", [str(o["merged"].pk)])
    page.fill("input[name=effective_date]", "01/01/2026")
    page.fill("input[name=document_number]", "05/NQ-HĐND")
    page.fill("input[name=document_date]", "20/12/2025")
    page.fill("input[name=document_issuer]", "HĐND tỉnh Lai Châu")
    page.click("button[value=preview]")
    page.wait_for_selector("#preview")
    preview = page.locator("#preview").inner_text()
    assert "Những gì được chuyển" in preview and t["culture"].name in preview
    assert "Lễ phát động đã xong" in preview  # the done task stays: listed under what stays
    assert "01/01/2026" in preview
    assert not Reorganization.objects.exists()  # a preview writes nothing
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reorganization-preview.png"), full_page=True)

    page.click("button[value=commit]")
    page.wait_for_selector("ul.messages li.success")
    assert "Đã áp dụng" in page.locator("ul.messages").inner_text()
    assert "05/NQ-HĐND" in page.locator("#decisions").inner_text()
    assert Reorganization.objects.get().state == "applied"

    page.goto(f"{live_server.url}/nhiem-vu/{t['culture'].pk}/")
    assert "chuyển từ Sở Văn hóa, Thể thao và Du lịch" in page.content()
