"""Exports in the national systems' shapes (#23, ADR 0040): the Hệ thống 57 row tree and its push client
(against a local HTTP server that checks the payload), and the open-data export."""

import base64
import datetime as dt
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import openpyxl
import pytest
from django.utils import timezone

from giamsat.exports.models import System57Push
from giamsat.reporting.models import Report, ReportingPeriod, ReportingRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(province):
    orgs = province["orgs"]
    orgs["science"].identifier_code, orgs["science"].admin_unit_code = "H33.12", "12"
    orgs["science"].save()
    rule = ReportingRule.objects.create(document=province["doc"], frequency="quarterly", due_day=15)
    period = ReportingPeriod.objects.create(rule=rule, key="2025-Q4", label="Quý IV/2025", start=dt.date(2025, 10, 1),
                                            end=dt.date(2025, 12, 15), due_date=dt.date(2025, 12, 20))
    at = timezone.now()
    Report.objects.create(period=period, organization=orgs["culture"], state="sent", sent_at=at,
                          results="Tổ chức 12 hội nghị tuyên truyền <NQ 57>.", shortcomings="Thiếu kinh phí.",
                          next_tasks="Hoàn thành số hóa di sản.")
    Report.objects.create(period=period, organization=orgs["science"], state="sent", sent_at=at,
                          results="Đưa nền tảng dữ liệu vào vận hành.", proposals="Bổ sung biên chế.")
    Report.objects.create(period=period, organization=orgs["office"], state="draft", results="Chưa duyệt.")
    return period


def test_system57_row_tree(client, province, reports, bearer):
    answer = client.get("/api/v1/exports/system57?period=2025Q4", **bearer(province["users"]["office"]))
    assert answer.status_code == 200, answer.content
    data = answer.json()
    rows = {r["idxCode"]: r for r in data["rows"]}
    assert [rows[c]["idxName"] for c in ("I", "II", "III")] == ["Kết quả nổi bật", "Khó khăn, vướng mắc",
                                                                 "Nhiệm vụ kỳ tới"]
    assert all(rows[c]["parentId"] is None for c in ("I", "II", "III"))
    agency_rows = [r for r in data["rows"] if r["parentId"] == rows["I"]["idxId"]]
    assert [r["idxName"] for r in agency_rows] == ["Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch"]
    assert [r["idxOrder"] for r in agency_rows] == [1, 2]
    culture = agency_rows[1]
    assert culture["idxContentRaw"] == "Sở Văn hóa, Thể thao và Du lịch: Tổ chức 12 hội nghị tuyên truyền <NQ 57>."
    assert "Times New Roman" in culture["idxContent"] and "&lt;NQ 57&gt;" in culture["idxContent"]
    assert "<b>Sở Văn hóa, Thể thao và Du lịch:</b>" in culture["idxContent"]
    assert "Chưa duyệt" not in json.dumps(data, ensure_ascii=False)  # a draft is not reported
    assert "Tổng số nhiệm vụ: 3" in rows["I"]["idxContentRaw"]  # the figures, from giamsat.metrics
    assert "Bổ sung biên chế" in rows["II"]["idxContentRaw"]
    one = client.get(f"/api/v1/exports/system57?period=2025Q4&organization={province['orgs']['science'].pk}",
                     **bearer(province["users"]["focal_science"])).json()
    assert one["organization"]["identifier_code"] == "H33.12"
    assert {r["idxName"] for r in one["rows"] if r["parentId"]} == {"Sở Khoa học và Công nghệ"}


def test_system57_refusals(client, province, reports, bearer):
    focal = bearer(province["users"]["focal_science"])
    own = client.get("/api/v1/exports/system57?period=2025Q4", **focal).json()  # its own report by default
    assert own["organization"]["id"] == province["orgs"]["science"].pk
    assert client.get("/api/v1/exports/system57", **focal).json()["period"] == "2026Q1"  # the current quarter
    other = province["orgs"]["culture"].pk
    assert client.get(f"/api/v1/exports/system57?period=2025Q4&organization={other}", **focal).status_code == 403
    office = bearer(province["users"]["office"])
    bad = client.get("/api/v1/exports/system57?period=2025Q5", **office)
    assert bad.status_code == 400 and "YYYYQn" in bad.json()["detail"]
    assert client.get("/api/v1/exports/system57?period=2025&organization=999999", **office).status_code == 404


class _Receiver(BaseHTTPRequestHandler):
    received: list = []
    answer_status = 200

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.path, dict(self.headers), json.loads(body)))
        self.send_response(type(self).answer_status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"code": "OK", "reportId": 77}' if type(self).answer_status == 200 else b'{"error": "x"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def national(settings):
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Receiver.received, _Receiver.answer_status = [], 200
    settings.GIAMSAT_SYSTEM57 = {"url": f"http://127.0.0.1:{server.server_port}/api/report", "username": "tinh",
                                 "password": "bi-mat", "token": "", "timeout": 5,
                                 "template_ids": {"quarter": "TPL-Q", "month": "TPL-M", "year": "TPL-Y"}}
    yield _Receiver
    server.shutdown()
    server.server_close()


def test_push_sends_the_tree_and_logs_the_answer(client, province, reports, national, bearer):
    office = bearer(province["users"]["office"])
    answer = client.post("/api/v1/exports/system57/push?period=2025Q4", **office)
    assert answer.status_code == 201 and answer.json()["ok"] is True
    path, headers, payload = national.received[0]
    assert path == "/api/report" and payload["templateId"] == "TPL-Q" and payload["period"] == "2025Q4"
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"tinh:bi-mat").decode()
    assert [r["idxName"] for r in payload["rows"] if r["parentId"] is None][0] == "Kết quả nổi bật"
    log = System57Push.objects.get()
    assert log.ok and log.status_code == 200 and "reportId" in log.answer and log.rows == len(payload["rows"])
    client.force_login(province["users"]["office"])
    page = client.get("/xuat-du-lieu/?period=2025Q4").content.decode()
    assert "Đã gửi Hệ thống 57 lúc" in page
    # refused by the system: logged, not marked
    national.answer_status = 500
    failed = client.post("/api/v1/exports/system57/push?period=202512", **office).json()
    assert failed["ok"] is False and failed["status_code"] == 500 and "lỗi 500" in failed["error"]
    assert System57Push.objects.filter(ok=False, period="202512").count() == 1
    assert "Chưa gửi Hệ thống 57" in client.get("/xuat-du-lieu/?period=202512").content.decode()
    # agencies do not push
    assert client.post("/api/v1/exports/system57/push?period=2025Q4",
                       **bearer(province["users"]["head_culture"])).status_code == 403


