"""Writes about indicators: definitions, values with their refusals, review, explanations, XLSX."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from openpyxl import Workbook, load_workbook

from giamsat.audit.models import AuditEntry
from giamsat.core.actors import SYSTEM
from giamsat.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from giamsat.indicators.models import ExplanationRequest, Indicator, IndicatorValue
from giamsat.indicators.selectors import indicator_get, indicator_list, value_list
from giamsat.indicators.services import (
    indicator_create,
    indicator_update,
    indicator_values_import_xlsx,
    indicators_import_xlsx,
)
from giamsat.indicators.values import (
    explanation_answer,
    explanation_request_create,
    indicator_value_review,
    indicator_value_submit,
)
from giamsat.indicators.xlsx import indicators_workbook, neutralize, unneutralize

pytestmark = pytest.mark.django_db


def submit(province, indicator, value="31,5", period="2025", who="focal_science", **kw):
    return indicator_value_submit(
        user=province["users"][who], indicator=indicator, period=period, value=value, **kw
    )


def test_create_by_hand_validates_and_audits(province):
    office = province["users"]["office"]
    ind = indicator_create(
        user=office,
        code="KT-SO",
        name="Tỷ trọng kinh tế số",
        unit="% GRDP",
        comparator="range",
        targets=[{"year": 2030, "value": "9", "value_max": "10"}],
    )
    target = ind.targets.get()
    assert (target.value, target.value_max, target.comparator) == (9, 10, "range")
    assert AuditEntry.objects.filter(event="indicator_created", object_id=str(ind.pk)).exists()
    with pytest.raises(ApplicationError, match="đã được dùng"):
        indicator_create(user=office, code="kt-so", name="Trùng mã")
    with pytest.raises(ApplicationError, match="cận trên"):
        indicator_create(
            user=office, code="X1", name="x", targets=[{"year": 2030, "value": 10, "value_max": 9}]
        )
    with pytest.raises(ApplicationError, match="khoảng"):
        indicator_create(
            user=office, code="X2", name="x", targets=[{"year": 2030, "value": 9, "comparator": "range"}]
        )
    with pytest.raises(ApplicationError, match="năm cơ sở"):
        indicator_create(user=office, code="X3", name="x", baseline_value="5")
    with pytest.raises(ApplicationError, match="không phải là số"):
        indicator_create(user=office, code="X4", name="x", targets=[{"year": 2030, "value": "nhiều"}])
    with pytest.raises(ApplicationError, match="tử số"):
        indicator_create(user=office, code="X5", name="x", aggregation="ratio")
    with pytest.raises(PermissionDeniedError):
        indicator_create(user=province["users"]["leader"], code="X6", name="x")
    assert Indicator.objects.count() == 1


def test_update_replaces_targets(province, indicator):
    indicator_update(
        user=province["users"]["office"],
        indicator=indicator,
        name="Tên mới",
        targets=[{"year": 2025, "value": "32"}, {"year": 2030, "value": "37,6"}],
    )
    indicator.refresh_from_db()
    assert indicator.name == "Tên mới"
    assert [(t.year, t.value) for t in indicator.targets.all()] == [(2025, 32), (2030, D("37.6"))]


def test_responsible_agency_enters_a_value_pending_review(province, indicator):
    value = submit(province, indicator, value="31,5", source="Cục Thống kê", is_estimate=True)
    assert (value.value, value.review, value.is_estimate, value.organization_id) == (
        D("31.5"),
        "pending",
        True,
        province["orgs"]["science"].pk,
    )
    assert (
        value.period_end == dt.date(2025, 12, 31) and value.entered_by == province["users"]["focal_science"]
    )
    assert AuditEntry.objects.filter(event="indicator_value_entered", object_id=str(value.pk)).exists()
    # a correction before review replaces the value
    again = submit(province, indicator, value="31,7")
    assert again.pk == value.pk and IndicatorValue.objects.get().value == D("31.7")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ba mươi", "không phải là số"),
        ("", "Chưa nhập"),
        ("1,234,5", "không"),
        ("120", "ngoài khoảng hợp lệ"),
        ("-1", "ngoài khoảng hợp lệ"),
    ],
)
def test_bad_values_are_refused_and_change_nothing(province, indicator, value, message):
    with pytest.raises(ApplicationError, match=message):
        submit(province, indicator, value=value)
    assert IndicatorValue.objects.count() == 0


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2025-Q1", "theo dõi theo năm"),
        ("2027", "chưa bắt đầu"),
        ("năm ngoái", "không hợp lệ"),
    ],
)
def test_bad_periods_are_refused(province, indicator, period, message):
    with pytest.raises(ApplicationError, match=message):
        submit(province, indicator, period=period)
    assert IndicatorValue.objects.count() == 0


def test_a_verified_period_is_locked(province, indicator):
    value = submit(province, indicator)
    indicator_value_review(user=province["users"]["office"], value=value, decision="verified")
    with pytest.raises(ApplicationError, match="đã được duyệt"):
        submit(province, indicator, value="40")
    assert IndicatorValue.objects.get().value == D("31.5")
    with pytest.raises(ApplicationError, match="đã được duyệt"):
        indicator_value_review(user=province["users"]["office"], value=value, decision="rejected", note="x")


def test_rejection_needs_a_reason_and_the_agency_can_resubmit(province, indicator):
    value = submit(province, indicator)
    with pytest.raises(ApplicationError, match="lý do"):
        indicator_value_review(user=province["users"]["office"], value=value, decision="rejected")
    rejected = indicator_value_review(
        user=province["users"]["office"], value=value, decision="rejected", note="Thiếu nguồn"
    )
    assert (rejected.review, rejected.review_note, rejected.reviewed_by) == (
        "rejected",
        "Thiếu nguồn",
        province["users"]["office"],
    )
    again = submit(province, indicator, value="31,6", source="Cục Thống kê")
    assert (again.review, again.review_note, again.reviewed_by_id) == ("pending", "", None)
    assert AuditEntry.objects.filter(event="indicator_value_rejected").count() == 1
    assert AuditEntry.objects.filter(event="indicator_value_corrected").count() == 1


def test_only_the_office_reviews(province, indicator):
    value = submit(province, indicator)
    for who in ("focal_science", "leader", "inspector"):
        with pytest.raises(PermissionDeniedError):
            indicator_value_review(user=province["users"][who], value=value, decision="verified")
    assert IndicatorValue.objects.get().review == "pending"


@pytest.mark.parametrize("who", ["focal_culture", "head_culture", "office", "leader", "inspector", "admin"])
def test_only_the_responsible_agency_enters_values(province, indicator, who):
    with pytest.raises(PermissionDeniedError):
        submit(province, indicator, who=who)
    assert IndicatorValue.objects.count() == 0


def test_agencies_see_only_their_own_indicators_and_values(province, indicator):
    submit(province, indicator)
    other = indicator_create(
        user=SYSTEM,
        code="VH-01",
        name="Số điểm du lịch số hóa 3D",
        unit="%",
        responsible=province["orgs"]["culture"],
        targets=[{"year": 2030, "value": 100}],
    )
    indicator_value_submit(
        user=province["users"]["focal_culture"], indicator=other, period="2025", value="25"
    )
    culture, science = province["users"]["focal_culture"], province["users"]["focal_science"]
    assert [i.code for i in indicator_list(culture)] == ["VH-01"]
    assert [i.code for i in indicator_list(science)] == ["KHCN-01"]
    assert {v.indicator.code for v in value_list(culture)} == {"VH-01"}
    with pytest.raises(NotFoundError):
        indicator_get(culture, indicator.pk)
    assert {i.code for i in indicator_list(province["users"]["leader"])} == {"VH-01", "KHCN-01"}
    # once published, the other agency sees the indicator as the public does: verified values only
    indicator.is_published = True
    indicator.save()
    seen = indicator_get(culture, indicator.pk)
    assert seen.verified_only and seen.assessment.latest is None
    assert not value_list(culture).filter(indicator=indicator).exists()


def test_status_is_computed_from_entered_values(province, indicator):
    office = province["users"]["office"]
    indicator_value_review(user=office, value=submit(province, indicator, value="31"), decision="verified")
    assert indicator_get(office, indicator.pk).assessment.status == "on_track"
    with pytest.raises(ApplicationError):
        submit(province, indicator, value="30,5")  # 2025 is verified: locked
    v2026 = submit(province, indicator, period="2026", value="30", is_estimate=True)
    got = indicator_get(office, indicator.pk)
    assert got.assessment.status == "off_track" and got.assessment.is_estimate  # 2026 expects 32
    indicator_value_review(user=office, value=v2026, decision="rejected", note="Chưa có số liệu")
    assert indicator_get(office, indicator.pk).assessment.status == "on_track"  # rejected values do not count


def test_explanation_request_and_answer(province, indicator):
    leader, culture = province["users"]["leader"], province["users"]["focal_culture"]
    item = explanation_request_create(
        user=leader, indicator=indicator, message="Đề nghị giải trình số liệu 2025."
    )
    assert (item.organization_id, item.state) == (province["orgs"]["science"].pk, "open")
    with pytest.raises(PermissionDeniedError):
        explanation_request_create(user=culture, indicator=indicator, message="x")
    with pytest.raises(ApplicationError, match="trống"):
        explanation_request_create(user=leader, indicator=indicator, message="  ")
    with pytest.raises(NotFoundError):
        explanation_answer(user=culture, request=item, answer="Không phải việc của tôi")
    with pytest.raises(ApplicationError, match="trống"):
        explanation_answer(user=province["users"]["focal_science"], request=item, answer="")
    done = explanation_answer(
        user=province["users"]["focal_science"], request=item, answer="Do thiếu số liệu điều tra."
    )
    assert done.state == "answered" and done.answered_by == province["users"]["focal_science"]
    with pytest.raises(ApplicationError, match="đã được giải trình"):
        explanation_answer(user=province["users"]["focal_science"], request=item, answer="Lần hai")
    assert ExplanationRequest.objects.get().answer == "Do thiếu số liệu điều tra."
    assert AuditEntry.objects.filter(event__in=["explanation_requested", "explanation_answered"]).count() == 2


# -------------------------------------------------------------------------------------------------- XLSX


def _workbook(
    rows, title="Số liệu", headers=("Mã chỉ tiêu", "Kỳ", "Giá trị", "Ước thực hiện", "Nguồn số liệu")
):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_values_upload_is_all_or_nothing(province, indicator):
    user = province["users"]["focal_science"]
    good = _workbook(
        [("KHCN-01", "2024", "30,2", "", "Cục Thống kê"), ("KHCN-01", "2025", 31.4, "có", "Ước")]
    )
    result = indicator_values_import_xlsx(user=user, data=good)
    assert result.total == 2
    assert {(v.period, v.value, v.is_estimate) for v in IndicatorValue.objects.all()} == {
        ("2024", D("30.2"), False),
        ("2025", D("31.4"), True),
    }
    bad = _workbook([("KHCN-01", "2026", "32", "", ""), ("KHCN-01", "2025", "nhiều", "", "")])
    with pytest.raises(ApplicationError, match="Dòng 3: .*không phải là số"):
        indicator_values_import_xlsx(user=user, data=bad)
    assert IndicatorValue.objects.count() == 2  # the good first row was not kept either
    with pytest.raises(ApplicationError, match="do đơn vị bạn chịu trách nhiệm"):
        indicator_values_import_xlsx(user=province["users"]["focal_culture"], data=good)
    for broken in (b"", b"not a zip at all", _workbook([], headers=("Mã", "Tên"))):
        with pytest.raises(ApplicationError):
            indicator_values_import_xlsx(user=user, data=broken)


def test_indicators_export_then_import_round_trip(province, indicator):
    submit(province, indicator)
    indicator.source_text = '=HYPERLINK("http://evil")'
    indicator.name = "+Tên bắt đầu bằng dấu cộng"
    indicator.save()
    items = indicator_list(province["users"]["office"])
    data = indicators_workbook(items, value_list(province["users"]["office"]))
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Chỉ tiêu", "Mục tiêu", "Số liệu"]
    name_cell = wb["Chỉ tiêu"]["B2"]
    assert name_cell.value == "'+Tên bắt đầu bằng dấu cộng" and name_cell.data_type == "s"
    assert wb["Mục tiêu"]["A2"].value == "KHCN-01" and wb["Số liệu"]["C2"].value == 31.5
    # import the same file: updates, creates nothing, keeps the name without the neutralizing apostrophe
    result = indicators_import_xlsx(user=province["users"]["office"], data=data)
    assert (result.created, result.updated) == ([], ["KHCN-01"])
    indicator.refresh_from_db()
    assert indicator.name == "+Tên bắt đầu bằng dấu cộng" and indicator.baseline_value == 30
    assert [(t.year, t.value, t.comparator) for t in indicator.targets.all()] == [(2030, 36, ">=")]


def test_indicators_import_creates_and_refuses_bad_rows(province):
    office = province["users"]["office"]
    headers = (
        "Mã",
        "Tên chỉ tiêu",
        "Đơn vị tính",
        "Chiều",
        "So sánh",
        "Giá trị cơ sở",
        "Năm cơ sở",
        "Đơn vị chịu trách nhiệm (mã)",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu"
    ws.append(list(headers))
    ws.append(["CT-1", "Tỷ lệ dịch vụ công trực tuyến", "%", "Càng cao càng tốt", "≥", "45", 2024, "skhcn"])
    ws.append(["CT-2", "Tỷ lệ hộ nghèo", "%", "decrease", "≤", "20,5", 2024, "Sở VHTTDL"])
    targets = wb.create_sheet("Mục tiêu")
    targets.append(["Mã chỉ tiêu", "Năm", "So sánh", "Giá trị", "Cận trên (khoảng)"])
    targets.append(["CT-1", 2030, "", 80, None])
    targets.append(["CT-2", 2030, "≤", "8", None])
    out = io.BytesIO()
    wb.save(out)
    result = indicators_import_xlsx(user=office, data=out.getvalue())
    assert result.created == ["CT-1", "CT-2"]
    ct2 = Indicator.objects.get(code="CT-2")
    assert (ct2.direction, ct2.comparator, ct2.baseline_value, ct2.responsible.code) == (
        "decrease",
        "<=",
        D("20.5"),
        "svhttdl",
    )
    assert Indicator.objects.get(code="CT-1").targets.get().comparator == ">="
    ws.append(["CT-3", "Sai", "%", "lên xuống", "≥", "", "", ""])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ApplicationError, match="Dòng 4"):
        indicators_import_xlsx(user=office, data=out.getvalue())
    assert not Indicator.objects.filter(code="CT-3").exists()
    with pytest.raises(PermissionDeniedError):
        indicators_import_xlsx(user=province["users"]["focal_science"], data=out.getvalue())


def test_neutralize_formula_cells():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx"):
        assert neutralize(text).startswith("'") and unneutralize(neutralize(text)) == text
    assert neutralize("bình thường") == "bình thường" and neutralize(-1) == -1
