"""The ask API on the small fixture province: its shape, the tasks a user sees, the public's documents only."""

import pytest

pytestmark = pytest.mark.django_db


def test_ask_answers_from_the_tasks_the_user_sees(province, login):
    client = login(province["users"]["focal_science"])
    body = client.get("/api/v1/ask", {"q": "xay dung nen tang du lieu"}).json()
    assert body["answer"], body
    cited = [c for s in body["answer"] for c in s["citations"]]
    assert {"kind": "task", "id": province["tasks"]["science"].pk} in [{"kind": c["kind"], "id": c["id"]}
                                                                       for c in cited]
    # The culture department does not take part in the science task: it is not found for them.
    client = login(province["users"]["focal_culture"])
    body = client.get("/api/v1/ask", {"q": "xay dung nen tang du lieu"}).json()
    assert province["tasks"]["science"].pk not in [p["id"] for p in body["passages"] if p["kind"] == "task"]


def test_public_ask_needs_no_login_and_reads_published_documents_only(province, client):
    doc = province["doc"]
    doc.full_text = "I. MỤC ĐÍCH\n1. Mục đích\nTuyên truyền sâu rộng về chuyển đổi số trong nhân dân."
    doc.save()
    assert client.get("/api/v1/public/ask", {"q": "chuyen doi so trong nhan dan"}).json()["passages"] == []
    doc.is_published = True
    doc.save()
    body = client.get("/api/v1/public/ask", {"q": "chuyen doi so trong nhan dan"}).json()
    assert body["answer"][0]["citations"][0]["label"] == "2653/KH-UBND, mục I.1"
    assert all(p["kind"] == "document" for p in body["passages"])


def test_ask_needs_a_question_and_a_login(province, client):
    assert client.get("/api/v1/ask", {"q": "chuyen doi so"}).status_code == 401
    assert client.get("/api/v1/public/ask").status_code == 422


def test_an_edited_task_is_answered_with_its_new_text(province, login):
    """Editing a task (an UPDATE that moves only its lock_version) renews the corpus at the next question."""
    from giamsat.tasks.services import task_edit

    client = login(province["users"]["office"])
    assert client.get("/api/v1/ask", {"q": "so hoa di tich lich su"}).json()["answer"] == []
    task = province["tasks"]["science"]
    task_edit(user=province["users"]["office"], task=task, lock_version=task.lock_version,
              name="Số hóa di tích lịch sử của tỉnh")
    body = client.get("/api/v1/ask", {"q": "so hoa di tich lich su"}).json()
    assert body["answer"][0]["citations"][0] == {
        "kind": "task", "id": task.pk, "label": "2653/KH-UBND, nhiệm vụ 2", "quote": body["answer"][0]["text"],
        "url": f"/nhiem-vu/{task.pk}/"}
    assert "Số hóa di tích lịch sử của tỉnh" in body["answer"][0]["text"]
