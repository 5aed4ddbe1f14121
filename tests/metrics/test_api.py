"""GET /api/v1/metrics: every figure by its stable key, scoped and refused as the issue (#16) says."""

import datetime as dt

import pytest

from giamsat.metrics.definitions import KEYS

pytestmark = pytest.mark.django_db


def _get(client, **params):
    return client.get("/api/v1/metrics", params)


def test_province_figures_by_hand(dash, login):
    answer = _get(login(dash["users"]["office"]), scope="province")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["scope"] == "province" and body["date"] == "2026-01-10"
    assert list(body["figures"]) == KEYS
    values = {k: v["value"] for k, v in body["figures"].items()}
    # 8 tasks; due by 10/01/2026: on_time, late, overdue (done without deadline or not yet due: not due).
    assert values["tasks_total"] == 8
    assert values["tasks_due"] == 3 and values["tasks_due_done"] == 2
    assert values["due_done_share"] == 66.7
    assert values["overdue_share"] == 12.5
    assert values["tasks_soon_due"] == 1 and values["tasks_cancelled"] == 1
    assert (values["reports_on_time"], values["reports_late"], values["reports_missing"],
            values["reports_pending"]) == (2, 1, 1, 2)
    assert values["reports_on_time_share"] == 50.0
    assert values["indicators_total"] == 5
    assert body["figures"]["due_done_share"]["label"] == "Tỷ lệ nhiệm vụ đến hạn đã hoàn thành"


def test_organization_and_document_scopes(dash, login):
    client = login(dash["users"]["office"])
    culture = dash["orgs"]["culture"]
    values = {k: v["value"] for k, v in _get(client, scope=f"organization:{culture.pk}").json()["figures"].items()}
    # Led by VHTTDL: culture, both, on_time, overdue, cancelled.
    assert values["tasks_total"] == 5 and values["tasks_due"] == 2 and values["tasks_due_done"] == 1
    assert (values["reports_on_time"], values["reports_late"], values["reports_missing"]) == (1, 1, 0)
    doc = {k: v["value"] for k, v in _get(client, scope=f"document:{dash['program'].pk}").json()["figures"].items()}
    assert doc["tasks_total"] == 3 and doc["tasks_due"] == 3 and doc["tasks_due_done"] == 2


def test_a_past_date_computes_statuses_of_that_day(dash, login):
    client = login(dash["users"]["office"])
    values = {k: v["value"] for k, v in _get(client, date="2025-10-01").json()["figures"].items()}
    # On 01/10/2025 only "late" (due 30/09/2025, not done yet) was due: overdue then.
    assert values["tasks_due"] == 1 and values["tasks_due_done"] == 0 and values["tasks_overdue"] == 1


def test_agency_sees_its_own_organization_only(dash, login):
    client = login(dash["users"]["focal_culture"])
    assert _get(client, scope=f"organization:{dash['orgs']['culture'].pk}").status_code == 200
    for scope in ("province", f"organization:{dash['orgs']['science'].pk}", f"document:{dash['doc'].pk}"):
        answer = _get(client, scope=scope)
        assert answer.status_code == 403, scope
        assert "cơ quan, đơn vị mình" in answer.json()["detail"]


@pytest.mark.parametrize("params", [
    {"scope": "country"}, {"scope": "organization:x"}, {"scope": "document:"},
    {"date": "30/02/2025"}, {"date": "2025-02-30"}, {"date": "ngày mai"},
])
def test_bad_scope_or_date_is_a_400_in_vietnamese(dash, login, params):
    answer = _get(login(dash["users"]["office"]), **params)
    assert answer.status_code == 400
    detail = answer.json()["detail"]
    assert "không hợp lệ" in detail


def test_unknown_organization_or_document_is_404(dash, login):
    client = login(dash["users"]["office"])
    assert _get(client, scope="organization:999999").status_code == 404
    assert _get(client, scope="document:999999").status_code == 404


def test_by_organization_matches_the_organization_scope(dash):
    from giamsat.metrics import by_organization
    from giamsat.metrics.selectors import Scope, figures

    orgs = [dash["orgs"]["culture"].pk, dash["orgs"]["science"].pk, dash["orgs"]["office"].pk]
    for as_of in (dt.date(2026, 1, 10), dt.date(2025, 12, 20)):
        many = by_organization(orgs, as_of)
        for org in orgs:
            assert many[org] == figures(Scope("organization", org), as_of), (org, as_of)
    assert many[dash["orgs"]["office"].pk]["tasks_total"] == 0


def test_a_write_shows_in_the_next_answer(dash, login):
    from giamsat.tasks.services import progress_update_create

    client = login(dash["users"]["office"])
    before = _get(client).json()["figures"]["tasks_done"]["value"]
    progress_update_create(user=dash["users"]["focal_culture"], task=dash["tasks"]["culture"], state="done",
                           links=["https://laichau.gov.vn/tin/1"])
    assert _get(client).json()["figures"]["tasks_done"]["value"] == before + 1


def test_query_count_does_not_grow_with_the_data(dash):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from giamsat.metrics import by_organization
    from giamsat.metrics.selectors import Scope, figures
    from tests.dashboard.conftest import grow

    orgs = [dash["orgs"]["culture"].pk, dash["orgs"]["science"].pk]

    def count():
        with CaptureQueriesContext(connection) as province:
            figures(Scope("province"), dt.date(2026, 1, 10))
        with CaptureQueriesContext(connection) as many:
            by_organization(orgs, dt.date(2026, 1, 10))
        return len(province), len(many)

    grow(dash, 6)
    before = count()
    grow(dash, 40, start=100)
    assert count() == before
