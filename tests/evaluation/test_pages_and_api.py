"""The API and pages per role: an agency sees only its own row of published evaluations, inspectors and
leaders read everything and change nothing, the office runs and publishes; files open and say what they should."""

import datetime as dt
import io

import pytest

from giamsat.core.actors import SYSTEM

D = dt.date


def test_api_lists_published_and_gives_the_breakdown(client, published, bearer):
    evaluation = published["evaluation"]
    headers = bearer(published["users"]["leader"])
    listed = client.get("/api/v1/evaluations?period=2025-Q4&level=department", **headers).json()
    assert [e["id"] for e in listed] == [evaluation.pk] and listed[0]["period_label"] == "Quý IV/2025"
    assert client.get("/api/v1/evaluations?period=2025-Q3&level=department", **headers).json() == []
    assert client.get("/api/v1/evaluations?period=2025-Q9", **headers).status_code == 400
    assert client.get("/api/v1/evaluations?level=tinh", **headers).status_code == 400
    detail = client.get(f"/api/v1/evaluations/{evaluation.pk}", **headers).json()
    rows = {r["organization"]["code"]: r for r in detail["results"]}
    assert {code: (r["score"], r["band"], r["rank"]) for code, r in rows.items()} == {
        "stp": (100.0, "A", 1), "svhttdl": (91.39, "A", 2), "skhcn": (70.77, "C", 3)}
    for row in detail["results"]:
        assert round(sum(c["points"] for c in row["criteria"]), 2) == row["score"]
        for c in row["criteria"]:
            assert round(sum(i["effect"] for i in c["items"]), 2) == c["points"]
            assert {"code", "name", "points", "max_points", "items"} <= set(c)
    task_b = published["tasks"]["b"].pk
    nv1 = next(c for c in rows["skhcn"]["criteria"] if c["code"] == "NV1")
    assert {"kind": "task", "id": task_b} == {k: v for k, v in nv1["items"][1].items() if k in ("kind", "id")}


def test_api_agency_sees_its_own_row_and_no_draft(client, published, bearer, draft_v2):
    evaluation = published["evaluation"]
    headers = bearer(published["users"]["focal_science"])
    detail = client.get(f"/api/v1/evaluations/{evaluation.pk}", **headers).json()
    assert [r["organization"]["code"] for r in detail["results"]] == ["skhcn"]
    assert client.get(f"/api/v1/evaluations/{draft_v2.pk}", **headers).status_code == 404
    assert [e["id"] for e in client.get("/api/v1/evaluations", **headers).json()] == [evaluation.pk]


@pytest.fixture
def draft_v2(published):
    from giamsat.evaluation.services import evaluation_reopen

    return evaluation_reopen(actor=SYSTEM, evaluation=published["evaluation"])


def test_agency_pages_show_only_its_own(client, published, login):
    evaluation, orgs = published["evaluation"], published["orgs"]
    c = login(published["users"]["focal_culture"])
    page = c.get(f"/danh-gia/{evaluation.pk}/").content.decode()
    assert "Sở Văn hóa, Thể thao và Du lịch" in page and "Sở Khoa học và Công nghệ" not in page
    assert c.get(f"/danh-gia/{evaluation.pk}/don-vi/{orgs['science'].pk}/").status_code == 404
    own = c.get(f"/danh-gia/{evaluation.pk}/don-vi/{orgs['culture'].pk}/")
    body = own.content.decode()
    assert own.status_code == 200 and "91,39 điểm, xếp loại A" in body
    assert f'href="/nhiem-vu/{published["tasks"]["a"].pk}/"' in body and "Gửi khiếu nại" in body
    response = c.post(f"/danh-gia/{evaluation.pk}/don-vi/{orgs['culture'].pk}/",
                      {"text": "Nhiệm vụ 6 chậm do chờ kinh phí, đề nghị xem xét."})
    assert response.status_code == 302
    assert evaluation.objections.get().organization == orgs["culture"]


