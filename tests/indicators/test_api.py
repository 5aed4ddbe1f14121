"""/api/v1/indicators: list with status, detail, values by the responsible agency, review by the office."""

import json

import pytest

from giamsat.indicators.models import ExplanationRequest, IndicatorValue
from giamsat.indicators.status import STATUS_CODES

pytestmark = pytest.mark.django_db


def post(client, url, body, headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_list_is_exactly_at_api_v1_indicators_with_status(client, province, indicator, bearer):
    response = client.get("/api/v1/indicators", **bearer(province["users"]["leader"]))
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["code"] for i in items] == ["KHCN-01"]
    item = items[0]
    assert item["status"] in STATUS_CODES and item["status"] == "no_data"
    assert item["targets"][0] == {
        "year": 2030,
        "comparator": ">=",
        "value": 36.0,
        "value_max": None,
        "status": "no_data",
        "progress": None,
        "expected": None,
        "judged_period": None,
        "judged_value": None,
        "notes": ["Chưa có số liệu đến năm 2030."],
    }
    assert item["latest"] is None and item["baseline_value"] == 30.0
    assert client.get("/api/v1/indicators").status_code == 401
    schema = client.get("/api/openapi.json").json()
    assert (
        "/api/v1/indicators" in schema["paths"]
        and "/api/v1/indicators/{indicator_id}/values" in schema["paths"]
    )


def test_agency_posts_a_value_office_reviews_it(client, province, indicator, bearer):
    agency = bearer(province["users"]["focal_science"])
    created = post(
        client,
        f"/api/v1/indicators/{indicator.pk}/values",
        {"period": "2025", "value": "31,2", "is_estimate": False, "source": "Cục Thống kê"},
        agency,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["value"], body["review"], body["organization_name"]) == (
        31.2,
        "pending",
        "Sở Khoa học và Công nghệ",
    )
    detail = client.get(f"/api/v1/indicators/{indicator.pk}", **bearer(province["users"]["office"])).json()
    assert detail["status"] == "on_track" and detail["latest"]["is_verified"] is False
    assert detail["values"][0]["id"] == body["id"]
    reviewed = post(
        client,
        f"/api/v1/indicators/values/{body['id']}/review",
        {"decision": "verified"},
        bearer(province["users"]["office"]),
    )
    assert reviewed.status_code == 200 and reviewed.json()["review"] == "verified"
    locked = post(
        client, f"/api/v1/indicators/{indicator.pk}/values", {"period": "2025", "value": 33}, agency
    )
    assert locked.status_code == 400 and "đã được duyệt" in locked.json()["detail"]
    assert locked.json()["code"] == "locked"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"period": "2025", "value": "không biết"}, "không phải là số"),
        ({"period": "2025", "value": 250}, "ngoài khoảng hợp lệ"),
        ({"period": "2025-Q3", "value": 31}, "theo dõi theo năm"),
    ],
)
def test_bad_values_get_a_vietnamese_400(client, province, indicator, bearer, body, fragment):
    response = post(
        client, f"/api/v1/indicators/{indicator.pk}/values", body, bearer(province["users"]["focal_science"])
    )
    assert response.status_code == 400 and fragment in response.json()["detail"]
    assert IndicatorValue.objects.count() == 0


def test_other_agencies_get_404_and_read_all_roles_403(client, province, indicator, bearer):
    body = {"period": "2025", "value": 31}
    url = f"/api/v1/indicators/{indicator.pk}/values"
    assert post(client, url, body, bearer(province["users"]["focal_culture"])).status_code == 404
    assert (
        client.get(
            f"/api/v1/indicators/{indicator.pk}", **bearer(province["users"]["focal_culture"])
        ).status_code
        == 404
    )
    assert post(client, url, body, bearer(province["users"]["leader"])).status_code == 403
    assert post(client, url, body, bearer(province["users"]["office"])).status_code == 403
    read_only = post(client, url, body, bearer(province["users"]["focal_science"], read_only=True))
    assert read_only.status_code == 403 and "chỉ được đọc" in read_only.json()["detail"]
    malformed = client.post(
        url, "{not json", content_type="application/json", **bearer(province["users"]["focal_science"])
    )
    assert malformed.status_code == 400  # a body that is not JSON at all
    assert IndicatorValue.objects.count() == 0


