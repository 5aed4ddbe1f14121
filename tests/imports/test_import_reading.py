"""A scan uploaded for import is read in the background: the page shows its progress and refreshes
itself, nothing can be reviewed or committed until reading ends, a failed or stalled reading can be read
again, and the review marks the words OCR was unsure of."""

import datetime as dt
import io
import shutil
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from giamsat.audit.models import AuditEntry
from giamsat.documents.models import Document
from giamsat.imports.models import ImportJob
from giamsat.imports.reading import read_job
from giamsat.imports.templatetags.import_tags import unsure

FONT = Path(__file__).parents[1] / "ingest" / "fonts" / "DejaVuSans.ttf"
needs_ocr = pytest.mark.skipif(
    not (shutil.which("tesseract") and shutil.which("pdftoppm")),
    reason="tesseract-ocr(-vie) or poppler-utils not installed; CI installs them",
)
LINES = [
    "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG", "Số: 217/KH-UBND", "", "KẾ HOẠCH", "Chuyển đổi số năm 2026", "",
    "I. TỔ CHỨC THỰC HIỆN",
    "1. Sở Khoa học và Công nghệ chủ trì xây dựng nền tảng",
    "dữ liệu dùng chung, hoàn thành trước ngày 30/9/2026.",
]


def _scan_png() -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1700, 1000), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 34)
    for k, line in enumerate(LINES):
        draw.text((120, 80 + 56 * k), line, fill=0, font=font)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def _upload(client, user, data=None, name="ke-hoach-scan.png"):
    client.force_login(user)
    return client.post("/nhap-van-ban/moi/", {"file": SimpleUploadedFile(name, data or _scan_png())}, follow=True)


@needs_ocr
@pytest.mark.django_db
def test_a_scan_is_read_in_the_background_and_its_page_shows_progress(client, province, settings):
    settings.GIAMSAT_IMPORT_BACKGROUND = True
    documents = Document.objects.count()
    response = _upload(client, province["users"]["office"])
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.READING and job.proposal == {}
    text = response.content.decode()
    assert "Đang đọc tệp" in text and '<meta http-equiv="refresh"' in text and "<progress" in text
    assert AuditEntry.objects.filter(object_id=job.pk, event="import_uploaded").exists()
    # nothing can be saved or committed while reading
    response = client.post(f"/nhap-van-ban/{job.pk}/", {"action": "commit"}, follow=True)
    assert "đang được đọc" in response.content.decode()
    assert Document.objects.count() == documents and ImportJob.objects.get().state == ImportJob.State.READING

    job = read_job(job.pk)  # what the background thread runs
    assert job.state == ImportJob.State.REVIEW
    assert (job.pages_done, job.pages_total) == (1, 1)
    assert any("Sở Khoa học" in " ".join(t["lead"]) for t in job.proposal["tasks"])
    page = client.get(f"/nhap-van-ban/{job.pk}/").content.decode()
    assert "Rà soát kết quả trích xuất" in page and "refresh" not in page


@needs_ocr
@pytest.mark.django_db(transaction=True)
def test_the_reading_thread_finishes_the_job(client, province, settings):
    settings.GIAMSAT_IMPORT_BACKGROUND = True
    _upload(client, province["users"]["office"])
    job = ImportJob.objects.get()
    deadline = time.monotonic() + 120  # a wait for the thread, not a speed target
    while job.state == ImportJob.State.READING and time.monotonic() < deadline:
        time.sleep(0.5)
        job.refresh_from_db()
    assert job.state == ImportJob.State.REVIEW and job.pages_done == job.pages_total == 1


@pytest.mark.django_db
def test_a_failed_reading_says_why_and_can_be_read_again(client, province, settings):
    settings.GIAMSAT_IMPORT_BACKGROUND = True
    office = province["users"]["office"]
    job = ImportJob.objects.create(filename="hong.png", state=ImportJob.State.READING, created_by=office)
    job.file.save("hong.png", io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"hong" * 10))
    job = read_job(job.pk)
    assert job.state == ImportJob.State.FAILED and job.error
    client.force_login(office)
    page = client.get(f"/nhap-van-ban/{job.pk}/").content.decode()
    assert "Không đọc được tệp" in page and job.error in page and "refresh" not in page
    client.post(f"/nhap-van-ban/{job.pk}/", {"action": "read_again"})
    job.refresh_from_db()
    assert job.state == ImportJob.State.READING and job.error == ""
    assert AuditEntry.objects.filter(object_id=job.pk, event="import_read_again").exists()


@pytest.mark.django_db
def test_only_a_stalled_reading_is_offered_to_read_again(client, province):
    office = province["users"]["office"]
    job = ImportJob.objects.create(filename="scan.pdf", state=ImportJob.State.READING, created_by=office,
                                   progress_at=timezone.now())
    client.force_login(office)
    assert "Đọc lại tệp" not in client.get(f"/nhap-van-ban/{job.pk}/").content.decode()
    response = client.post(f"/nhap-van-ban/{job.pk}/", {"action": "read_again"}, follow=True)
    assert "không cần đọc lại" in response.content.decode()
    ImportJob.objects.filter(pk=job.pk).update(progress_at=timezone.now() - dt.timedelta(minutes=11))
    assert "Đọc lại tệp" in client.get(f"/nhap-van-ban/{job.pk}/").content.decode()


@needs_ocr
@pytest.mark.django_db
def test_the_api_answers_a_reading_job_and_refuses_to_commit_it(client, province, bearer, settings):
    settings.GIAMSAT_IMPORT_BACKGROUND = True
    headers = bearer(province["users"]["office"])
    response = client.post("/api/v1/imports", {"file": SimpleUploadedFile("scan.png", _scan_png())}, **headers)
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "reading" and body["pages_done"] == 0
    response = client.post(f"/api/v1/imports/{body['id']}/commit", {}, content_type="application/json", **headers)
    assert response.status_code == 400 and "đang được đọc" in response.json()["detail"]


def test_the_review_marks_unsure_words_and_escapes_the_rest():
    html = unsure("Sở Tài chính <b>bố trí</b> kinh phí, kiệt.", ["kiệt", "bố"])
    assert '<mark class="unsure"' in html and ">kiệt.</mark>" in html
    assert "&lt;b&gt;bố" in html  # not a whole word: "<b>bố" is escaped, not marked
    assert unsure("Sở Nội vụ", []) == "Sở Nội vụ"
