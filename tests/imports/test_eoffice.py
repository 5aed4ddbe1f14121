"""E-office task import (#23): columns guessed and remembered, rows reviewed and committed, re-import
updates by identifier, statuses become progress updates of the source."""

import datetime as dt
import io
import unicodedata

import openpyxl
import pytest

from giamsat.core.errors import ApplicationError
from giamsat.imports.eoffice import guess_mapping, parse_day, read_table, status_state
from giamsat.imports.eoffice_commit import eoffice_create, eoffice_remap
from giamsat.imports.models import EofficeMapping, EofficeTaskLink, ImportJob
from giamsat.imports.services import import_commit
from giamsat.tasks.deadlines import DeadlineError
from giamsat.tasks.models import ProgressUpdate, Task

HEADERS = ["STT", "Số phiếu", "Số ký hiệu văn bản", "Ngày văn bản", "Trích yếu", "Nội dung nhiệm vụ",
           "Đơn vị chủ trì", "Đơn vị phối hợp", "Hạn xử lý", "Tình trạng", "Ngày hoàn thành"]
ROWS = [
    [1, "NV-0001", "1234/UBND-KT", dt.datetime(2025, 9, 3), "V/v triển khai Nghị quyết 57",
     "Xây dựng kho dữ liệu khoa học dùng chung", "Sở Khoa học và Công nghệ", "Sở VH,TT&DL",
     dt.datetime(2026, 3, 31), "Đang xử lý", None],
    [2, "NV-0002", "1234/UBND-KT", "03/09/2025", "V/v triển khai Nghị quyết 57",
     "Tổ chức hội thảo chuyển đổi số du lịch", "Sở Văn hóa, Thể thao và Du lịch", "",
     "01/01/1970", "Hoàn thành", "15/11/2025"],
]


def xlsx(rows=ROWS, headers=HEADERS, title=True) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if title:  # e-office exports carry a title block above the header
        sheet.append(["DANH SÁCH NHIỆM VỤ GIAO"])
        sheet.append([])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(encoding: str) -> bytes:
    lines = [";".join(HEADERS)]
    for row in ROWS:
        cells = [(f"{c:%d/%m/%Y}" if isinstance(c, dt.datetime) else str(c or "")) for c in row]
        lines.append(";".join(cells))
    text = "\r\n".join(lines) + "\r\n"
    return to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)


TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters precomposed, tone marks combining."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return out


def test_mapping_guessed_from_headers():
    mapping = guess_mapping(HEADERS)
    assert mapping["ticket"] == 1 and mapping["doc_number"] == 2 and mapping["doc_date"] == 3
    assert mapping["doc_title"] == 4 and mapping["name"] == 5
    assert mapping["lead"] == 6 and mapping["coordinators"] == 7 and mapping["deadline"] == 8
    assert mapping["status"] == 9 and mapping["done_on"] == 10
    # without a "Nội dung nhiệm vụ" column, the trích yếu is the task's name
    assert guess_mapping(["Số ký hiệu", "Trích yếu", "Hạn xử lý"])["name"] == 1


def test_days_and_statuses():
    assert parse_day("01/01/1970") is None and parse_day("") is None
    assert parse_day("31/03/2026") == dt.date(2026, 3, 31) and parse_day("2026-03-31") == dt.date(2026, 3, 31)
    with pytest.raises(ValueError):
        parse_day("30/02/2026")
    assert status_state("Chưa hoàn thành", None) == "in_progress"
    assert status_state("Hoàn thành quá hạn", None) == "done"
    assert status_state("Chưa xử lý", None) == "not_started"
    assert status_state("", dt.date(2025, 1, 1)) == "done"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1258"])
def test_csv_in_windows_1258_and_utf8_bom(encoding):
    table = read_table(csv_bytes(encoding), "nhiem-vu.csv")
    assert table["headers"][5] == "Nội dung nhiệm vụ"
    assert table["rows"][1][6] == "Sở Văn hóa, Thể thao và Du lịch"


def test_file_without_header_refused():
    with pytest.raises(ApplicationError, match="dòng tiêu đề"):
        read_table(b"a;b\n1;2\n", "x.csv")
    with pytest.raises(ApplicationError, match="XLSX hoặc CSV"):
        read_table(b"%PDF-1.4", "x.pdf")