def test_inspector_and_leader_read_but_do_not_change(client, published, login):
    evaluation = published["evaluation"]
    for key in ("inspector", "leader"):
        c = login(published["users"][key])
        page = c.get(f"/danh-gia/{evaluation.pk}/").content.decode()
        assert "Sở Khoa học và Công nghệ" in page and "Mở lại" not in page
        assert c.post(f"/danh-gia/{evaluation.pk}/mo-lai/").status_code == 403
        assert c.post("/danh-gia/tinh-diem/", {"period": "2025-Q4", "level": "department"}).status_code == 403
    assert evaluation.__class__.objects.count() == 1


def test_office_runs_adjusts_and_publishes_through_pages(client, evaluated, login):
    from giamsat.evaluation.models import Evaluation

    c = login(evaluated["users"]["office"])
    assert "Quý IV/2025" in c.get("/danh-gia/").content.decode()
    response = c.post("/danh-gia/tinh-diem/", {"period": "2025-Q4", "level": "department", "as_of": "31/12/2025"})
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302 and evaluation.as_of == D(2025, 12, 31)
    bad = c.post(f"/danh-gia/{evaluation.pk}/dieu-chinh/", {"organization": evaluated["orgs"]["science"].pk,
                                                             "points": "2", "reason": "Lý do",
                                                             "document_number": ""}, follow=True)
    assert "số văn bản" in bad.content.decode() and not evaluation.adjustments.exists()
    c.post(f"/danh-gia/{evaluation.pk}/dieu-chinh/", {"organization": evaluated["orgs"]["science"].pk,
                                                       "points": "2", "reason": "Có sáng kiến được công nhận",
                                                       "document_number": "20/QĐ-UBND"})
    page = c.get(f"/danh-gia/{evaluation.pk}/").content.decode()
    assert "72,77" in page and "20/QĐ-UBND" in page
    c.post(f"/danh-gia/{evaluation.pk}/cong-bo/", {"show_public": "1"})
    evaluation.refresh_from_db()
    assert evaluation.state == "published" and evaluation.show_public
    client.logout()
    public = client.get("/danh-gia/cong-khai/").content.decode()
    assert "Sở Khoa học và Công nghệ" in public and "72,77" not in public


