"""Evidence on progress updates and the monitoring office's decisions, through pages and API."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from giamsat.tasks.models import Evidence, ProgressUpdate, TaskDecision
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
                                    files=[EvidenceFile("bao cao.pdf", ContentFile(PDF, name="bao cao.pdf"))])
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
    response = client.post(
        f"/nhiem-vu/{task.pk}/", {"state": "in_progress", "files": [SimpleUploadedFile("a.pdf", PDF)]}
    )
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
    assert TaskDecision.objects.count() == 0  # an adjustment needs its reason (and the page's confirmation)
    client.post(
        f"/nhiem-vu/{task.pk}/quyet-dinh/",
        {"kind": "adjusted", "new_due_date": "31/12/2026", "decision_document": province["doc"].pk,
         "note": "Theo văn bản điều chỉnh", "confirm": "on"},
    )
    status = task_status(task)
    assert (status.code, status.due.isoformat()) == ("not_started", "2026-12-31")
    client.post(f"/nhiem-vu/{task.pk}/quyet-dinh/", {"kind": "paused", "note": "Chờ kinh phí", "confirm": "on"})
    assert task_status(task).code == "paused"
    page = client.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert "Điều chỉnh thời hạn" in page and "31/12/2026" in page and "Chờ kinh phí" in page


def test_api_decisions_and_multipart_evidence(client, province, bearer):
    task = province["tasks"]["culture"]
    office, agency = bearer(province["users"]["office"]), bearer(province["users"]["focal_culture"])
    body = json.dumps({"kind": "cancelled", "note": "Theo Quyết định 12/QĐ-UBND"})
    assert (
        client.post(f"/api/v1/tasks/{task.pk}/decisions", body, content_type="application/json", **agency).status_code
        == 403
    )
    created = client.post(f"/api/v1/tasks/{task.pk}/decisions", body, content_type="application/json", **office)
    assert created.status_code == 201 and created.json()["kind"] == "cancelled"
    assert client.get(f"/api/v1/tasks/{task.pk}", **office).json()["status"] == "cancelled"
    other = province["tasks"]["science"]
    response = client.post(
        f"/api/v1/tasks/{other.pk}/updates/evidence",
        {"state": "done", "files": [SimpleUploadedFile("a.pdf", PDF)]},
        **agency,
    )
    assert response.status_code == 404
    response = client.post(
        f"/api/v1/tasks/{province['tasks']['both'].pk}/updates/evidence",
        {"state": "done", "files": [SimpleUploadedFile("a.pdf", PDF)]},
        **agency,
    )
    assert response.status_code == 201, response.content
    assert response.json()["evidence"][0]["content_type"] == "application/pdf"


def _office_file(parts: dict, compression=zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "parts", "message"),
    [
        (
            "dtd.docx",
            {
                "[Content_Types].xml": "<Types/>",
                "word/document.xml": (
                    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><w:document>&a;</w:document>'
                ),
            },
            "DOCTYPE/ENTITY",
        ),
        (
            "entity.xlsx",
            {
                "[Content_Types].xml": "<Types/>",
                "xl/workbook.xml": "<workbook/>",
                "xl/_rels/x.rels": '<!ENTITY x SYSTEM "file:///etc/passwd">',
            },
            "DOCTYPE/ENTITY",
        ),
        ("bom.pptx", {"[Content_Types].xml": "<Types/>", "ppt/slide.xml": b"0" * (20 * 1024 * 1024)}, "bom nén"),
        ("hong.docx", None, "hỏng"),
    ],
)
def test_evidence_office_files_are_vetted_as_the_importer_vets_documents(
    client, province, bearer, name, parts, message
):
    data = _office_file(parts, zipfile.ZIP_DEFLATED) if parts else b"PK\x03\x04 not really a zip archive"
    task = province["tasks"]["culture"]
    response = client.post(
        f"/api/v1/tasks/{task.pk}/updates/evidence",
        {"state": "in_progress", "files": [SimpleUploadedFile(name, data)]},
        **bearer(province["users"]["focal_culture"]),
    )
    assert response.status_code == 400, response.content
    assert message in response.json()["detail"]
    client.force_login(province["users"]["focal_culture"])
    page = client.post(f"/nhiem-vu/{task.pk}/", {"state": "in_progress", "files": [SimpleUploadedFile(name, data)]})
    assert page.status_code == 200 and message in page.content.decode()
    assert task.updates.count() == 0 and Evidence.objects.count() == 0


def test_a_plain_office_file_is_still_accepted_as_evidence(client, province, bearer):
    task = province["tasks"]["culture"]
    slides = _office_file({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p:presentation/>"})
    response = client.post(
        f"/api/v1/tasks/{task.pk}/updates/evidence",
        {"state": "in_progress", "files": [SimpleUploadedFile("hop.pptx", slides)]},
        **bearer(province["users"]["focal_culture"]),
    )
    assert response.status_code == 201, response.content
    evidence = Evidence.objects.get()
    assert evidence.filename == "hop.pptx" and evidence.size == len(slides)
    assert evidence.file.read() == slides


def test_an_evidence_file_kept_on_disk_is_stored_whole(client, province, bearer, settings):
    """A file over FILE_UPLOAD_MAX_MEMORY_SIZE comes as a temporary file: checked, hashed, stored from it."""
    import hashlib

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    task = province["tasks"]["culture"]
    data = PDF + b"%" + b"7" * 300_000
    response = client.post(
        f"/api/v1/tasks/{task.pk}/updates/evidence",
        {"state": "in_progress", "files": [SimpleUploadedFile("lon.pdf", data)]},
        **bearer(province["users"]["focal_culture"]),
    )
    assert response.status_code == 201, response.content
    evidence = Evidence.objects.get()
    assert evidence.size == len(data) and evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.file.read() == data


def _focal_posts_update(client, province, bearer, **payload):
    task = province["tasks"]["culture"]
    return client.post(
        f"/api/v1/tasks/{task.pk}/updates",
        json.dumps({"state": "in_progress", **payload}),
        content_type="application/json",
        **bearer(province["users"]["focal_culture"]),
    )


def test_links_per_update_are_capped_and_nothing_is_written_over_the_cap(client, province, bearer, settings):
    settings.GIAMSAT_MAX_LINKS_PER_UPDATE = 20
    links = [f"https://laichau.gov.vn/tin/{n}" for n in range(21)]
    response = _focal_posts_update(client, province, bearer, links=links)
    assert response.status_code == 400 and "tối đa 20 đường dẫn" in response.json()["detail"]
    client.force_login(province["users"]["focal_culture"])
    task = province["tasks"]["culture"]
    page = client.post(f"/nhiem-vu/{task.pk}/", {"state": "in_progress", "links": "\n".join(links)})
    assert "tối đa 20 đường dẫn" in page.content.decode()
    assert task.updates.count() == 0 and Evidence.objects.count() == 0
    assert _focal_posts_update(client, province, bearer, links=links[:20]).status_code == 201
    assert Evidence.objects.count() == 20


def test_files_per_update_are_capped_and_nothing_is_written_over_the_cap(client, province, bearer, settings):
    settings.GIAMSAT_MAX_FILES_PER_UPDATE = 3
    task = province["tasks"]["culture"]
    files = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(4)]
    response = client.post(
        f"/api/v1/tasks/{task.pk}/updates/evidence",
        {"state": "in_progress", "files": files},
        **bearer(province["users"]["focal_culture"]),
    )
    assert response.status_code == 400 and "tối đa 3 tệp" in response.json()["detail"]
    assert task.updates.count() == 0 and Evidence.objects.count() == 0


@pytest.mark.parametrize("field", ["narrative", "difficulties", "proposals"])
def test_update_texts_are_capped_and_nothing_is_written_over_the_cap(client, province, bearer, settings, field):
    settings.GIAMSAT_MAX_TEXT_CHARS = 20000
    response = _focal_posts_update(client, province, bearer, **{field: "a" * 20001})
    assert response.status_code == 400 and "quá dài: tối đa 20.000 ký tự" in response.json()["detail"]
    assert ProgressUpdate.objects.count() == 0
    assert _focal_posts_update(client, province, bearer, **{field: "a" * 20000}).status_code == 201


def test_a_five_megabyte_narrative_is_refused_on_the_page_with_nothing_written(client, province):
    task = province["tasks"]["culture"]
    client.force_login(province["users"]["focal_culture"])
    page = client.post(f"/nhiem-vu/{task.pk}/", {"state": "in_progress", "narrative": "x" * (5 * 1024 * 1024)})
    assert page.status_code == 200 and "quá dài" in page.content.decode()
    assert task.updates.count() == 0


def test_office_texts_are_capped_too(client, province, bearer, settings):
    settings.GIAMSAT_MAX_TEXT_CHARS = 100
    task = province["tasks"]["culture"]
    office = bearer(province["users"]["office"])
    response = client.post(
        f"/api/v1/tasks/{task.pk}/decisions",
        json.dumps({"kind": "paused", "note": "x" * 101}),
        content_type="application/json",
        **office,
    )
    assert response.status_code == 400 and "quá dài" in response.json()["detail"]
    response = client.patch(
        f"/api/v1/tasks/{task.pk}",
        json.dumps({"lock_version": task.lock_version, "expected_product": "x" * 101}),
        content_type="application/json",
        **office,
    )
    assert response.status_code == 400 and "quá dài" in response.json()["detail"]
    task.refresh_from_db()
    assert task.decisions.count() == 0 and task.expected_product == ""
