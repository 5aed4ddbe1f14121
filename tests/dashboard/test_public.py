"""The public page: anonymous, read-only, only what the office published, nothing personal."""

import pytest

from giamsat.core.actors import SYSTEM
from giamsat.documents.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def private(dash):
    """Material that must never reach the public page."""
    from giamsat.feedback.models import Feedback
    from giamsat.indicators.values import explanation_request_create

    secret_doc = Document.objects.create(
        doc_type="Kế hoạch", number="99/KH-MAT", title="Kế hoạch nội bộ chưa công bố", is_published=False
    )
    from giamsat.tasks.services import task_create

    task_create(
        actor=SYSTEM,
        document=secret_doc,
        name="Nhiệm vụ nội bộ bí mật",
        deadline_text="Tháng 3/2026",
        leads=[dash["orgs"]["culture"]],
    )
    Feedback.objects.create(
        tracking_code="PA-0001",
        kind="complaint",
        subject="Phản ánh về cán bộ xã",
        content="Nội dung phản ánh riêng tư",
        submitter_name="Nguyễn Văn Bí Mật",
        submitter_contact="0912345678",
    )
    explanation_request_create(
        user=dash["users"]["leader"],
        indicator=dash["indicators"]["on_track"],
        message="Yêu cầu giải trình nội bộ",
    )
    users = dash["users"]
    for key, user in users.items():
        user.first_name, user.last_name, user.email = "Họ", f"Tên{key}", f"{key}@laichau.gov.vn"
        user.save()
    return dash


def test_anonymous_sees_only_published_material(client, private):
    response = client.get("/cong-khai/")
    assert response.status_code == 200
    page = response.content.decode()
    # published: Program 63 (3 tasks: done on time, done late, overdue) and two indicators
    assert "Chương trình hành động số 63-CTr/TU" in page
    assert "KHCN-01" in page and "KHCN-02" in page
    assert "Chỉ tiêu (2)" in page and "Nhiệm vụ của các văn bản công khai (3)" in page
    # not published: plan 2653, the internal plan, three indicators
    for secret in (
        "2653/KH-UBND",
        "99/KH-MAT",
        "Kế hoạch nội bộ",
        "Nhiệm vụ nội bộ bí mật",
        "VH-01",
        "VH-02",
        "KHCN-03",
    ):
        assert secret not in page, secret
    # nothing personal, no feedback, no explanation requests, no task names
    for secret in (
        "Nguyễn Văn Bí Mật",
        "0912345678",
        "Phản ánh về cán bộ",
        "Nội dung phản ánh",
        "@laichau.gov.vn",
        "Tênleader",
        "Tênoffice",
        "Tênfocal_culture",
        "lanhdao",
        "vanphong",
        "Yêu cầu giải trình nội bộ",
        "Nhiệm vụ overdue",
        "Đăng xuất",
    ):
        assert secret not in page, secret


def test_public_indicator_status_uses_verified_values_only(client, private):
    page = client.get("/cong-khai/").content.decode()
    # KHCN-02's only value (3,2) is still pending review: the public sees no value and no status yet
    assert "3,2" not in page
    row = page.split(">KHCN-02<", 1)[1].split("</tr>", 1)[0]
    assert "Chưa đủ số liệu" in row
    row = page.split(">KHCN-01<", 1)[1].split("</tr>", 1)[0]
    assert "31" in row and "Đúng lộ trình" in row


def test_public_page_needs_no_login_and_accepts_no_writes(client, private):
    assert client.post("/cong-khai/", {"x": 1}).status_code == 405
    assert client.get("/cong-khai/quan-ly/").status_code == 302


def test_office_chooses_what_is_published(client, private):
    doc, program = private["doc"], private["program"]
    indicators = private["indicators"]
    client.force_login(private["users"]["leader"])
    assert client.post("/cong-khai/quan-ly/", {"documents": [doc.pk]}).status_code == 403
    client.force_login(private["users"]["office"])
    page = client.get("/cong-khai/quan-ly/").content.decode()
    assert f'name="documents" value="{program.pk}" id="doc-{program.pk}" checked' in page
    response = client.post(
        "/cong-khai/quan-ly/", {"documents": [doc.pk], "indicators": [indicators["off_track"].pk]}
    )
    assert response.status_code == 302
    assert set(Document.objects.filter(is_published=True).values_list("number", flat=True)) == {
        "2653/KH-UBND"
    }
    client.logout()
    public = client.get("/cong-khai/").content.decode()
    assert "2653/KH-UBND" in public and "63-CTr/TU" not in public
    assert "VH-01" in public and "KHCN-01" not in public
    from giamsat.audit.models import AuditEntry

    assert AuditEntry.objects.filter(event="document_unpublished").count() == 1
    assert AuditEntry.objects.filter(event="indicator_published").count() == 1
    client.force_login(private["users"]["office"])
    assert client.post("/cong-khai/quan-ly/", {"documents": ["abc"]}).status_code == 302
    assert Document.objects.filter(is_published=True).count() == 1  # a bad id changes nothing
