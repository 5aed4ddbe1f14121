"""The ask pages: a link (GET) answers without writing, the form (POST) answers and logs the question, the
asker rates the answer, the office reads what is asked and what fails. Public questions keep no person."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(province):
    doc = province["doc"]
    doc.full_text = ("III. HÌNH THỨC TUYÊN TRUYỀN\n1. Hình thức tuyên truyền\nTuyên truyền qua báo chí, phát thanh, "
                     "truyền hình và các nền tảng số của tỉnh.")
    doc.is_published = True
    doc.save()
    return province


def _token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def test_a_link_answers_without_writing_and_the_form_logs(plan, login):
    from giamsat.qa.models import QuestionLog

    client = login(plan["users"]["focal_culture"])
    page = client.get("/hoi-dap/", {"q": "hinh thuc tuyen truyen qua bao chi"})
    text = page.content.decode()
    assert page.status_code == 200 and "2653/KH-UBND, mục III.1" in text and "/hoi-dap/van-ban/" in text
    assert QuestionLog.objects.count() == 0
    page = client.post("/hoi-dap/", {"q": "Hình thức tuyên truyền qua báo chí?"})
    assert page.status_code == 200
    log = QuestionLog.objects.get()
    assert log.answered and log.user == plan["users"]["focal_culture"] and not log.is_public
    assert log.cited == "2653/KH-UBND, mục III.1"
    token = _token(page.content.decode())
    # Someone else cannot rate it, even with the page's token; the asker can.
    other = login(plan["users"]["focal_science"])
    assert other.post(f"/hoi-dap/{log.pk}/danh-gia/", {"helpful": "0", "token": token}).status_code == 403
    client = login(plan["users"]["focal_culture"])
    assert client.post(f"/hoi-dap/{log.pk}/danh-gia/", {"helpful": "0", "token": token}).status_code == 302
    log.refresh_from_db()
    assert log.helpful is False


def test_bad_questions_and_ratings_are_refused_in_vietnamese(plan, login):
    from giamsat.qa.models import QuestionLog

    client = login(plan["users"]["office"])
    page = client.post("/hoi-dap/", {"q": "   "})
    assert page.status_code == 400 and "Hãy nhập câu hỏi." in page.content.decode()
    page = client.post("/hoi-dap/", {"q": "x" * 301})
    assert page.status_code == 400 and "Câu hỏi dài quá 300 ký tự." in page.content.decode()
    assert QuestionLog.objects.count() == 0
    page = client.post("/hoi-dap/1/danh-gia/", {"helpful": "1", "token": "gia-mao"})
    assert page.status_code == 400 and "Phiếu đánh giá không hợp lệ" in page.content.decode()
    assert client.get("/api/v1/ask", {"q": "x" * 301}).status_code == 422


def test_a_public_question_keeps_no_person_and_can_be_rated_with_its_token(plan, client):
    from giamsat.qa.models import QuestionLog

    page = client.post("/cong-khai/hoi-dap/", {"q": "Hình thức tuyên truyền qua báo chí?"})
    text = page.content.decode()
    assert page.status_code == 200 and "/cong-khai/van-ban/" in text and "/hoi-dap/van-ban/" not in text
    log = QuestionLog.objects.get()
    assert log.is_public and log.user is None and log.answered
    assert {f.name for f in QuestionLog._meta.fields} == {"id", "asked_at", "question", "is_public", "user",
                                                          "answered", "source", "cited", "helpful"}
    assert client.post(f"/cong-khai/hoi-dap/{log.pk}/danh-gia/", {"helpful": "1", "token": "x"}).status_code == 400
    assert client.post(f"/cong-khai/hoi-dap/{log.pk}/danh-gia/",
                       {"helpful": "1", "token": _token(text)}).status_code == 302
    log.refresh_from_db()
    assert log.helpful is True
    # A signed-in user's question stays out of the public page's ratings.
    other = QuestionLog.objects.create(question="nội bộ", user=plan["users"]["office"])
    from giamsat.qa.services import rating_token

    assert client.post(f"/cong-khai/hoi-dap/{other.pk}/danh-gia/",
                       {"helpful": "1", "token": rating_token(other)}).status_code == 400


def test_the_office_sees_what_is_asked_and_the_share_unanswered(plan, login):
    from giamsat.qa.models import QuestionLog

    QuestionLog.objects.create(question="Hình thức tuyên truyền?", answered=True, is_public=True)
    QuestionLog.objects.create(question="Giá vé máy bay?", answered=False, is_public=True)
    QuestionLog.objects.create(question="Hạn báo cáo?", answered=True, user=plan["users"]["focal_culture"],
                               helpful=False)
    QuestionLog.objects.create(question="Cách nấu phở?", answered=False)
    page = login(plan["users"]["office"]).get("/hoi-dap/thong-ke/").content.decode()
    assert "4 câu hỏi (2 trên trang công khai), 2 câu chưa trả lời được (50%)" in page
    assert "Giá vé máy bay?" in page and "1 lượt chưa hữu ích" in page
    assert "svhttdl" not in page  # who asked is not shown
    assert login(plan["users"]["focal_culture"]).get("/hoi-dap/thong-ke/").status_code == 403
