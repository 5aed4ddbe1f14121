"""Deadlines that mean something (issue #16): unreadable or before the plan refused everywhere they are entered,
no deadline only when continuous or chosen, recurring tasks shown with their current cycle's due date."""

import datetime as dt
import json

import pytest

from giamsat.core.actors import SYSTEM
from giamsat.tasks.deadlines import DeadlineError, checked
from giamsat.tasks.models import Task

pytestmark = pytest.mark.django_db
PLAN = dt.date(2025, 6, 6)


@pytest.mark.parametrize("text", ["30/02/2025", "ngày mai", "Tháng 13/2025", "32/01/2025", "sớm nhất có thể"])
def test_unreadable_deadline_text_is_refused(text):
    with pytest.raises(DeadlineError) as refused:
        checked(text, plan_date=PLAN)
    assert "không đọc được" in refused.value.message and text in refused.value.message


def test_a_deadline_before_the_plan_is_refused_but_a_recurring_one_is_read_from_its_year():
    with pytest.raises(DeadlineError) as refused:
        checked("Quý 1/2025", plan_date=PLAN)
    assert "31/03/2025" in refused.value.message and "06/06/2025" in refused.value.message
    assert checked("Hằng năm", plan_date=PLAN)["recurring"]


def test_no_deadline_only_when_continuous_or_chosen():
    with pytest.raises(DeadlineError) as refused:
        checked("", plan_date=PLAN)
    assert "Không có thời hạn" in refused.value.message
    assert checked("Thường xuyên", plan_date=PLAN)["no_deadline"] is False
    chosen = checked("", plan_date=PLAN, no_deadline=True)
    assert chosen["no_deadline"] and chosen["deadline_text"] == "Không có thời hạn" and chosen["due_date"] is None
    assert checked("không có thời hạn", plan_date=PLAN)["no_deadline"]
    assert checked("", plan_date=PLAN, empty_means_none=True)["no_deadline"]  # an import: the plan gives none


def test_the_edit_page_refuses_an_unreadable_deadline_and_keeps_the_old_one(client, province, login):
    task = province["tasks"]["culture"]
    client = login(province["users"]["office"])
    post = {"name": task.name, "number": task.number, "deadline_text": "30/02/2025", "lock_version": 0}
    page = client.post(f"/nhiem-vu/{task.pk}/sua/", post).content.decode()
    assert "không đọc được" in page
    assert Task.objects.get(pk=task.pk).due_date == dt.date(2026, 6, 30)
    post.update(deadline_text="", no_deadline="on")
    assert client.post(f"/nhiem-vu/{task.pk}/sua/", post).status_code == 302
    fresh = Task.objects.get(pk=task.pk)
    assert fresh.no_deadline and fresh.due_date is None and fresh.deadline_text == "Không có thời hạn"


@pytest.mark.parametrize("text,said", [("ngày mai", "không đọc được"), ("Tháng 1/2025", "trước ngày ban hành"),
                                       ("", "Chưa có thời hạn")])
def test_the_api_refuses_bad_deadlines(client, province, bearer, text, said):
    task = province["tasks"]["culture"]
    answer = client.patch(f"/api/v1/tasks/{task.pk}", json.dumps({"lock_version": 0, "deadline_text": text}),
                          content_type="application/json", **bearer(province["users"]["office"]))
    assert answer.status_code == 400 and said in answer.json()["detail"]
    assert Task.objects.get(pk=task.pk).deadline_text == "Tháng 6/2026"


def test_an_import_with_an_unreadable_deadline_is_refused_with_the_task_named(province):
    from giamsat.tasks.services import task_create

    with pytest.raises(DeadlineError) as refused:
        task_create(actor=SYSTEM, document=province["doc"], number="7", name="Nhiệm vụ", deadline_text="ngày mai")
    assert refused.value.message.startswith("Nhiệm vụ 7: Thời hạn «ngày mai» không đọc được")


def test_the_import_review_page_refuses_and_keeps_the_edits(client, province, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from giamsat.documents.models import Document
    from giamsat.imports.models import ImportJob
    from tests.imports.test_import_flow import SEED_001

    client = login(province["users"]["office"])
    client.post("/nhap-van-ban/moi/", {"file": SimpleUploadedFile("ke-hoach.txt", SEED_001.read_bytes())})
    job = ImportJob.objects.get()
    post = {"action": "commit", "doc-title": "Kế hoạch thử", "doc-date": "2025-06-20"}
    for i, task in enumerate(job.proposal["tasks"]):
        post[f"task-{i}-name"] = task["name"]
        post[f"task-{i}-no"] = task["no"]
        post[f"task-{i}-deadline_text"] = "30/02/2025" if i == 0 else task["deadline_text"]
        post[f"task-{i}-include"] = "on" if i == 0 else ""
    page = client.post(f"/nhap-van-ban/{job.pk}/", post, follow=True).content.decode()
    assert "«30/02/2025» không đọc được" in page
    assert not Document.objects.filter(title="Kế hoạch thử").exists()
    job.refresh_from_db()
    assert job.proposal["tasks"][0]["deadline_text"] == "30/02/2025"  # kept, to be fixed


def test_a_recurring_task_shows_its_current_cycle_due_date_in_report_drafts(province):
    from giamsat.reporting.models import ReportingPeriod, ReportingRule
    from giamsat.reporting.prefill import report_prefill
    from giamsat.tasks.services import task_create

    task_create(actor=SYSTEM, document=province["doc"], number="8", name="Báo cáo định kỳ hằng năm",
                deadline_text="Hằng năm", leads=[province["orgs"]["culture"]])
    rule = ReportingRule.objects.create(document=province["doc"], frequency="monthly", due_day=15)
    period = ReportingPeriod.objects.create(rule=rule, label="Tháng 12/2025", start=dt.date(2025, 12, 1),
                                            end=dt.date(2025, 12, 31), due_date=dt.date(2026, 1, 15))
    drafted = report_prefill(period, province["orgs"]["culture"])["next_tasks"]
    line = next(x for x in drafted.splitlines() if "Báo cáo định kỳ hằng năm" in x)
    assert "(hạn 31/12/2026)" in line  # the cycle containing 10/01/2026, not the first one (31/12/2025)
