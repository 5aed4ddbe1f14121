"""The public form, lookup and answers; the office's and agency's pages; the API, as each role."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from giamsat.feedback.models import Feedback
from tests.feedback.conftest import PNG

pytestmark = pytest.mark.django_db


def test_a_visitor_submits_on_the_public_form_and_sees_the_code(client, province):
    page = client.get("/phan-anh-kien-nghi/")
    assert page.status_code == 200 and "trang_web" in page.content.decode()
    response = client.post("/phan-anh-kien-nghi/", {
        "kind": "complaint", "subject": "Đường vào xã mất sóng", "content": "Không có sóng di động.",
        "name": "Lò Văn Cường", "contact": "cuong@example.vn",
        "files": SimpleUploadedFile("anh.png", PNG, content_type="image/png"),
    })
    item = Feedback.objects.get()
    assert response.status_code == 302 and item.tracking_code in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert item.tracking_code in page and "Lò Văn Cường" not in page and "cuong@example.vn" not in page
    assert item.files.count() == 1


def test_the_public_form_refuses_a_robot_and_keeps_what_was_typed(client, province):
    response = client.post("/phan-anh-kien-nghi/", {"kind": "proposal", "subject": "Mua thuốc",
                                                    "content": "Quảng cáo", "trang_web": "http://x.example"})
    assert response.status_code == 400 and "trường không hợp lệ" in response.content.decode()
    assert "Mua thuốc" in response.content.decode() and Feedback.objects.count() == 0


def test_the_lookup_of_an_unknown_code_is_a_404_page_in_vietnamese(client, province):
    response = client.get("/phan-anh-kien-nghi/tra-cuu/?ma=PA00000000")
    assert response.status_code == 404 and "Không tìm thấy phản ánh" in response.content.decode()


def test_the_submitter_is_shown_to_the_office_only(client, province, routed_item):
    client.force_login(province["users"]["office"])
    assert "binh@example.vn" in client.get(f"/phan-anh/{routed_item.pk}/").content.decode()
    client.force_login(province["users"]["focal_culture"])
    page = client.get(f"/phan-anh/{routed_item.pk}/").content.decode()
    assert "binh@example.vn" not in page and "Trần Thị Bình" not in page and "Trả lời phản ánh" in page
    client.force_login(province["users"]["focal_science"])
    assert client.get(f"/phan-anh/{routed_item.pk}/").status_code == 404


def test_the_agency_answers_and_the_office_publishes_through_the_pages(client, province, routed_item):
    client.force_login(province["users"]["focal_culture"])
    response = client.post(f"/phan-anh/{routed_item.pk}/tra-loi/", {"answer": "Đã giải quyết hồ sơ."})
    assert response.status_code == 302
    client.force_login(province["users"]["office"])
    client.post(f"/phan-anh/{routed_item.pk}/cong-khai/", {"public": "on"})
    client.logout()
    page = client.get("/phan-anh-kien-nghi/tra-loi/").content.decode()
    assert "Đã giải quyết hồ sơ." in page and "binh@example.vn" not in page


def test_another_agency_cannot_answer_by_posting(client, province, routed_item):
    client.force_login(province["users"]["focal_science"])
    assert client.post(f"/phan-anh/{routed_item.pk}/tra-loi/", {"answer": "x"}).status_code == 404
    routed_item.refresh_from_db()
    assert routed_item.answer == ""


def test_the_list_filters_overdue(client, province, routed_item):
    client.force_login(province["users"]["office"])
    Feedback.objects.filter(pk=routed_item.pk).update(answer_due="2026-01-05")
    page = client.get("/phan-anh/?overdue=on").content.decode()
    assert routed_item.tracking_code in page and "quá hạn" in page
    assert client.get("/phan-anh/?received_from=99/99/2026").status_code == 400
    assert client.get("/phan-anh/thong-ke/").status_code == 200


def test_api_public_submission_as_json_and_multipart(client, province):
    response = client.post("/api/v1/public/feedback", json.dumps(
        {"kind": "initiative", "subject": "Sáng kiến số hóa", "content": "Số hóa hồ sơ", "contact": "x@example.vn"}),
        content_type="application/json")
    assert response.status_code == 201
    code = response.json()["tracking_code"]
    response = client.post("/api/v1/public/feedback", {
        "kind": "complaint", "subject": "Ảnh hiện trường", "content": "Xem ảnh",
        "files": io.BytesIO(PNG)})
    assert response.status_code == 201, response.content
    assert Feedback.objects.get(tracking_code=response.json()["tracking_code"]).files.count() == 1
    lookup = client.get(f"/api/v1/public/feedback/{code}").json()
    assert lookup["status"] == "received" and lookup["answer"] is None and lookup["agency"] is None
    assert "x@example.vn" not in json.dumps(lookup) and "contact" not in lookup


@pytest.mark.parametrize("body, status", [
    ("{}", 422), ("[1]", 400), ("not json", 400),
    (json.dumps({"kind": "complaint", "subject": "a", "content": "b\u0000"}), 400),
])
def test_api_public_submission_refuses_bad_bodies(client, province, body, status):
    response = client.post("/api/v1/public/feedback", body, content_type="application/json")
    assert response.status_code == status and response.json()["detail"]
    assert Feedback.objects.count() == 0


def test_api_list_per_role_with_overdue_and_personal_data_for_the_office_only(client, province, routed_item, bearer):
    office = client.get("/api/v1/feedback", **bearer(province["users"]["office"])).json()
    [row] = office["items"]
    assert (row["status"], row["overdue"], row["answer_due"]) == ("routed", False, str(routed_item.answer_due))
    assert row["submitter_contact"] == "binh@example.vn"
    agency = client.get("/api/v1/feedback", **bearer(province["users"]["focal_culture"])).json()
    assert agency["count"] == 1 and agency["items"][0]["submitter_contact"] is None
    assert client.get("/api/v1/feedback", **bearer(province["users"]["focal_science"])).json()["count"] == 0
    assert client.get("/api/v1/feedback?status=nope", **bearer(province["users"]["office"])).status_code == 422


def test_api_route_answer_publish(client, province, citizen_item, bearer):
    office, focal = bearer(province["users"]["office"]), bearer(province["users"]["focal_culture"])
    url = f"/api/v1/feedback/{citizen_item.pk}"
    culture = province["orgs"]["culture"].pk
    assert client.post(f"{url}/route", {"agencies": [culture]}, content_type="application/json",
                       **focal).status_code == 403
    assert client.post(f"{url}/route", {"agencies": [culture]}, content_type="application/json",
                       **office).json()["status"] == "routed"
    assert client.post(f"{url}/answer", {"answer": "Xong"}, content_type="application/json",
                       **focal).json()["status"] == "answered"
    assert client.post(f"{url}/publish", {}, content_type="application/json", **office).json()["is_public"]
    public = client.get(f"/api/v1/public/feedback/{citizen_item.tracking_code}").json()
    assert (public["answer"], public["question"]) == ("Xong", citizen_item.content)
    assert "binh@example.vn" not in json.dumps(public)


def test_api_public_submission_needs_no_csrf_and_a_session_without_it_counts_as_a_visitor(province):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    body = json.dumps({"kind": "proposal", "subject": "Không cần đăng nhập", "content": "Nội dung"})
    assert browser.post("/api/v1/public/feedback", body, content_type="application/json").status_code == 201
    browser.force_login(province["users"]["focal_culture"])
    response = browser.post("/api/v1/public/feedback", body, content_type="application/json")
    assert response.status_code == 201  # without the CSRF token: filed as a visitor, not as the agency
    item = Feedback.objects.get(tracking_code=response.json()["tracking_code"])
    assert item.submitter_user is None and item.submitter_organization is None


def test_the_public_form_links_a_task_of_a_published_plan_only(client, province):
    task = province["tasks"]["culture"]
    data = {"kind": "proposal", "subject": "Về nhiệm vụ tuyên truyền", "content": "Đề nghị", "task": task.pk}
    response = client.post("/phan-anh-kien-nghi/", data)
    assert response.status_code == 400 and "nhiệm vụ đã công khai" in response.content.decode()
    province["doc"].is_published = True
    province["doc"].save()
    assert client.post("/phan-anh-kien-nghi/", data).status_code == 302
    assert Feedback.objects.get().task == task


def test_the_statistics_count_answers_by_punctuality(client, province, routed_item):
    from giamsat.feedback.services import feedback_answer

    feedback_answer(user=province["users"]["focal_culture"], feedback=routed_item, answer="Xong")
    client.force_login(province["users"]["leader"])
    page = client.get("/phan-anh/thong-ke/").content.decode()
    assert "<strong>1</strong> trả lời đúng hạn" in page and "Sở Văn hóa, Thể thao và Du lịch" in page
    client.force_login(province["users"]["focal_science"])
    page = client.get("/phan-anh/thong-ke/").content.decode()
    assert "<strong>0</strong> trả lời đúng hạn" in page and "Sở Văn hóa, Thể thao và Du lịch" not in page


def test_api_inside_filing_reassign_and_merge(client, province, routed_item, bearer):
    focal, office = bearer(province["users"]["focal_culture"]), bearer(province["users"]["office"])
    body = json.dumps({"kind": "initiative", "subject": "Sáng kiến của sở", "content": "Nội dung"})
    created = client.post("/api/v1/feedback", body, content_type="application/json", **focal)
    assert created.status_code == 201 and created.json()["status"] == "received"
    assert client.post("/api/v1/feedback", body, content_type="application/json", **office).status_code == 403
    url = f"/api/v1/feedback/{routed_item.pk}"
    response = client.post(f"{url}/reassign", {"reason": "Không thuộc sở"}, content_type="application/json", **focal)
    assert response.json()["reassign_reason"] == "Không thuộc sở"
    twin = created.json()
    merged = client.post(f"/api/v1/feedback/{twin['id']}/merge", {"into": routed_item.tracking_code},
                         content_type="application/json", **office)
    assert merged.json()["status"] == "merged" and merged.json()["duplicate_of"] == routed_item.pk
    missing = client.post(f"/api/v1/feedback/{twin['id']}/merge", {"into": "PAXXXXXXXX"},
                          content_type="application/json", **office)
    assert missing.status_code == 404


@pytest.mark.parametrize("role", ["office", "leader", "focal_culture"])
def test_whoever_uses_the_public_form_files_as_a_visitor(client, province, role):
    client.force_login(province["users"][role])
    response = client.post("/phan-anh-kien-nghi/", {"kind": "proposal", "subject": "Góp ý", "content": "Nội dung"})
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert item.submitter_user is None and item.submitter_organization is None


def test_the_office_routes_an_item_from_its_page_by_drop_down_or_by_typed_names(client, province, citizen_item,
                                                                                 monkeypatch):
    """The route form's agencies are the organization chooser (issue #25: a country has ≈9,500 organizations):
    ids from the drop-down in a province; above the limit a text box read by name; a name not found changes
    nothing and says so in Vietnamese."""
    from giamsat.organizations import chooser

    culture, science = province["orgs"]["culture"], province["orgs"]["science"]
    url = f"/phan-anh/{citizen_item.pk}/chuyen-xu-ly/"
    client.force_login(province["users"]["office"])
    page = client.get(f"/phan-anh/{citizen_item.pk}/").content.decode()
    assert f'<option value="{culture.pk}">' in page
    assert client.post(url, {"kind": "complaint", "agencies": [culture.pk]}).status_code == 302
    citizen_item.refresh_from_db()
    assert citizen_item.routed_to == culture

    monkeypatch.setattr(chooser, "DROP_DOWN_LIMIT", 1)  # as in a country: no option written, a text box
    page = client.get(f"/phan-anh/{citizen_item.pk}/").content.decode()
    assert f'<option value="{culture.pk}">' not in page and 'name="agencies"' in page
    client.post(url, {"kind": "complaint", "agencies": "Không có cơ quan này"})
    citizen_item.refresh_from_db()
    assert citizen_item.routed_to == culture  # unchanged
    shown = client.get(f"/phan-anh/{citizen_item.pk}/").content.decode()
    assert "Không có cơ quan này" in shown  # the message names what was not found
    assert client.post(url, {"kind": "complaint", "agencies": f"{science.name}\n{culture.name}"}).status_code == 302
    citizen_item.refresh_from_db()
    assert citizen_item.routed_to == science
    assert [p.routed_to for p in citizen_item.parts.all()] == [culture]
