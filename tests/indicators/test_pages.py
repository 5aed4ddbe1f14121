"""Indicator pages: entry form with its refusals, review, explanations, XLSX, who may open what."""

import io

import pytest
from openpyxl import Workbook

from giamsat.indicators.models import ExplanationRequest, Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


def test_list_and_detail_for_each_role(client, province, indicator):
    for role in ("admin", "office", "leader", "inspector", "focal_science"):
        client.force_login(province["users"][role])
        assert client.get("/chi-tieu/").status_code == 200
        page = client.get(f"/chi-tieu/{indicator.pk}/")
        assert page.status_code == 200 and "KHCN-01" in page.content.decode()
    client.force_login(province["users"]["focal_culture"])
    assert "KHCN-01" not in client.get("/chi-tieu/").content.decode()
    assert client.get(f"/chi-tieu/{indicator.pk}/").status_code == 404
    client.logout()
    assert client.get("/chi-tieu/").status_code == 302


def test_agency_enters_a_value_with_a_decimal_comma(client, province, indicator):
    client.force_login(province["users"]["focal_science"])
    page = client.get(f"/chi-tieu/{indicator.pk}/").content.decode()
    assert "Nhập số liệu" in page
    response = client.post(
        f"/chi-tieu/{indicator.pk}/so-lieu/", {"period": "2025", "value": "31,5", "source": "CTK"}
    )
    assert response.status_code == 302
    assert str(IndicatorValue.objects.get().value) == "31.5000"
    detail = client.get(f"/chi-tieu/{indicator.pk}/").content.decode()
    assert "31,5" in detail and "Chờ duyệt" in detail and "Đúng lộ trình" in detail


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"period": "2025", "value": "ba mươi"}, "không phải là số"),
        ({"period": "2025", "value": "101"}, "nằm ngoài khoảng hợp lệ"),
        ({"period": "2025-Q1", "value": "31"}, "theo dõi theo năm"),  # another kind of period (#21)
    ],
)
def test_bad_input_on_the_page_is_shown_and_changes_nothing(client, province, indicator, data, message):
    client.force_login(province["users"]["focal_science"])
    response = client.post(f"/chi-tieu/{indicator.pk}/so-lieu/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert IndicatorValue.objects.count() == 0


def test_other_roles_cannot_post_values(client, province, indicator):
    client.force_login(province["users"]["focal_culture"])
    assert (
        client.post(f"/chi-tieu/{indicator.pk}/so-lieu/", {"period": "2025", "value": "1"}).status_code == 404
    )
    client.force_login(province["users"]["leader"])
    assert (
        client.post(f"/chi-tieu/{indicator.pk}/so-lieu/", {"period": "2025", "value": "1"}).status_code == 403
    )
    assert IndicatorValue.objects.count() == 0


def test_office_reviews_from_the_queue(client, province, indicator):
    from giamsat.indicators.values import indicator_value_submit

    value = indicator_value_submit(
        user=province["users"]["focal_science"], indicator=indicator, period="2025", value="31"
    )
    client.force_login(province["users"]["office"])
    queue = client.get("/chi-tieu/so-lieu/cho-duyet/").content.decode()
    assert "KHCN-01" in queue
    response = client.post(
        f"/chi-tieu/so-lieu/{value.pk}/duyet/",
        {"decision": "rejected", "note": "", "next": "/chi-tieu/so-lieu/cho-duyet/"},
    )
    assert response.status_code == 302 and IndicatorValue.objects.get().review == "pending"
    client.post(
        f"/chi-tieu/so-lieu/{value.pk}/duyet/", {"decision": "verified", "next": "https://evil.example/"}
    )
    assert IndicatorValue.objects.get().review == "verified"
    client.force_login(province["users"]["leader"])
    assert client.get("/chi-tieu/so-lieu/cho-duyet/").status_code == 403


def test_leader_requests_an_explanation_agency_answers(client, province, indicator):
    client.force_login(province["users"]["leader"])
    assert (
        client.post(f"/chi-tieu/{indicator.pk}/giai-trinh/", {"message": "Vì sao chậm?"}).status_code == 302
    )
    item = ExplanationRequest.objects.get()
    client.force_login(province["users"]["focal_culture"])
    assert client.post(f"/chi-tieu/giai-trinh/{item.pk}/tra-loi/", {"answer": "x"}).status_code == 404
    client.force_login(province["users"]["focal_science"])
    page = client.get(f"/chi-tieu/{indicator.pk}/").content.decode()
    assert "Vì sao chậm?" in page and "Gửi giải trình" in page
    client.post(f"/chi-tieu/giai-trinh/{item.pk}/tra-loi/", {"answer": "Số liệu điều tra chưa có."})
    item.refresh_from_db()
    assert item.state == "answered"


def test_office_creates_and_edits_by_hand(client, province):
    client.force_login(province["users"]["office"])
    data = {
        "code": "SO-01",
        "name": "Tỷ lệ hồ sơ số hóa",
        "unit": "%",
        "direction": "increase",
        "comparator": ">=",
        "baseline_value": "12,5",
        "baseline_year": "2024",
        "min_value": "0",
        "max_value": "100",
        "responsible": province["orgs"]["culture"].pk,
        "frequency": "annual",
        "aggregation": "latest",
        "t0_year": "2030",
        "t0_value": "100",
        "t0_comparator": "=",
    }
    response = client.post("/chi-tieu/moi/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    ind = Indicator.objects.get(code="SO-01")
    assert str(ind.baseline_value) == "12.5000" and ind.targets.get().comparator == "="
    edit = client.get(f"/chi-tieu/{ind.pk}/sua/").content.decode()
    assert 'value="12,5"' in edit
    bad = client.post(f"/chi-tieu/{ind.pk}/sua/", {**data, "min_value": "50", "max_value": "10"})
    assert bad.status_code == 400 and "nhỏ nhất" in bad.content.decode()
    client.force_login(province["users"]["leader"])
    assert client.get("/chi-tieu/moi/").status_code == 403


def test_the_responsible_unit_is_typed_where_a_country_has_too_many_to_list(client, province, monkeypatch):
    # The form's responsible unit is the organization chooser (issue #25, ADR 0056): above its limit no option
    # is written, the unit is typed by name; a name not found is refused in Vietnamese and nothing is created.
    from giamsat.organizations import chooser

    monkeypatch.setattr(chooser, "DROP_DOWN_LIMIT", 1)
    client.force_login(province["users"]["office"])
    culture = province["orgs"]["culture"]
    page = client.get("/chi-tieu/moi/").content.decode()
    assert f'<option value="{culture.pk}"' not in page and 'name="responsible"' in page
    data = {"code": "SO-02", "name": "Tỷ lệ dịch vụ công trực tuyến toàn trình", "unit": "%",
            "direction": "increase", "comparator": ">=", "frequency": "annual", "aggregation": "latest",
            "responsible": "Sở Không Có"}
    refused = client.post("/chi-tieu/moi/", data)
    assert refused.status_code == 400 and "Sở Không Có" in refused.content.decode()
    assert not Indicator.objects.filter(code="SO-02").exists()
    assert client.post("/chi-tieu/moi/", {**data, "responsible": culture.name}).status_code == 302
    created = Indicator.objects.get(code="SO-02")
    assert created.responsible == culture
    assert culture.name in client.get(f"/chi-tieu/{created.pk}/sua/").content.decode()  # the box shows the unit


def test_xlsx_pages(client, province, indicator):
    client.force_login(province["users"]["focal_science"])
    template = client.get("/chi-tieu/so-lieu/mau-xlsx/")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã chỉ tiêu", "Kỳ", "Giá trị", "Ước thực hiện", "Nguồn số liệu"])
    ws.append(["KHCN-01", "2025", "31,9", "", "CTK"])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "so-lieu.xlsx"
    response = client.post("/chi-tieu/so-lieu/nhap-xlsx/", {"file": out}, follow=True)
    assert "Đã ghi 1 số liệu" in response.content.decode()
    bad = io.BytesIO(b"not a workbook")
    bad.name = "x.xlsx"
    response = client.post("/chi-tieu/so-lieu/nhap-xlsx/", {"file": bad}, follow=True)
    assert "Không nhập được" in response.content.decode() and IndicatorValue.objects.count() == 1
    export = client.get("/chi-tieu/xuat-xlsx/")
    assert export.status_code == 200 and export.content[:2] == b"PK"
    # Issue #18: the agencies' identifiers (Organization.codes), for the responsible agency and each value's.
    from openpyxl import load_workbook

    from giamsat.organizations.models import Organization

    Organization.objects.filter(pk=province["orgs"]["science"].pk).update(identifier_code="H39.12")
    book = load_workbook(io.BytesIO(client.get("/chi-tieu/xuat-xlsx/").content))
    sheet = list(book["Chỉ tiêu"].iter_rows(values_only=True))
    assert sheet[0][-1] == "Mã định danh / mã ĐVHC của đơn vị chịu trách nhiệm"
    assert "H39.12" in {row[-1] for row in sheet[1:]}
    values = list(book["Số liệu"].iter_rows(values_only=True))
    assert values[0][-1] == "Mã định danh / mã ĐVHC" and values[1][-1] == "H39.12"
    assert client.get("/chi-tieu/nhap-xlsx/").status_code == 403
    client.force_login(province["users"]["office"])
    assert client.get("/chi-tieu/nhap-xlsx/").status_code == 200
    assert client.get("/chi-tieu/so-lieu/mau-xlsx/").status_code == 403
