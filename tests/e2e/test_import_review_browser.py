"""The import review in a real browser (#21): a wrong field on Save or Commit keeps every other edit (agency
matches, unticked rows, due days), and dates go through the review and the commit as dd/mm/yyyy."""

import datetime as dt

import pytest

from tests.conftest import DEMO_SAMPLES
from tests.e2e.conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SEED = DEMO_SAMPLES / "001_e52419797d7d93ee.txt"


def test_review_keeps_edits_after_errors_and_takes_dd_mm_yyyy(province, live_server, browser_page):
    from giamsat.documents.models import Document
    from giamsat.imports.models import ImportJob

    page, science = browser_page, province["orgs"]["science"]
    log_in(page, live_server, province["users"]["office"])
    page.goto(f"{live_server.url}/nhap-van-ban/")
    page.set_input_files("input[name=file]", files=[{"name": "ke-hoach.txt", "mimeType": "text/plain",
                                                     "buffer": SEED.read_bytes()}])
    page.click("form[data-upload-progress] button[type=submit]")
    page.wait_for_selector("input[name=doc-date]")
    assert "Ngày (dd/mm/yyyy)" in page.content()
    job = ImportJob.objects.get()
    tasks_before = len(job.proposal["tasks"])

    # Edits everywhere, and one wrong field: a day that does not exist.
    page.select_option("select[name=agency-0-choice]", f"org:{science.pk}")
    page.uncheck("input[name=task-0-include]")
    page.select_option("select[name=new-rule-period]", index=1)
    page.fill("input[name=new-rule-due_day]", "5")
    page.fill("input[name=doc-date]", "31/02/2025")
    page.fill("textarea[name=doc-title]", "Kế hoạch tuyên truyền đã sửa")
    page.click("button[value=save]")
    page.wait_for_load_state()
    assert "Ngày văn bản không hợp lệ" in page.locator("ul.messages").inner_text()
    assert page.input_value("select[name=agency-0-choice]") == f"org:{science.pk}"
    assert not page.is_checked("input[name=task-0-include]")
    rules = page.locator("input[name$=-due_day][name^=rule-]")
    assert "5" in [rules.nth(i).input_value() for i in range(rules.count())]
    assert page.input_value("input[name=doc-date]") == "31/02/2025"  # as typed, to be corrected
    assert page.input_value("textarea[name=doc-title]") == "Kế hoạch tuyên truyền đã sửa"

    # Commit with another wrong field: a target year that cannot be; still nothing is lost.
    page.fill("input[name=doc-date]", "15/07/2025")
    page.fill("input[name=new-target-text]", "Tỷ lệ hồ sơ trực tuyến")
    page.fill("input[name=new-target-value]", "37,5")
    page.fill("input[name=new-target-year]", "1990")
    page.click("button[value=commit]")
    page.wait_for_load_state()
    assert "Năm mục tiêu" in page.locator("ul.messages").inner_text()
    assert page.input_value("input[name=doc-date]") == "15/07/2025"
    assert page.input_value("select[name=agency-0-choice]") == f"org:{science.pk}"
    assert not page.is_checked("input[name=task-0-include]")
    assert not Document.objects.filter(title="Kế hoạch tuyên truyền đã sửa").exists()
    targets = page.locator("input[name^=target-][name$=-year]")
    last = targets.count() - 1
    assert targets.nth(last).input_value() == "1990"
    assert page.input_value(f"input[name=target-{last}-value]") == "37,5"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "import-review-error.png"), full_page=True)

    targets.nth(last).fill("2030")
    page.click("button[value=commit]")
    page.wait_for_url(lambda url: "/van-ban/" in url)
    doc = Document.objects.get(title="Kế hoạch tuyên truyền đã sửa")
    assert doc.date == dt.date(2025, 7, 15)
    assert doc.tasks.count() < tasks_before  # the unticked row stayed out
    assert "15/07/2025" in page.content()