def test_push_without_configuration_is_refused(client, province, reports, settings, bearer):
    settings.GIAMSAT_SYSTEM57 = {"url": ""}
    answer = client.post("/api/v1/exports/system57/push?period=2025Q4", **bearer(province["users"]["office"]))
    assert answer.status_code == 400 and "Chưa cấu hình" in answer.json()["detail"]
    assert not System57Push.objects.exists()


def test_open_data_json_and_xlsx(client, province, reports, bearer):
    office = bearer(province["users"]["office"])
    data = client.get("/api/v1/exports/open-data?format=json", **office).json()
    assert data["schema_version"] == "1.0"
    assert {t["name"] for t in data["tasks"]} == {t.name for t in province["tasks"].values()}
    science_task = next(t for t in data["tasks"] if t["name"] == "Xây dựng nền tảng dữ liệu")
    assert science_task["lead"][0]["identifier_code"] == "H33.12" and science_task["due_period"] == "2026Q1"
    assert science_task["status"] in {c["code"] for c in data["code_lists"]["task_status"]}
    assert {(r["period"], r["identifier_code"]) for r in data["report_punctuality"]} >= {("2025Q4", "H33.12")}
    assert data["documents"][0]["number"] == "2653/KH-UBND"
    xlsx = client.get("/api/v1/exports/open-data?format=xlsx", **office)
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book["Thông tin"]["B1"].value == "1.0"
    assert [c.value for c in book["Nhiệm vụ"][1]][:4] == ["id", "document_id", "number", "name"]
    assert book["Nhiệm vụ"].max_row == 4
    assert client.get("/api/v1/exports/open-data?format=pdf", **office).status_code == 400
    # an agency: only what it sees
    mine = client.get("/api/v1/exports/open-data", **bearer(province["users"]["focal_culture"])).json()
    assert {t["name"] for t in mine["tasks"]} == {"Tuyên truyền mục tiêu của tỉnh", "Hội nghị chuyên đề"}
    assert {r["organization_id"] for r in mine["report_punctuality"]} == {province["orgs"]["culture"].pk}


def test_pages(client, province, reports):
    client.force_login(province["users"]["office"])
    page = client.get("/xuat-du-lieu/?period=2025Q4").content.decode()
    assert "Kết quả nổi bật" in page and "Gửi Hệ thống 57" in page
    download = client.get("/xuat-du-lieu/he-thong-57.json?period=2025Q4")
    assert download["Content-Disposition"].startswith("attachment") and download.json()["period"] == "2025Q4"
    assert client.get("/xuat-du-lieu/?period=abc").status_code == 400
    assert client.get("/xuat-du-lieu/du-lieu-mo/?format=xlsx").status_code == 200
    client.force_login(province["users"]["focal_culture"])
    page = client.get("/xuat-du-lieu/?period=2025Q4").content.decode()
    assert "Sở Văn hóa, Thể thao và Du lịch: Tổ chức" in page and "Sở Khoa học và Công nghệ:" not in page
    assert "Gửi Hệ thống 57</button>" not in page


def test_the_system57_mark_shows_on_each_report_page_and_in_the_sent_list(client, province, reports,
                                                                          django_capture_on_commit_callbacks):
    """«Đã gửi Hệ thống 57» per report and period, read from the push log: a failed push marks nothing, the
    agency's own push marks its report only, the province's push marks every report of the period."""
    culture = Report.objects.get(organization=province["orgs"]["culture"])
    science = Report.objects.get(organization=province["orgs"]["science"])
    client.force_login(province["users"]["office"])

    def pushed(**fields):
        # As exports.push.system57_push logs one: audited, so the kept report pages are renewed (ADR 0056).
        from giamsat.audit.services import audit_event

        with django_capture_on_commit_callbacks(execute=True):
            log = System57Push.objects.create(url="http://x", **fields)
            audit_event("system57_push", log, period=log.period, ok=log.ok)

    def marked(report):
        return "Đã gửi Hệ thống 57" in client.get(f"/bao-cao/{report.pk}/").content.decode()

    assert not marked(culture)
    pushed(organization=province["orgs"]["culture"], period="2025Q4", ok=False)
    assert not marked(culture)
    pushed(organization=province["orgs"]["culture"], period="2025Q3", ok=True)
    assert not marked(culture)  # another period
    pushed(organization=province["orgs"]["culture"], period="2025Q4", ok=True)
    assert marked(culture) and not marked(science)
    pushed(organization=None, period="2025Q4", ok=True)
    page = client.get(f"/bao-cao/{science.pk}/").content.decode()
    assert "Đã gửi Hệ thống 57 (trong báo cáo chung của tỉnh)" in page
    client.force_login(province["users"]["focal_culture"])
    mine = client.get("/bao-cao/").content.decode()
    assert mine.count("Đã gửi Hệ thống 57 lúc") == 1