def test_ranking_xlsx_and_docx_open(client, published, login):
    import openpyxl
    from docx import Document

    evaluation = published["evaluation"]
    c = login(published["users"]["leader"])
    wb = openpyxl.load_workbook(io.BytesIO(c.get(f"/danh-gia/{evaluation.pk}/xep-loai.xlsx").content))
    rows = list(wb["Xếp hạng"].iter_rows(values_only=True))
    assert rows[0][:6] == ("Hạng", "Cơ quan, đơn vị", "Mã định danh / mã ĐVHC", "Người đứng đầu", "Điểm", "Xếp loại")
    assert [(r[0], r[1], r[4], r[5]) for r in rows[1:]] == [
        (1, "Sở Tư pháp", 100, "A"), (2, "Sở Văn hóa, Thể thao và Du lịch", 91.39, "A"),
        (3, "Sở Khoa học và Công nghệ", 70.77, "C")]
    assert rows[2][3] == "ld-svhttdl"
    details = list(wb["Chi tiết điểm"].iter_rows(values_only=True))
    assert ("Sở Khoa học và Công nghệ", "TR1") in {(r[0], r[1]) for r in details}
    doc = Document(io.BytesIO(c.get(f"/danh-gia/{evaluation.pk}/bao-cao.docx").content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Kết quả đánh giá, xếp loại sở, ban, ngành tỉnh Quý IV/2025" in text
    assert "PHỤ LỤC" in text and "loại A: 1" not in text and "loại A: 2" in text
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells[1]
    assert "91,39" in cells and "NV1" in cells
    assert c.get(f"/danh-gia/{evaluation.pk}/bao-cao.docx").status_code == 200
    agency = login(published["users"]["focal_culture"])
    assert agency.get(f"/danh-gia/{evaluation.pk}/bao-cao.docx").status_code == 403


def test_criteria_set_xlsx_round_trip_and_bad_files(client, draft, login):
    from giamsat.evaluation.models import CriteriaSet

    c = login(draft["users"]["office"])
    cs = draft["evaluation"].criteria_set
    content = c.get(f"/danh-gia/bo-tieu-chi/{cs.pk}/bo-tieu-chi.xlsx").content
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb["Tiêu chí"]
    ws["E2"] = 35  # NV1 40 → 35 and NV2 15 → 20: still 100
    ws["E3"] = 20
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "bo-tieu-chi.xlsx"
    response = c.post("/danh-gia/bo-tieu-chi/nhap/", {"level": "department", "file": out})
    assert response.status_code == 302
    new = CriteriaSet.objects.get(level="department", is_current=True)
    assert new.version == 2 and [float(x.max_points) for x in new.criteria.all()][:2] == [35.0, 20.0]
    ws["E3"] = 30  # 115: refused, nothing written
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "sai.xlsx"
    response = c.post("/danh-gia/bo-tieu-chi/nhap/", {"level": "department", "file": out})
    assert response.status_code == 400 and "phải bằng 100" in response.content.decode()
    broken = io.BytesIO(b"khong phai excel")
    broken.name = "hong.xlsx"
    response = c.post("/danh-gia/bo-tieu-chi/nhap/", {"level": "department", "file": broken})
    assert response.status_code == 400 and CriteriaSet.objects.count() == 2


def test_criteria_set_edit_page_makes_a_version(client, draft, login):
    cs = draft["evaluation"].criteria_set
    c = login(draft["users"]["office"])
    form = {"name": "Bộ tiêu chí sửa", "lead_weight": "1", "coordinator_weight": "0,5", "bonus_cap": "5",
            "penalty_cap": "10", "objection_days": "7", "bands": "A 90; B 80; C 65; D 50; E 0", "note": ""}
    for i, criterion in enumerate(cs.criteria.all()):
        form[f"name_{i}"] = criterion.name
        form[f"max_{i}"] = str(criterion.max_points).replace(".", ",")
    response = c.post(f"/danh-gia/bo-tieu-chi/{cs.pk}/", form)
    assert response.status_code == 302
    cs.refresh_from_db()
    from giamsat.evaluation.models import CriteriaSet

    new = CriteriaSet.objects.get(is_current=True)
    assert not cs.is_current and str(cs.coordinator_weight) == "0.30"
    assert (new.version, str(new.coordinator_weight), new.objection_days) == (2, "0.50", 7)
    bad = c.post(f"/danh-gia/bo-tieu-chi/{cs.pk}/", {**form, "bands": "A chín; B 80; C 0"})
    assert bad.status_code == 400 and "không phải là số" in bad.content.decode()


def test_evaluate_command(evaluated, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("evaluate", period="2025-Q4", level="department", as_of="2025-12-31", publish=True)
    out = capsys.readouterr().out
    assert "đã công bố" in out and "Sở Khoa học và Công nghệ: 70,77 điểm, loại C" in out
    with pytest.raises(CommandError, match="đã công bố"):
        call_command("evaluate", period="2025-Q4", level="department")
    with pytest.raises(CommandError, match="Kỳ đánh giá không hợp lệ"):
        call_command("evaluate", period="2025-Q7", level="department")


def test_office_sets_a_task_priority(client, evaluated, login):
    from giamsat.evaluation.models import TaskPriority

    c = login(evaluated["users"]["office"])
    b = evaluated["tasks"]["b"]
    assert c.post("/danh-gia/uu-tien/", {"task": b.pk, "priority": "3"}).status_code == 302
    assert TaskPriority.objects.get(task=b).priority == 3
    bad = c.post("/danh-gia/uu-tien/", {"task": 999999, "priority": "2"})
    assert bad.status_code == 400 and "Không có nhiệm vụ" in bad.content.decode()
    assert f"/nhiem-vu/{b.pk}/" in c.get("/danh-gia/uu-tien/").content.decode()
    agency = login(evaluated["users"]["focal_science"])
    assert agency.post("/danh-gia/uu-tien/", {"task": b.pk, "priority": "1"}).status_code == 403
    assert TaskPriority.objects.get(task=b).priority == 3


def test_the_trend_is_an_inline_svg_chart_beside_the_table(client, published, login):
    """Issue #17: the trend drawn as an SVG line (no script), a point per published period, band lines."""
    import re

    from giamsat.evaluation.services import evaluation_publish, evaluation_run

    q3 = evaluation_publish(actor=SYSTEM, evaluation=evaluation_run(
        actor=SYSTEM, period="2025-Q3", level="department", as_of=dt.date(2025, 9, 30)))
    culture = published["orgs"]["culture"].pk
    c = login(published["users"]["focal_culture"])
    body = c.get(f"/danh-gia/{published['evaluation'].pk}/don-vi/{culture}/").content.decode()
    chart = body.split('<figure class="card trend-chart">')[1].split("</figure>")[0]
    assert "<script" not in body.split("Diễn biến qua các kỳ")[1].split("</table>")[0]
    points = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', chart)
    assert len(points) == 2 and float(points[0][0]) < float(points[1][0])  # Q3 then Q4, left to right
    q4_score = published["evaluation"].results.get(organization_id=culture).score
    assert float(points[1][1]) == round(110 - float(q4_score), 1)  # 0–100 points drawn upwards from y=110
    assert "Quý IV/2025: 91,39 điểm, loại A" in chart and "Quý III/2025" in chart
    assert re.search(r'stroke-dasharray="3 2"/><text [^>]*>B</text>', chart)  # the band thresholds
    assert q3.results.get(organization_id=culture).score is not None


def test_the_office_sets_a_priority_on_the_task_page(client, evaluated, login):
    """Issue #17: the priority (1–3) shown and edited on the task page by the office, audited."""
    from giamsat.audit.models import AuditEntry
    from giamsat.evaluation.models import TaskPriority

    b = evaluated["tasks"]["b"]
    office = login(evaluated["users"]["office"])
    page = office.get(f"/nhiem-vu/{b.pk}/").content.decode()
    assert "Mức ưu tiên khi đánh giá, xếp loại:</strong> 1 – thường" in page
    assert f'action="/danh-gia/uu-tien/{b.pk}/"' in page
    answer = office.post(f"/danh-gia/uu-tien/{b.pk}/", {"priority": "3"}, follow=True)
    assert answer.redirect_chain[-1][0] == f"/nhiem-vu/{b.pk}/"
    assert "3 – trọng tâm" in answer.content.decode() and TaskPriority.objects.get(task=b).priority == 3
    entry = AuditEntry.objects.filter(object_type="evaluation.taskpriority", object_id=str(b.pk)).latest("id")
    assert entry.after == {"priority": 3}
    bad = office.post(f"/danh-gia/uu-tien/{b.pk}/", {"priority": "7"}, follow=True)
    assert bad.status_code == 200 and "Mức ưu tiên phải là 1, 2 hoặc 3." in bad.content.decode()
    assert TaskPriority.objects.get(task=b).priority == 3
    assert office.post("/danh-gia/uu-tien/999999/", {"priority": "2"}).status_code == 404
    agency = login(evaluated["users"]["focal_science"])  # it leads the task: sees the priority, cannot change it
    page = agency.get(f"/nhiem-vu/{b.pk}/").content.decode()
    assert "3 – trọng tâm" in page and f'action="/danh-gia/uu-tien/{b.pk}/"' not in page
    assert agency.post(f"/danh-gia/uu-tien/{b.pk}/", {"priority": "1"}).status_code == 403
    assert TaskPriority.objects.get(task=b).priority == 3
