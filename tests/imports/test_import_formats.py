"""The import page without the optional programs: a Word 97 file or a scan gets a Vietnamese message
naming what the server lacks, and nothing is written."""

import pytest

from giamsat.documents.models import Document
from giamsat.imports.models import ImportJob
from giamsat.ingest.tools import Tools

pytestmark = pytest.mark.django_db

WORD97 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 600


def _scan_pdf() -> bytes:
    import io

    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawImage(ImageReader(Image.new("L", (200, 280), 255)), 0, 0, 595, 842)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize(("name", "data", "package"), [
    ("ke-hoach.doc", WORD97, "libreoffice"),
    ("ban-scan.pdf", _scan_pdf(), "tesseract-ocr"),
])
def test_missing_program_is_named_and_nothing_written(client, province, monkeypatch, name, data, package):
    from django.core.files.uploadedfile import SimpleUploadedFile

    monkeypatch.setattr(Tools, "available", lambda self, program: False)
    client.force_login(province["users"]["office"])
    before = (Document.objects.count(), ImportJob.objects.count())
    response = client.post("/nhap-van-ban/moi/", {"file": SimpleUploadedFile(name, data)}, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="error"' in text and "chưa cài" in text and package in text
    assert (Document.objects.count(), ImportJob.objects.count()) == before
