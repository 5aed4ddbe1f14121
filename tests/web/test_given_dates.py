"""The dates users give (tasks.given_dates), through the API and the page, on the fixture's 10/01/2026.

Regression (#14): an agency turned an overdue task into "done on time" by sending `reported_on` before the
deadline.
"""

import datetime as dt
import json

import pytest

from giamsat.core.actors import SYSTEM
from giamsat.tasks.models import ProgressUpdate, Task
from giamsat.tasks.selectors import task_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(province):
    """A task of Sở VHTTDL due 30/11/2025: overdue on 10/01/2026."""
    from giamsat.tasks.services import task_create

    return task_create(actor=SYSTEM, document=province["doc"], number="4",
                       name="Số hóa tài liệu tuyên truyền", deadline_text="Tháng 11/2025",
                       leads=[province["orgs"]["culture"]])


def _post(client, headers, task, **body):
    body = {"state": "done", "narrative": "Xong", "links": ["https://minhchung.example/1"], **body}
    return client.post(f"/api/v1/tasks/{task.pk}/updates", json.dumps(body), content_type="application/json",
                       **headers)


def test_an_agency_cannot_backdate_an_overdue_task_to_done_on_time(client, province, bearer, overdue):
    headers = bearer(province["users"]["focal_culture"])
    answer = _post(client, headers, overdue, reported_on="2025-11-20")
    assert answer.status_code == 400
    message = answer.json()["detail"]
    assert "20/11/2025" in message and "lùi quá 7 ngày" in message and "10/01/2026" in message
    assert not ProgressUpdate.objects.filter(task=overdue).exists()
    assert task_status(Task.objects.get(pk=overdue.pk)).code == "overdue"


def test_the_page_form_gives_the_same_refusal(client, province, login, overdue):
    login(province["users"]["focal_culture"])
    page = client.post(f"/nhiem-vu/{overdue.pk}/",
                       {"state": "done", "narrative": "Xong", "reported_on": "20/11/2025",
                        "links": "https://minhchung.example/1"})
    assert page.status_code == 200
    assert "lùi quá 7 ngày" in page.content.decode() and "20/11/2025" in page.content.decode()
    assert not ProgressUpdate.objects.filter(task=overdue).exists()


def test_within_the_limit_the_reported_date_counts_and_the_history_shows_both(client, province, bearer, login,
                                                                              overdue):
    headers = bearer(province["users"]["focal_culture"])
    answer = _post(client, headers, overdue, reported_on="2026-01-03")  # 7 days back: allowed
    assert answer.status_code == 201, answer.content
    recorded = answer.json()
    assert recorded["reported_on"] == "2026-01-03" and recorded["created_at"].startswith("2026-01-10")
    status = task_status(Task.objects.get(pk=overdue.pk))
    assert (status.code, status.done_on) == ("done_late", dt.date(2026, 1, 3))
    login(province["users"]["focal_culture"])
    page = client.get(f"/nhiem-vu/{overdue.pk}/").content.decode()
    assert "ngày báo cáo 03/01/2026" in page and "ghi nhận lúc" in page and "10/01/2026" in page


def test_the_limit_is_a_setting(client, province, bearer, overdue, settings):
    settings.GIAMSAT_BACKDATE_DAYS = 0
    headers = bearer(province["users"]["focal_culture"])
    answer = _post(client, headers, overdue, state="in_progress", reported_on="2026-01-09")
    assert answer.status_code == 400 and "tối đa 0 ngày" in answer.json()["detail"]
    assert _post(client, headers, overdue, state="in_progress").status_code == 201  # today


@pytest.mark.parametrize(("day", "said"), [
    ("2026-01-11", "11/01/2026 ở tương lai"),
    ("1999-12-31", "phải từ 01/01/2000"),
    ("2025-06-01", "trước ngày nhiệm vụ được giao (06/06/2025)"),  # the plan is of 06/06/2025
])
def test_impossible_dates_are_refused_whatever_the_limit(client, province, bearer, overdue, settings, day,
                                                         said):
    settings.GIAMSAT_BACKDATE_DAYS = 100_000
    answer = _post(client, bearer(province["users"]["focal_culture"]), overdue, reported_on=day)
    assert answer.status_code == 400 and said in answer.json()["detail"]
    assert not ProgressUpdate.objects.filter(task=overdue).exists()


def test_the_office_confirms_an_earlier_completion_by_its_dated_decision(client, province, bearer, overdue):
    headers = bearer(province["users"]["office"])
    url = f"/api/v1/tasks/{overdue.pk}/decisions"
    refused = client.post(url, json.dumps({"kind": "done", "decided_on": "1999-12-31", "note": "Biên bản"}),
                          content_type="application/json", **headers)
    assert refused.status_code == 400 and "01/01/2000" in refused.json()["detail"]
    body = {"kind": "done", "decided_on": "2025-11-20", "note": "Biên bản 12/BB", "without_evidence": True}
    confirmed = client.post(url, json.dumps(body), content_type="application/json", **headers)
    assert confirmed.status_code == 201
    assert task_status(Task.objects.get(pk=overdue.pk)).code == "done_on_time"