@pytest.mark.django_db
def test_commit_then_reimport_updates(province):
    office, orgs = province["users"]["office"], province["orgs"]
    job = eoffice_create(user=office, filename="nv.xlsx", data=xlsx(), source="iOffice tỉnh")
    assert job.kind == ImportJob.Kind.EOFFICE and job.state == ImportJob.State.REVIEW
    tasks = job.proposal["tasks"]
    assert [t["external_id"] for t in tasks] == ["NV-0001", "NV-0002"]
    assert tasks[1]["deadline_text"] == "" and tasks[0]["deadline_text"] == "31/03/2026"
    assert job.proposal["agencies"]["Sở VH,TT&DL"]["id"] == orgs["culture"].pk
    doc = import_commit(user=office, job=job)
    assert doc.number == "1234/UBND-KT" and doc.date == dt.date(2025, 9, 3)
    first, second = (EofficeTaskLink.objects.get(source="iOffice tỉnh", external_id=k).task
                     for k in ("NV-0001", "NV-0002"))
    assert first.due_date == dt.date(2026, 3, 31)
    assert second.no_deadline
    assert set(first.assignments.values_list("organization_id", "role")) == {
        (orgs["science"].pk, "lead"), (orgs["culture"].pk, "coordinator")}
    done = ProgressUpdate.objects.get(task=second)
    assert done.state == "done" and done.source.startswith("Hệ thống điều hành")
    assert done.organization == orgs["culture"]
    assert done.reported_on == dt.date(2025, 11, 15)
    assert EofficeMapping.objects.get(source="iOffice tỉnh").mapping["name"] == 5
    count = Task.objects.count()

    # Re-import: the same rows changed in e-office: no second task, the new deadline and status taken.
    rows = [list(r) for r in ROWS]
    rows[0][8], rows[0][9], rows[0][10] = "30/06/2026", "Hoàn thành", "01/12/2025"
    again = eoffice_create(user=office, filename="nv2.xlsx", data=xlsx(rows), source="iOffice tỉnh")
    assert again.proposal["tasks"][0]["existing_task_id"] == first.pk
    import_commit(user=office, job=again)
    assert Task.objects.count() == count
    first.refresh_from_db()
    assert first.due_date == dt.date(2026, 6, 30)
    assert ProgressUpdate.objects.filter(task=first, state="done").count() == 1
    assert ProgressUpdate.objects.filter(task=second).count() == 1  # unchanged status: nothing new


@pytest.mark.django_db
def test_remembered_mapping_and_bad_deadline(province):
    office = province["users"]["office"]
    headers = ["Mã", "Nội dung", "Chủ trì", "Hạn", "Ngày ký"]
    rows = [["A1", "Việc một", "Sở KHCN", "01/01/2025", "01/06/2025"]]
    job = eoffice_create(user=office, filename="x.xlsx", data=xlsx(rows, headers), source="Nguồn B")
    # "Mã" is not guessed: the reviewer maps it as the ticket; the next upload starts from that mapping
    mapping = {**job.proposal["mapping"], "ticket": 0}
    job = eoffice_remap(user=office, job=job, mapping=mapping)
    assert job.proposal["tasks"][0]["external_id"] == "A1"
    assert "trước ngày ban hành" in job.proposal["tasks"][0]["problem"]
    with pytest.raises(DeadlineError):
        import_commit(user=office, job=job)
    assert not EofficeTaskLink.objects.exists()
    later = eoffice_create(user=office, filename="y.xlsx", data=xlsx(rows, headers), source="Nguồn B")
    assert later.proposal["mapping"]["ticket"] == 0
    with pytest.raises(ApplicationError, match="Chưa chọn cột"):
        eoffice_remap(user=office, job=later, mapping={"ticket": 0})


@pytest.mark.django_db
def test_agency_cannot_import(province):
    with pytest.raises(ApplicationError):
        eoffice_create(user=province["users"]["focal_culture"], filename="nv.xlsx", data=xlsx())