def test_review_endpoint_is_for_the_office(client, province, indicator, bearer):
    from giamsat.indicators.values import indicator_value_submit

    value = indicator_value_submit(
        user=province["users"]["focal_science"], indicator=indicator, period="2025", value="31"
    )
    url = f"/api/v1/indicators/values/{value.pk}/review"
    # The role is refused before the value is looked up: its own agency and another get the same answer.
    for agency in ("focal_science", "focal_culture"):
        refused = post(client, url, {"decision": "verified"}, bearer(province["users"][agency]))
        assert refused.status_code == 403
    no_reason = post(client, url, {"decision": "rejected"}, bearer(province["users"]["office"]))
    assert no_reason.status_code == 400 and "lý do" in no_reason.json()["detail"]
    assert IndicatorValue.objects.get().review == "pending"


def test_create_update_and_explanations_through_the_api(client, province, bearer):
    office = bearer(province["users"]["office"])
    created = post(
        client,
        "/api/v1/indicators",
        {
            "code": "DVC-01",
            "name": "Tỷ lệ dịch vụ công trực tuyến toàn trình",
            "unit": "%",
            "comparator": ">",
            "baseline_value": 45,
            "baseline_year": 2024,
            "responsible_id": province["orgs"]["culture"].pk,
            "targets": [{"year": 2030, "value": 80}],
        },
        office,
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["targets"][0]["comparator"] == ">"
    patched = client.patch(
        f"/api/v1/indicators/{pk}",
        json.dumps({"unit": "% hồ sơ", "targets": [{"year": 2030, "value": "85,5"}]}),
        content_type="application/json",
        **office,
    )
    assert patched.status_code == 200 and patched.json()["unit"] == "% hồ sơ"
    assert patched.json()["targets"][0]["value"] == 85.5 and patched.json()["name"].startswith("Tỷ lệ")
    assert post(client, "/api/v1/indicators", {"code": "DVC-01", "name": "x"}, office).status_code == 400
    assert (
        post(
            client, "/api/v1/indicators", {"code": "Y", "name": "y"}, bearer(province["users"]["leader"])
        ).status_code
        == 403
    )
    asked = post(
        client,
        f"/api/v1/indicators/{pk}/explanations",
        {"message": "Giải trình tiến độ."},
        bearer(province["users"]["leader"]),
    )
    assert asked.status_code == 201 and asked.json()["state"] == "open"
    eid = asked.json()["id"]
    assert (
        post(
            client,
            f"/api/v1/indicators/explanations/{eid}/answer",
            {"answer": "x"},
            bearer(province["users"]["focal_science"]),
        ).status_code
        == 404
    )
    leader = bearer(province["users"]["leader"])
    answer_url = f"/api/v1/indicators/explanations/{eid}/answer"
    assert post(client, answer_url, {"answer": "x"}, leader).status_code == 403
    answered = post(
        client,
        f"/api/v1/indicators/explanations/{eid}/answer",
        {"answer": "Đang nâng cấp hệ thống."},
        bearer(province["users"]["focal_culture"]),
    )
    assert answered.status_code == 200 and ExplanationRequest.objects.get().state == "answered"
    assert (
        post(
            client,
            f"/api/v1/indicators/{pk}/explanations",
            {"message": "x"},
            bearer(province["users"]["focal_culture"]),
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_patch_with_null_for_a_required_field_is_a_clean_400(client, province, bearer):
    """Found by schemathesis: {"is_published": null} used to reach the database and give a 500."""
    from giamsat.indicators.models import Indicator

    ind = Indicator.objects.create(code="T-NULL", name="Chỉ tiêu thử")
    response = client.patch(f"/api/v1/indicators/{ind.pk}", '{"is_published": null}', content_type="application/json",
                            **bearer(province["users"]["office"]))
    assert response.status_code == 400
    ind.refresh_from_db()
    assert ind.is_published is False
