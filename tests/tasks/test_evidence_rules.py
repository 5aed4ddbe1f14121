"""Completion backed by evidence (issue #16): a lead's "done" needs a product, decisions need a reason,
confirming done without evidence is explicit and shown, empty forms and updates are refused."""

import json

import pytest

from giamsat.tasks.models import ProgressUpdate, TaskDecision

pytestmark = pytest.mark.django_db
LINK = "https://laichau.gov.vn/tin-tuc/57"


def _update(client, headers, task, **body):
    return client.post(f"/api/v1/tasks/{task.pk}/updates", json.dumps(body), content_type="application/json",
                       **headers)


def _decide(client, headers, task, body):
    return client.post(f"/api/v1/tasks/{task.pk}/decisions", body, content_type="application/json", **headers)


def test_a_lead_done_needs_evidence_or_a_no_product_reason(client, province, bearer):
    task, headers = province["tasks"]["culture"], bearer(province["users"]["focal_culture"])
    refused = _update(client, headers, task, state="done", narrative="Đã xong")
    assert refused.status_code == 400 and "minh chứng" in refused.json()["detail"]
    assert not ProgressUpdate.objects.filter(task=task).exists()
    assert _update(client, headers, task, state="done", links=[LINK]).status_code == 201
    science = province["tasks"]["science"]
    answer = _update(client, bearer(province["users"]["focal_science"]), science, state="done",
                     no_product_reason="Nhiệm vụ chỉ đạo, không có sản phẩm riêng")
    assert answer.status_code == 201 and answer.json()["no_product_reason"].startswith("Nhiệm vụ chỉ đạo")


def test_a_coordinator_contribution_stays_as_it_was(client, province, bearer):
    # Sở KH&CN coordinates the culture task: its "done" is a contribution, no evidence required.
    answer = _update(client, bearer(province["users"]["focal_science"]), province["tasks"]["culture"],
                     state="done", narrative="Đã phối hợp")
    assert answer.status_code == 201 and answer.json()["is_lead"] is False


def test_an_empty_progress_update_is_refused(client, province, bearer):
    task, headers = province["tasks"]["culture"], bearer(province["users"]["focal_culture"])
    answer = _update(client, headers, task, state="not_started")
    assert answer.status_code == 400 and "Cập nhật trống" in answer.json()["detail"]
    assert _update(client, headers, task, state="in_progress").status_code == 201  # a change of state
    assert _update(client, headers, task, state="in_progress").status_code == 400  # the same again
    assert _update(client, headers, task, state="in_progress", percent=40).status_code == 201
    assert ProgressUpdate.objects.filter(task=task).count() == 2


@pytest.mark.parametrize("body", ["", "{}", '{"kind": ""}'])
def test_an_empty_decision_is_a_400(client, province, bearer, body):
    task = province["tasks"]["culture"]
    answer = _decide(client, bearer(province["users"]["office"]), task, body)
    assert answer.status_code == 400, answer.content
    assert "Chưa chọn quyết định" in answer.json()["detail"]
    assert not TaskDecision.objects.exists()


@pytest.mark.parametrize("kind", ["done", "reopened", "paused", "adjusted", "cancelled"])
def test_every_decision_needs_a_reason(client, province, bearer, kind):
    body = {"kind": kind, "new_due_date": "2026-12-31", "without_evidence": True}
    answer = _decide(client, bearer(province["users"]["office"]), province["tasks"]["culture"], json.dumps(body))
    assert answer.status_code == 400 and "lý do" in answer.json()["detail"]
    assert not TaskDecision.objects.exists()


def test_confirming_done_without_evidence_is_explicit_and_shown(client, province, bearer, login):
    task, headers = province["tasks"]["culture"], bearer(province["users"]["office"])
    refused = _decide(client, headers, task, json.dumps({"kind": "done", "note": "Đã kiểm tra"}))
    assert refused.status_code == 400 and "không có minh chứng" in refused.json()["detail"]
    answer = _decide(client, headers, task,
                     json.dumps({"kind": "done", "note": "Biên bản kiểm tra 05/01", "without_evidence": True}))
    assert answer.status_code == 201 and answer.json()["without_evidence"] is True
    page = login(province["users"]["office"]).get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert "không có minh chứng" in page and "Biên bản kiểm tra 05/01" in page
    listing = client.get("/nhiem-vu/").content.decode()
    assert listing.count("không có minh chứng") == 1  # the one done task, not the others


def test_done_with_evidence_is_not_marked(client, province, bearer, login):
    task = province["tasks"]["culture"]
    assert _update(client, bearer(province["users"]["focal_culture"]), task, state="done",
                   links=[LINK]).status_code == 201
    answer = _decide(client, bearer(province["users"]["office"]), task,
                     json.dumps({"kind": "done", "note": "Đã kiểm tra minh chứng", "without_evidence": True}))
    assert answer.status_code == 201 and answer.json()["without_evidence"] is False  # evidence exists
    listing = login(province["users"]["office"]).get("/nhiem-vu/").content.decode()
    assert "không có minh chứng" not in listing


def test_the_page_form_untouched_or_unconfirmed_is_refused(client, province, login):
    task = province["tasks"]["culture"]
    client = login(province["users"]["office"])
    page = client.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert "— Chọn quyết định —" in page and 'name="confirm"' in page
    answer = client.post(f"/nhiem-vu/{task.pk}/quyet-dinh/", {}, follow=True)
    assert "Chưa chọn quyết định" in answer.content.decode()
    answer = client.post(f"/nhiem-vu/{task.pk}/quyet-dinh/", {"kind": "paused", "note": "Chờ kinh phí"},
                         follow=True)
    assert "Hãy đánh dấu ô xác nhận" in answer.content.decode()
    assert not TaskDecision.objects.exists()
    client.post(f"/nhiem-vu/{task.pk}/quyet-dinh/", {"kind": "paused", "note": "Chờ kinh phí", "confirm": "on"})
    assert TaskDecision.objects.get().kind == "paused"
