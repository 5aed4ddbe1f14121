"""Evidence on progress updates and the monitoring office's decisions, through pages and API."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from giamsat.tasks.models import Evidence, TaskDecision
from giamsat.tasks.selectors import task_status

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def test_update_with_files_and_links_then_download_permissions(client, province):
    task = province["tasks"]["culture"]
    client.force_login(province["users"]["focal_culture"])
    response = client.post(f"/nhiem-vu/{task.pk}/", {
        "state": "done", "narrative": "Đã hoàn thành chuyên mục",
        "links": "https://laichau.gov.vn/tin-tuc/1\nhttps://baolaichau.vn/bai-2",
        "files": [SimpleUploadedFile("../../bao cao.pdf", PDF), SimpleUploadedFile("ke hoach.docx", _docx_bytes())],
    })
    assert response.status_code == 302
    update = task.updates.get()
    files = list(update.evidence.exclude(file="").order_by("id"))
    assert [e.filename for e in files] == ["bao_cao.pdf", "ke_hoach.docx"]
    assert ".." not in files[0].file.name and files[0].content_type == "application/pdf"
    assert update.evidence.exclude(link="").count() == 2
    assert task_status(task).code == "done_on_time"
    # Download: the lead agency and the office may; another agency may not see the task at all.
    assert client.get(f"/minh-chung/{files[0].pk}/").status_code == 200
    client.force_login(province["users"]["office"])
    assert b"".join(client.get(f"/minh-chung/{files[0].pk}/").streaming_content) == PDF
    other = province["tasks"]["science"]
    client.force_login(province["users"]["focal_culture"])
    assert client.get(f"/nhiem-vu/{other.pk}/").status_code == 404


def test_evidence_of_a_task_an_agency_does_not_see_is_not_found(client, province):
    """The download asks `Evidence.objects.visible_to`: the file of a task led by Sở KH&CN alone is 404 for Sở
    VHTTDL (and for a leader it is served, as every read-all role sees every task)."""
    from giamsat.tasks.services import EvidenceFile, progress_update_create

    task = province["tasks"]["science"]
    update = progress_update_create(user=province["users"]["focal_science"], task=task, state="in_progress",
                                    files=[EvidenceFile("bao cao.pdf", PDF)])
    url = f"/minh-chung/{update.evidence.get().pk}/"
    client.force_login(province["users"]["focal_culture"])
    assert client.get(url).status_code == 404
    for name in ("focal_science", "leader"):
        client.force_login(province["users"][name])
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("anh.pdf", b"MZ\x90\x00 not a pdf"), "không được chấp nhận"),
    (SimpleUploadedFile("rong.pdf", b""), "rỗng"),
])
def test_disguised_or_empty_evidence_is_refused_and_nothing_written(client, province, upload, message):
    task = province["tasks"]["culture"]
    client.force_login(province["users"]["focal_culture"])
    response = client.post(f"/nhiem-vu/{task.pk}/", {"state": "in_progress", "files": [upload]})
    assert response.status_code == 200
    assert message in response.content.decode() or "không được để trống" in response.content.decode()
    assert task.updates.count() == 0 and Evidence.objects.count() == 0


def test_oversize_evidence_and_bad_link_are_refused(client, province, settings):
    settings.GIAMSAT_MAX_EVIDENCE_BYTES = 10
    task = province["tasks"]["culture"]
    client.force_login(province["users"]["focal_culture"])
    response = client.post(f"/nhiem-vu/{task.pk}/", {"state": "in_progress", "files": [SimpleUploadedFile("a.pdf", PDF)]})
    assert "quá lớn" in response.content.decode()
    response = client.post(f"/nhiem-vu/{task.pk}/", {"state": "in_progress", "links": "javascript:alert(1)"})
    assert "không hợp lệ" in response.content.decode()
    assert task.updates.count() == 0


def test_office_decisions_change_status_and_agencies_cannot_decide(client, province):
    task = province["tasks"]["culture"]
    client.force_login(province["users"]["focal_culture"])
    assert client.post(f"/nhiem-vu/{task.pk}/quyet-dinh/", {"kind": "cancelled", "note": "x"}).status_code == 403
    client.force_login(province["users"]["office"])
    client.post(f"/nhiem-vu/{task.pk}/quyet-dinh/", {"kind": "adjusted", "new_due_date": "31/12/2026"})
    assert TaskDecision.objects.count() == 0  # an adjustment needs its deciding document
    client.post(f"/nhiem-vu/{task.pk}/quyet-dinh/", {"kind": "adjusted", "new_due_date": "31/12/2026",
                                                       "decision_document": province["doc"].pk})
    status = task_status(task)
    assert (status.code, status.due.isoformat()) == ("not_started", "2026-12-31")
    client.post(f"/nhiem-vu/{task.pk}/quyet-dinh/", {"kind": "paused", "note": "Chờ kinh phí"})
    assert task_status(task).code == "paused"
    page = client.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert "Điều chỉnh thời hạn" in page and "31/12/2026" in page and "Chờ kinh phí" in page


def test_api_decisions_and_multipart_evidence(client, province, bearer):
    task = province["tasks"]["culture"]
    office, agency = bearer(province["users"]["office"]), bearer(province["users"]["focal_culture"])
    body = json.dumps({"kind": "cancelled", "note": "Theo Quyết định 12/QĐ-UBND"})
    assert client.post(f"/api/v1/tasks/{task.pk}/decisions", body, content_type="application/json",
                       **agency).status_code == 403
    created = client.post(f"/api/v1/tasks/{task.pk}/decisions", body, content_type="application/json", **office)
    assert created.status_code == 201 and created.json()["kind"] == "cancelled"
    assert client.get(f"/api/v1/tasks/{task.pk}", **office).json()["status"] == "cancelled"
    other = province["tasks"]["science"]
    response = client.post(f"/api/v1/tasks/{other.pk}/updates/evidence",
                           {"state": "done", "files": [SimpleUploadedFile("a.pdf", PDF)]}, **agency)
    assert response.status_code == 404
    response = client.post(f"/api/v1/tasks/{province['tasks']['both'].pk}/updates/evidence",
                           {"state": "done", "files": [SimpleUploadedFile("a.pdf", PDF)]}, **agency)
    assert response.status_code == 201, response.content
    assert response.json()["evidence"][0]["content_type"] == "application/pdf"
