"""Refill and return of a report's draft, and the office told of an arrival (#21)."""

import datetime as dt

import pytest

from giamsat.core.errors import ApplicationError, PermissionDeniedError
from giamsat.reporting.drafting import merge_text, report_refill, report_return
from giamsat.reporting.models import Notification, Report
from giamsat.reporting.services import report_approve, report_get_or_create_draft, report_send, report_update
from giamsat.tasks.services import progress_update_create

pytestmark = pytest.mark.django_db


def test_merge_keeps_what_was_written():
    assert merge_text("Tôi viết.\n- A", "- A\n- B") == ("Tôi viết.\n- A\n- B", 1)
    assert merge_text("Không phát sinh.", "- B") == ("- B", 1)
    assert merge_text("Tôi viết.", "Không phát sinh.") == ("Tôi viết.", 0)


def test_refill_return_approve_send(province, periods, client, bearer):
    users = province["users"]
    report = report_get_or_create_draft(user=users["focal_culture"], period=periods["2026-01"])
    report = report_update(user=users["focal_culture"], report=report, lock_version=report.lock_version,
                           results="Phần tự viết.")
    report, added = report_refill(user=users["focal_culture"], report=report)
    assert added == 0 and report.results == "Phần tự viết."
    progress_update_create(user=users["focal_culture"], task=province["tasks"]["culture"], state="in_progress",
                           narrative="Hội nghị 245 đại biểu", reported_on=dt.date(2026, 1, 9))
    report, added = report_refill(user=users["focal_culture"], report=report)
    assert added >= 1 and report.results.startswith("Phần tự viết.") and "Hội nghị 245 đại biểu" in report.results

    with pytest.raises(PermissionDeniedError):
        report_return(user=users["focal_culture"], report=report, comment="Sửa")
    with pytest.raises(ApplicationError, match="Hãy ghi ý kiến"):
        report_return(user=users["head_culture"], report=report, comment="  ")
    answer = client.post(f"/api/v1/reports/{report.pk}/return", {"comment": "Bổ sung kinh phí."},
                         content_type="application/json", **bearer(users["head_culture"]))
    assert answer.status_code == 200 and answer.json()["returned_comment"] == "Bổ sung kinh phí."
    assert Notification.objects.filter(user=users["focal_culture"], message__contains="trả lại").exists()
    report = Report.objects.get(pk=report.pk)
    assert report.state == Report.State.DRAFT and report.returned_by == users["head_culture"]

    report = report_approve(user=users["head_culture"], report=report)
    assert report.returned_comment == ""
    report_send(user=users["head_culture"], report=report)
    assert Notification.objects.filter(user=users["office"], message__contains="đã gửi báo cáo").exists()
    with pytest.raises(ApplicationError, match="đã gửi"):
        report_refill(user=users["focal_culture"], report=Report.objects.get(pk=report.pk))
