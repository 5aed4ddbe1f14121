"""The stored series (indicators.series) follows every write, and readers see the same as a fresh combine."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from openpyxl import Workbook

from giamsat.audit.models import AuditEntry
from giamsat.core.errors import ApplicationError
from giamsat.indicators.models import Indicator, IndicatorValue
from giamsat.indicators.selectors import indicator_get
from giamsat.indicators.series import compute, refresh_series, series_for
from giamsat.indicators.services import indicator_update, indicator_values_import_xlsx
from giamsat.indicators.status import ValueFact
from giamsat.indicators.values import indicator_value_review, indicator_value_submit

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def stored(indicator) -> dict:
    return Indicator.objects.values_list("series", flat=True).get(pk=indicator.pk)


def submit(province, indicator, period, value, **kw):
    return indicator_value_submit(
        user=province["users"]["focal_science"], indicator=indicator, period=period, value=value, today=TODAY, **kw
    )


def test_each_write_refreshes_the_stored_series(province, indicator):
    assert stored(indicator) == {"all": [], "verified": []}
    first = submit(province, indicator, "2024", "30,2")
    assert stored(indicator)["all"] == [["2024", "2024-12-31", "30.2000", False, False]]
    assert stored(indicator)["verified"] == []
    indicator_value_review(user=province["users"]["office"], value=first, decision="verified")
    assert stored(indicator)["verified"] == [["2024", "2024-12-31", "30.2000", False, True]]
    second = submit(province, indicator, "2025", "31", is_estimate=True)
    assert [row[0] for row in stored(indicator)["all"]] == ["2024", "2025"]
    indicator_value_review(user=province["users"]["office"], value=second, decision="rejected", note="Thiếu nguồn")
    assert [row[0] for row in stored(indicator)["all"]] == ["2024"]
    # What readers see is what a fresh combine of the values gives.
    assessed = indicator_get(province["users"]["office"], indicator.pk, today=TODAY)
    assert [(o.period, o.value) for o in assessed.assessment.series] == [("2024", D("30.2"))]


def test_a_missing_series_is_computed_on_read_without_storing_and_bulk_refresh_matches(province, indicator):
    submit(province, indicator, "2024", "30,2")
    submit(province, indicator, "2025", "33")
    expected = stored(indicator)
    Indicator.objects.filter(pk=indicator.pk).update(series=None)  # as after an upgrade or a bulk load
    fresh = Indicator.objects.get(pk=indicator.pk)
    assert [o.period for o in series_for(fresh, verified_only=False)] == ["2024", "2025"]
    assert stored(indicator) is None  # readers never write (ADR 0020): the daily job stores it
    assert refresh_series(Indicator.objects.filter(series__isnull=True).values_list("pk", flat=True)) == 1
    assert stored(indicator) == expected
    Indicator.objects.filter(pk=indicator.pk).update(series={"all": [], "verified": []})
    assert refresh_series([indicator.pk]) == 1
    assert stored(indicator) == expected


def test_changing_the_aggregation_recombines(province, indicator):
    science, culture = province["orgs"]["science"], province["orgs"]["culture"]
    for org, value in ((science, "10"), (culture, "5")):
        IndicatorValue.objects.create(
            indicator=indicator, period="2025", period_end=dt.date(2025, 12, 31), value=value, organization=org
        )
    assert stored(indicator)["all"][0][2] == "10.0000"  # latest: the responsible organization's value
    indicator_update(user=province["users"]["office"], indicator=indicator, aggregation="sum")
    assert stored(indicator)["all"][0][2] == "15.0000"
    # The derived copy is not written into the audit log; the change of rule is.
    updates = AuditEntry.objects.filter(object_type="indicators.indicator", action="update")
    assert updates.exists() and not any("series" in (e.after or {}) for e in updates)


def _workbook(*rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã chỉ tiêu", "Kỳ", "Giá trị", "Ước thực hiện", "Nguồn số liệu"])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_upload_refreshes_the_series_and_a_failed_one_changes_nothing(province, indicator):
    user = province["users"]["focal_science"]
    indicator_values_import_xlsx(
        user=user,
        data=_workbook(("KHCN-01", "2024", "30,2", "", "Cục Thống kê"), ("KHCN-01", "2025", "31,4", "có", "")),
    )
    before = stored(indicator)
    assert [row[0] for row in before["all"]] == ["2024", "2025"]
    with pytest.raises(ApplicationError):
        indicator_values_import_xlsx(
            user=user, data=_workbook(("KHCN-01", "2026", "32", "", ""), ("KHCN-01", "2025", "nhiều", "", ""))
        )
    assert stored(indicator) == before


def test_compute_agrees_with_combine_rules(indicator):
    facts = [
        ValueFact("2025", dt.date(2025, 12, 31), D("3"), 1, True, "pending", 1),
        ValueFact("2025", dt.date(2025, 12, 31), D("4"), 2, False, "verified", 2),
    ]
    result = compute(indicator, facts)
    # An actual value wins over an estimate of the same period; the verified list sees the verified one only.
    assert result["all"] == [["2025", "2025-12-31", "4", False, True]]
    assert result["verified"] == [["2025", "2025-12-31", "4", False, True]]