@pytest.mark.django_db
def test_pages_upload_map_commit(client, province):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(province["users"]["office"])
    assert "hệ thống quản lý văn bản và điều hành" in client.get("/nhap-van-ban/").content.decode()
    response = client.post("/nhap-van-ban/dieu-hanh/", {
        "source": "iOffice", "file": SimpleUploadedFile("nv.csv", csv_bytes("utf-8-sig"))})
    job = ImportJob.objects.get(kind="eoffice")
    assert response.status_code == 302 and response["Location"] == f"/nhap-van-ban/{job.pk}/"
    page = client.get(f"/nhap-van-ban/{job.pk}/").content.decode()
    assert "Ghép cột" in page and "Xây dựng kho dữ liệu khoa học dùng chung" in page and "03/09/2025" in page
    # remap: the trích yếu as the task's name
    mapping = {f"map-{k}": str(v) for k, v in job.proposal["mapping"].items()}
    mapping.update({"map-name": "4", "map-doc_title": "", "action": "map", "source": "iOffice"})
    client.post(f"/nhap-van-ban/{job.pk}/", mapping)
    job.refresh_from_db()
    assert job.proposal["tasks"][0]["name"] == "V/v triển khai Nghị quyết 57"
    form = {"action": "commit", "task-0-include": "on", "task-0-name": "Việc đã sửa", "task-0-lead": "Sở KHCN",
            "task-0-coordinators": "", "task-0-deadline_text": "31/03/2026", "task-1-name": "bỏ", "task-1-lead": ""}
    response = client.post(f"/nhap-van-ban/{job.pk}/", form, follow=True)
    assert "1 nhiệm vụ mới" in response.content.decode()
    assert list(Task.objects.filter(eoffice_links__source="iOffice").values_list("name", flat=True)) == ["Việc đã sửa"]
    client.force_login(province["users"]["focal_culture"])
    assert client.post("/nhap-van-ban/dieu-hanh/", {"file": SimpleUploadedFile("nv.csv", b"x")}).status_code == 403


@pytest.mark.django_db
def test_api_upload_review_commit(client, province, bearer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    office = bearer(province["users"]["office"])
    answer = client.post("/api/v1/imports/eoffice", {"file": SimpleUploadedFile("nv.xlsx", xlsx()),
                                                     "source": "iOffice"}, **office)
    assert answer.status_code == 201, answer.content
    job = answer.json()
    assert job["state"] == "review" and job["proposal"]["kind"] == "eoffice"
    assert [t["external_id"] for t in job["proposal"]["tasks"]] == ["NV-0001", "NV-0002"]
    # the mapping step: the trích yếu as the task's name, then back
    remapped = client.post(f"/api/v1/imports/{job['id']}/mapping",
                           {"mapping": {**job["proposal"]["mapping"], "name": 4, "doc_title": None}},
                           content_type="application/json", **office)
    assert remapped.status_code == 200 and remapped.json()["proposal"]["tasks"][0]["name"].startswith("V/v")
    wrong = client.post(f"/api/v1/imports/{job['id']}/mapping", {"mapping": {"name": 99}},
                        content_type="application/json", **office)
    assert wrong.status_code == 400 and "không có trong tệp" in wrong.json()["detail"]
    job = client.post(f"/api/v1/imports/{job['id']}/mapping", {"mapping": job["proposal"]["mapping"]},
                      content_type="application/json", **office).json()
    # the same commit operation as a plan's, with an edited proposal: the second row left out
    proposal = job["proposal"]
    for broken in ({"external_id": ""}, {"state": "xong"}, {"done_on": "15/11/2025"}):
        bad = {**proposal, "tasks": [{**proposal["tasks"][1], **broken}]}
        refused = client.post(f"/api/v1/imports/{job['id']}/commit", {"proposal": bad},
                              content_type="application/json", **office)
        assert refused.status_code == 400 and "Dòng" in refused.json()["detail"], broken
    assert not EofficeTaskLink.objects.exists() and not ProgressUpdate.objects.filter(source__startswith="Hệ").exists()
    proposal["tasks"][1]["include"] = False
    done = client.post(f"/api/v1/imports/{job['id']}/commit", {"proposal": proposal},
                       content_type="application/json", **office)
    assert done.status_code == 201 and done.json()["number"] == "1234/UBND-KT"
    assert list(EofficeTaskLink.objects.values_list("source", "external_id")) == [("iOffice", "NV-0001")]
    bad = client.post("/api/v1/imports/eoffice", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")}, **office)
    assert bad.status_code == 400 and "XLSX hoặc CSV" in bad.json()["detail"]
    agency = bearer(province["users"]["focal_culture"])
    assert client.post("/api/v1/imports/eoffice", {"file": SimpleUploadedFile("nv.xlsx", xlsx())},
                       **agency).status_code == 403
