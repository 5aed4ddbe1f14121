"""The indicator list's FilterSet (ADR 0021): each filter narrows as it says, a value it cannot use is
refused, and the page, the API and the XLSX export give the same indicators for the same parameters."""

import io
import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(province, indicator):
    """KHCN-01 (Sở KH&CN, no value yet) and VH-01 (Sở VHTTDL, of a second document, a verified value)."""
    from giamsat.documents.models import Document
    from giamsat.indicators.models import Indicator
    from giamsat.indicators.services import indicator_create
    from giamsat.indicators.values import indicator_value_review, indicator_value_submit

    other = Document.objects.create(doc_type="Kế hoạch", number="99/KH-UBND", title="Kế hoạch văn hóa số")
    culture = indicator_create(
        user=province["users"]["office"], code="VH-01", name="Số di tích được số hóa", unit="di tích",
        baseline_value="10", baseline_year=2024, responsible=province["orgs"]["culture"],
        targets=[{"year": 2025, "value": "20", "comparator": ">="}],
    )
    Indicator.objects.filter(pk=culture.pk).update(document=other)
    value = indicator_value_submit(user=province["users"]["focal_culture"], indicator=culture, period="2025",
                                   value="25")
    indicator_value_review(user=province["users"]["office"], value=value, decision="verified")
    return {"KHCN-01": indicator, "VH-01": culture, "other_doc": other}


def _codes(user, data) -> list[str]:
    from giamsat.indicators.filters import IndicatorFilterSet
    from giamsat.indicators.models import Indicator
    from giamsat.indicators.selectors import indicator_list

    checked = IndicatorFilterSet.checked(Indicator.objects.visible_to(user), data)
    return [i.code for i in checked.keep(indicator_list(user, checked.qs))]


def test_each_indicator_filter_narrows(province, two):
    from giamsat.indicators.selectors import indicator_list

    office = province["users"]["office"]
    statuses = {i.code: i.assessment.status for i in indicator_list(office)}
    assert statuses["KHCN-01"] != statuses["VH-01"]  # so that the status filter has something to tell apart
    assert _codes(office, {}) == ["KHCN-01", "VH-01"]
    assert _codes(office, {"q": "di tích"}) == _codes(office, {"q": "vh-0"}) == ["VH-01"]
    assert _codes(office, {"status": statuses["KHCN-01"]}) == ["KHCN-01"]
    assert _codes(office, {"status": statuses["VH-01"]}) == ["VH-01"]
    assert _codes(office, {"responsible": province["orgs"]["science"].pk}) == ["KHCN-01"]
    assert _codes(office, {"document": two["other_doc"].pk}) == ["VH-01"]
    assert _codes(office, {"q": "di tích", "responsible": province["orgs"]["science"].pk}) == []


def test_values_it_cannot_use_are_refused(province, two, login, client, bearer):
    from giamsat.core.filters import InvalidFilters

    office = province["users"]["office"]
    for data, field in (({"status": "great"}, "status"), ({"responsible": "x"}, "responsible"),
                        ({"document": "x"}, "document")):  # a field the page does not show: still said
        with pytest.raises(InvalidFilters):
            _codes(office, data)
        api = client.get("/api/v1/indicators", data, **bearer(office))
        assert api.status_code == 422 and api.json()["code"] == "validation"
        page = login(office).get("/chi-tieu/", data)
        assert page.status_code == 400 and 'class="errorlist"' in page.content.decode()
        assert not _page_codes(page)
        export = login(office).get("/chi-tieu/xuat-xlsx/", data, follow=True)
        assert export.status_code == 400 and f"({field})" in export.content.decode()


def _exported_codes(content: bytes) -> set[str]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return {c for row in sheet.iter_rows(values_only=True) for c in row if c in {"KHCN-01", "VH-01"}}


def _page_codes(page) -> set[str]:
    """The codes in the list's rows (written as markup, ADR 0053)."""
    return set(re.findall(r'<tr>\n<td><a href="/chi-tieu/\d+/">([^<]+)</a></td>', page.content.decode()))


@pytest.mark.parametrize("role", ["office", "focal_culture"])
def test_the_page_the_api_and_the_export_give_the_same_indicators(province, two, login, client, bearer, role):
    from giamsat.indicators.selectors import indicator_list

    user = province["users"][role]
    headers = bearer(user)
    statuses = {i.code: i.assessment.status for i in indicator_list(province["users"]["office"])}
    for data in ({}, {"status": statuses["VH-01"]}, {"responsible": province["orgs"]["science"].pk},
                 {"q": "khcn"}, {"document": two["other_doc"].pk}):
        api = {i["code"] for i in client.get("/api/v1/indicators", data, **headers).json()["items"]}
        page = login(user).get("/chi-tieu/", data)
        assert page.status_code == 200
        assert _page_codes(page) == api, data
        assert _exported_codes(login(user).get("/chi-tieu/xuat-xlsx/", data).content) == api, data
