"""Every upload form answers a bad file (empty, a program, a file whose name says .docx but is not one) with a
Vietnamese message on the page it lands on, and writes nothing — never a silent reload, never a 500 (#21)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

BAD = {
    "rong.xlsx": b"",
    "chuong-trinh.exe": b"MZ\x90\x00\x03" + b"\x00" * 200,
    # a damaged or renamed file: a ZIP signature and nothing of a Word document after it
    "gia-mao.docx": b"PK\x03\x04" + bytes(range(256)) * 4,
}
# (role, address, file field, other fields); the task's address is filled in by the test.
FORMS = [
    ("office", "/nhap-van-ban/moi/", "file", {}),
    ("focal_culture", "/nhiem-vu/{task}/", "files", {"state": "in_progress", "narrative": "Đang làm"}),
    ("focal_culture", "/chi-tieu/so-lieu/nhap-xlsx/", "file", {}),
    ("office", "/chi-tieu/nhap-xlsx/", "file", {}),
    ("office", "/danh-gia/bo-tieu-chi/nhap/", "file", {"level": "department"}),
    ("focal_culture", "/tuyen-truyen/nhap-excel/", "file", {}),
    ("admin", "/sap-xep-co-quan/ma-dinh-danh/", "file", {}),
    ("focal_culture", "/phan-anh/gui/", "files", {"kind": "initiative", "subject": "Đề xuất", "content": "Nội dung"}),
]
SHOWN = re.compile(r'class="(?:messages|errorlist[^"]*)"[^>]*>(.*?)</(?:ul|div|span)>', re.S)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(BAD))
@pytest.mark.parametrize(("role", "address", "field", "extra"), FORMS, ids=[f[1] for f in FORMS])
def test_bad_upload_is_refused_with_a_vietnamese_message(province, login, name, role, address, field, extra):
    from giamsat.audit.models import AuditEntry

    client = login(province["users"][role])
    before = AuditEntry.objects.count()
    url = address.format(task=province["tasks"]["culture"].pk)
    response = client.post(url, {field: SimpleUploadedFile(name, BAD[name]), **extra}, follow=True)
    assert response.status_code in (200, 400)
    shown = re.sub(r"<[^>]+>", " ", " ".join(SHOWN.findall(response.content.decode())))
    assert re.search(r"[Tt]ệp|[Tt]ập tin", shown), f"{url} {name}: no message about the file: {shown!r}"
    assert AuditEntry.objects.count() == before, f"{url} {name} wrote something"
