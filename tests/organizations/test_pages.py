"""The reorganization page (preview, commit, revert), the directory's lineage and codes, the "chuyển từ" mark,
and the import of identifier codes (page and command)."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from giamsat.organizations.models import Organization, Reorganization
from giamsat.tasks.models import TaskAssignment

pytestmark = pytest.mark.django_db
URL = "/sap-xep-co-quan/"


def form(o, **extra):
    data = {"kind": "merge", "predecessors": [o["culture"].pk], "successors": [o["merged"].pk],
            "effective_date": "01/01/2026", "document_number": "05/NQ-HĐND", "document_date": "20/12/2025",
            "document_issuer": "HĐND tỉnh Lai Châu"}
    data.update(extra)
    return data


def test_preview_then_commit_then_revert_on_the_page(reorg, login):
    o, t = reorg["orgs"], reorg["tasks"]
    client = login(reorg["users"]["office"])
    assert reverse("organizations:reorganizations") == URL
    page = client.post(URL, form(o, action="preview"))
    html = page.content.decode()
    assert page.status_code == 200 and "Những gì được chuyển" in html and "01/01/2026" in html
    assert t["culture"].name in html and "Ghi nhận quyết định" in html
    assert not Reorganization.objects.exists()
    done = client.post(URL, form(o, action="commit"), follow=True)
    assert "Đã áp dụng" in done.content.decode()
    reorg_row = Reorganization.objects.get()
    assert reorg_row.state == "applied"
    detail = client.get(reverse("web:task", args=[t["culture"].pk])).content.decode()
    assert "chuyển từ Sở Văn hóa, Thể thao và Du lịch" in detail
    listing = client.get(f"/nhiem-vu/?organization={o['merged'].pk}").content.decode()
    assert "chuyển từ Sở Văn hóa, Thể thao và Du lịch" in listing
    client.post(reverse("organizations:reorganization_revert", args=[reorg_row.pk]), {"note": "nhầm"})
    assert Reorganization.objects.get().state == "reverted"
    assert TaskAssignment.objects.filter(task=t["culture"], organization=o["culture"], role="lead").exists()


def test_split_by_hand_on_the_page(reorg, login):
    o, t = reorg["orgs"], reorg["tasks"]
    client = login(reorg["users"]["admin"])
    data = form(o, kind="split", predecessors=[o["district"].pk], successors=[o["commune_a"].pk, o["commune_b"].pk],
                rule="manual", action="preview")
    html = client.post(URL, data).content.decode()
    assert f'name="task_{t["d1"].pk}"' in html
    data.update({"action": "commit", f"task_{t['d1'].pk}": [str(o["commune_b"].pk)]})
    client.post(URL, data)
    assert set(TaskAssignment.objects.filter(task=t["d1"], role="lead").values_list("organization_id", flat=True)) == {
        o["commune_b"].pk}
    assert set(TaskAssignment.objects.filter(task=t["d2"], role="lead").values_list("organization_id", flat=True)) == {
        o["commune_a"].pk}  # not chosen: the first successor


def test_bad_form_is_a_400_in_vietnamese_and_nothing_changes(reorg, login):
    o = reorg["orgs"]
    client = login(reorg["users"]["office"])
    page = client.post(URL, form(o, effective_date="2026-13-45", action="commit"))
    assert page.status_code == 400 and "Nhập một ngày hợp lệ" in page.content.decode()
    page = client.post(URL, form(o, successors=[], action="commit"))
    assert page.status_code == 400 and "đúng một đơn vị" in page.content.decode()
    assert not Reorganization.objects.exists()


def test_the_directory_shows_lineage_codes_and_searches_them(reorg, login, decide):
    o = reorg["orgs"]
    decide("merge", [o["culture"]], [o["merged"]])
    Organization.objects.filter(pk=o["merged"].pk).update(identifier_code="H36.15")
    client = login(reorg["users"]["focal_science"])
    html = client.get("/co-quan/").content.decode()
    assert "kế thừa Sở Văn hóa, Thể thao và Du lịch từ 01/01/2026" in html and "H36.15" in html
    assert "Sắp xếp cơ quan, đơn vị" not in html  # only for the office and the administrator
    found = client.get("/co-quan/?q=H36.15").content.decode()
    assert "Sở Văn hóa, Khoa học và Du lịch" in found and "Sở Khoa học và Công nghệ</a>" not in found
    detail = client.get(f"/co-quan/{o['culture'].pk}/").content.decode()
    assert "Kế thừa bởi" in detail and "theo 12/NQ-HĐND" in detail


def test_codes_from_csv_on_the_page_and_xlsx_by_command(reorg, login, tmp_path):
    from openpyxl import Workbook

    o = reorg["orgs"]
    client = login(reorg["users"]["office"])
    csv_data = ("Tên;Mã định danh;Mã đơn vị hành chính\nSở Khoa học và Công nghệ;H36.10;\n"
                "UBND huyện Tam Đường;;106\nKhông có;X;\n")
    upload = io.BytesIO(csv_data.encode())
    upload.name = "ma.csv"
    page = client.post(reverse("organizations:codes"), {"file": upload})
    html = page.content.decode()
    assert "Đã cập nhật mã của 2 cơ quan" in html and "Không tìm thấy: Không có" in html
    assert Organization.objects.get(pk=o["science"].pk).identifier_code == "H36.10"
    assert Organization.objects.get(pk=o["district"].pk).admin_unit_code == "106"
    book = Workbook()
    book.active.append(["Mã", "Mã định danh điện tử"])
    book.active.append(["svhttdl", "H36.20"])
    path = tmp_path / "ma.xlsx"
    book.save(path)
    out = io.StringIO()
    call_command("organization-codes", str(path), stdout=out)
    assert Organization.objects.get(pk=o["culture"].pk).identifier_code == "H36.20"
    bad = io.BytesIO(b"a,b\n1,2\n")
    bad.name = "x.csv"
    page = client.post(reverse("organizations:codes"), {"file": bad})
    assert page.status_code == 400 and "Dòng đầu" in page.content.decode()
    # an .xlsx is vetted like every uploaded office file: a ZIP that is not a workbook is refused
    not_a_book = io.BytesIO()
    with zipfile.ZipFile(not_a_book, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    not_a_book.seek(0)
    not_a_book.name = "ma.xlsx"
    page = client.post(reverse("organizations:codes"), {"file": not_a_book})
    assert page.status_code == 400 and "không phải bảng tính XLSX" in page.content.decode()


def test_the_command_applies_due_decisions(reorg, decide):
    o = reorg["orgs"]
    decide("merge", [o["culture"]], [o["merged"]], on=dt.date(2026, 2, 1))
    out = io.StringIO()
    call_command("reorganizations", "--today", "2026-02-01", stdout=out)
    assert "01/02/2026" in out.getvalue()
    assert Reorganization.objects.get().state == "applied"


def test_the_agencies_export_carries_the_identifier_code(reorg, login):
    client = login(reorg["users"]["office"])
    csv_text = client.get("/bang-dieu-khien/xuat/bao-cao.csv").content.decode("utf-8-sig")
    import csv

    assert next(csv.reader(io.StringIO(csv_text)))[:2] == ["Cơ quan, đơn vị", "Mã định danh"]
