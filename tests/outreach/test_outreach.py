"""Outreach activities: recording (checks, own organization only), the XLSX sheet all or nothing, export,
summaries by channel, agency and period, the API, visibility per role."""

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from giamsat.core.errors import ApplicationError, PermissionDeniedError
from giamsat.outreach.models import OutreachActivity, OutreachChannel
from giamsat.outreach.periods import parse_period
from giamsat.outreach.selectors import channel_table, outreach_list, outreach_summary
from giamsat.outreach.services import ActivityInput, outreach_create, outreach_delete, outreach_import
from giamsat.outreach.xlsx import COLUMNS, read_sheet

pytestmark = pytest.mark.django_db


def _record(user, **kwargs):
    values = {"channel": "press", "title": "Tin về Nghị quyết 57", "date": dt.date(2026, 1, 5), "quantity": 3}
    return outreach_create(user=user, data=ActivityInput(**{**values, **kwargs}))


def _sheet(rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([label for _, label in COLUMNS])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_the_channels_of_the_plans_are_seeded():
    from giamsat.outreach.services import ensure_default_channels

    ensure_default_channels()  # the migration's rows, unless a test that flushes tables ran before
    names = list(OutreachChannel.objects.values_list("code", flat=True))
    assert names == ["press", "radio_tv", "web", "social", "conference", "banner", "loudspeaker", "other"]
    assert "Zalo" in OutreachChannel.objects.get(code="social").name


def test_an_agency_records_its_own_and_sees_only_its_own(province):
    users = province["users"]
    mine = _record(users["focal_culture"], reach=500, task=province["tasks"]["culture"].pk)
    other = _record(users["focal_science"], channel="Hội nghị, hội thảo")
    assert mine.organization == province["orgs"]["culture"] and mine.document == province["doc"]
    assert other.channel.code == "conference"
    assert list(outreach_list(users["focal_culture"])) == [mine]
    assert set(outreach_list(users["leader"])) == {mine, other}
    with pytest.raises(PermissionDeniedError):
        _record(users["office"])
    with pytest.raises(PermissionDeniedError):
        outreach_delete(user=users["focal_culture"], activity=other)


@pytest.mark.parametrize("change, message", [
    ({"channel": "fax"}, "không có trong danh mục"),
    ({"title": " "}, "Thiếu tiêu đề"),
    ({"date": dt.date(2030, 1, 1)}, "đến hôm nay"),
    ({"quantity": 0}, "Số lượng"),
    ({"link": "javascript:alert(1)"}, "Đường dẫn"),
    ({"task": 999999}, "Không tìm thấy nhiệm vụ"),
])
def test_bad_input_is_refused_in_vietnamese(province, change, message):
    with pytest.raises(ApplicationError, match=message):
        _record(province["users"]["focal_culture"], **change)
    assert OutreachActivity.objects.count() == 0


def test_the_sheet_is_all_or_nothing_with_each_bad_row_named(province):
    user = province["users"]["focal_culture"]
    good = ["05/01/2026", "Báo chí", "Bài viết", 2, 1000, "https://baolaichau.vn/a", None]
    bad = ["06/01/2026", "Bồ câu đưa thư", "Thư", 1, None, None, None]
    with pytest.raises(ApplicationError) as refused:
        outreach_import(user=user, rows=read_sheet(_sheet([good, bad, ["07/01/2026", "press", "", 1]])))
    assert "Dòng 3" in refused.value.message and "Dòng 4" in refused.value.message
    assert OutreachActivity.objects.count() == 0
    with pytest.raises(ApplicationError, match="dd/mm/yyyy"):
        read_sheet(_sheet([["32/13/2026", "press", "x", 1]]))
    with pytest.raises(ApplicationError, match="thiếu cột"):
        read_sheet(_header_only(["Ngày", "Kênh"]))
    created = outreach_import(user=user, rows=read_sheet(_sheet([good, [dt.datetime(2026, 1, 8), "radio_tv",
                                                                        "Phóng sự", 1, None, None, None]])))
    assert [(a.channel.code, a.quantity, a.reach) for a in created] == [("press", 2, 1000), ("radio_tv", 1, None)]


def _header_only(header) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(header)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_file_that_is_not_a_sheet_is_refused(province):
    with pytest.raises(ApplicationError, match="XLSX"):
        read_sheet(b"%PDF-1.4 not a sheet")


def test_summaries_by_channel_agency_and_month(province):
    users = province["users"]
    _record(users["focal_culture"], quantity=3, reach=100)
    _record(users["focal_culture"], quantity=2, reach=50, date=dt.date(2025, 12, 20))
    _record(users["focal_science"], channel="social", quantity=10, reach=5000)
    data = outreach_summary(users["office"], dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    by_code = {r.label: (r.activities, r.quantity, r.reach) for r in data["channels"]}
    assert by_code["Báo chí"] == (1, 3, 100) and by_code["Phát thanh, truyền hình"] == (0, 0, 0)
    assert [r.label for r in data["agencies"]] == ["Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch"]
    assert [r.label for r in data["months"]] == ["Tháng 1/2026"]
    culture_only = channel_table({province["orgs"]["culture"].pk}, dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    assert [(r.label, r.quantity) for r in culture_only] == [("Báo chí", 5)]


@pytest.mark.parametrize("key, label, start, end", [
    ("2026", "Năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ("2026-q4", "Quý IV/2026", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
    ("2026-H1", "6 tháng đầu năm 2026", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
    ("2026-2", "Tháng 2/2026", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
])
def test_periods_are_named_in_words(key, label, start, end):
    period = parse_period(key)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize("key", ["0000", "2026-Q5", "2026-13", "abc", "2026-H3"])
def test_a_bad_period_is_refused(key):
    with pytest.raises(ApplicationError, match="không hợp lệ"):
        parse_period(key)


def test_pages_record_import_export_and_summary(client, province):
    client.force_login(province["users"]["focal_culture"])
    response = client.post("/tuyen-truyen/them/", {
        "date": "05/01/2026", "channel": "web", "title": "Tin trên cổng", "quantity": "4", "reach": "",
        "link": "", "task": "", "evidence": SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20),
    })
    assert response.status_code == 302, response.content.decode()[-2000:]
    activity = OutreachActivity.objects.get()
    assert client.get(f"/tuyen-truyen/{activity.pk}/minh-chung/").status_code == 200
    response = client.post("/tuyen-truyen/nhap-excel/", {"file": SimpleUploadedFile(
        "a.xlsx", _sheet([["06/01/2026", "Không rõ", "x", 1]]))})
    assert response.status_code == 400 and "Dòng 2" in response.content.decode()
    assert client.get("/tuyen-truyen/mau-nhap.xlsx").status_code == 200
    export = client.get("/tuyen-truyen/xuat.xlsx?channel=web")
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][:4] == ("05/01/2026", "Cổng thông tin điện tử tỉnh, trang của cơ quan", "Tin trên cổng", 4)
    page = client.get("/tuyen-truyen/tong-hop/?period=2026-Q1").content.decode()
    assert "Quý I/2026" in page and "<svg" in page
    assert client.get("/tuyen-truyen/tong-hop/?period=2026-Q9").status_code == 400
    client.force_login(province["users"]["focal_science"])
    assert client.get(f"/tuyen-truyen/{activity.pk}/minh-chung/").status_code == 404


def test_api_create_list_and_summary(client, province, bearer):
    focal = bearer(province["users"]["focal_culture"])
    body = {"channel": "loudspeaker", "title": "Phát trên loa xã", "date": "2026-01-06", "quantity": 12,
            "reach": 3000, "task": province["tasks"]["culture"].pk}
    response = client.post("/api/v1/outreach", json.dumps(body), content_type="application/json", **focal)
    assert response.status_code == 201 and response.json()["organization"] == province["orgs"]["culture"].pk
    other = client.post("/api/v1/outreach", json.dumps({**body, "organization": province["orgs"]["science"].pk}),
                        content_type="application/json", **focal)
    assert other.status_code == 403 and OutreachActivity.objects.count() == 1
    bad = client.post("/api/v1/outreach", json.dumps({**body, "channel": "fax"}), content_type="application/json",
                      **focal)
    assert bad.status_code == 400 and "danh mục" in bad.json()["detail"]
    office = bearer(province["users"]["office"])
    assert client.post("/api/v1/outreach", json.dumps(body), content_type="application/json",
                       **office).status_code == 403
    listed = client.get("/api/v1/outreach?channel=loudspeaker", **office).json()
    assert listed["count"] == 1 and listed["items"][0]["reach"] == 3000
    summary = client.get("/api/v1/outreach/summary?period=2026-Q1", **office).json()
    assert summary["label"] == "Quý I/2026"
    assert {c["channel"]: c["quantity"] for c in summary["channels"]}["loudspeaker"] == 12
    assert client.get("/api/v1/outreach/summary?period=x", **office).status_code == 422
    science = client.get("/api/v1/outreach", **bearer(province["users"]["focal_science"])).json()
    assert science["count"] == 0


def test_the_periodic_report_draft_and_the_aggregated_report_carry_the_channels(province, frozen_today):
    from giamsat.aggregate.data import aggregate_data, aggregate_resolve_period
    from giamsat.aggregate.xlsx import aggregate_xlsx
    from giamsat.reporting.models import ReportingRule
    from giamsat.reporting.period_services import periods_open
    from giamsat.reporting.services import report_get_or_create_draft

    users = province["users"]
    _record(users["focal_culture"], quantity=3, reach=1200)
    _record(users["focal_science"], channel="social", quantity=7)
    ReportingRule.objects.create(document=province["doc"], frequency="monthly", due_day=15,
                                 recipient=province["orgs"]["office"])
    periods_open(frozen_today)
    period = province["doc"].reporting_rules.get().periods.get(key="2026-01")
    report = report_get_or_create_draft(user=users["focal_culture"], period=period)
    assert "Hoạt động tuyên truyền trong kỳ" in report.results
    assert "- Báo chí: 1 hoạt động, số lượng 3, 1.200 người tham dự, lượt tiếp cận" in report.results
    assert "Mạng xã hội" not in report.results  # another agency's record
    data = aggregate_data(province["doc"], aggregate_resolve_period(province["doc"], "2026-01"))
    assert [(r.label, r.quantity) for r in data.outreach] == [
        ("Báo chí", 3), ("Mạng xã hội, nền tảng số (Facebook, Zalo, YouTube, hỏi đáp trực tuyến, livestream)", 7)]
    book = openpyxl.load_workbook(io.BytesIO(aggregate_xlsx(data)))
    assert "Tuyên truyền" in book.sheetnames
