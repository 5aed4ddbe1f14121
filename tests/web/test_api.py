"""The REST API: authentication, the same visibility rules as the pages, clear errors."""

import json

import pytest

pytestmark = pytest.mark.django_db




def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/tasks/{task_id}" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/tasks", "/api/v1/documents", "/api/v1/organizations"])
def test_anonymous_gets_401(client, url):
    assert client.get(url).status_code == 401


def test_bearer_token_acts_as_its_user(client, province, bearer):
    headers = bearer(province["users"]["focal_culture"])
    items = client.get("/api/v1/tasks", **headers).json()["items"]
    assert {t["number"] for t in items} == {"1", "3"}
    science = province["tasks"]["science"]
    assert client.get(f"/api/v1/tasks/{science.pk}", **headers).status_code == 404
    assert client.get(f"/api/v1/tasks/{science.pk}/updates", **headers).status_code == 404


def test_task_detail_has_status_and_warning(client, province, bearer):
    task = province["tasks"]["culture"]
    data = client.get(f"/api/v1/tasks/{task.pk}", **bearer(province["users"]["leader"])).json()
    assert data["status"] == "not_started" and data["warning"] in (True, False)
    assert data["due_date"] == "2026-06-30" and data["leads"][0]["name"] == "Sở Văn hóa, Thể thao và Du lịch"


def test_post_update_by_lead_then_refusals(client, province, bearer):
    task = province["tasks"]["culture"]
    body = {"state": "in_progress", "percent": 50, "narrative": "Đã tổ chức 2 hội nghị"}
    ok = client.post(f"/api/v1/tasks/{task.pk}/updates", json.dumps(body), content_type="application/json",
                     **bearer(province["users"]["focal_culture"]))
    assert ok.status_code == 201 and ok.json()["is_lead"] is True
    assert (
        client.get(f"/api/v1/tasks/{task.pk}", **bearer(province["users"]["office"])).json()["status"] == "in_progress"
    )
    # another organization's task: 404; a read-all role: 403; bad input: 400/422; read-only token: 401
    science = province["tasks"]["science"]
    assert (
        client.post(
            f"/api/v1/tasks/{science.pk}/updates",
            json.dumps(body),
            content_type="application/json",
            **bearer(province["users"]["focal_culture"]),
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/tasks/{task.pk}/updates",
            json.dumps(body),
            content_type="application/json",
            **bearer(province["users"]["leader"]),
        ).status_code
        == 403
    )
    bad = client.post(
        f"/api/v1/tasks/{task.pk}/updates",
        json.dumps({"state": "done", "percent": 300}),
        content_type="application/json",
        **bearer(province["users"]["focal_culture"]),
    )
    assert bad.status_code == 400 and "0 đến 100" in bad.json()["detail"]
    malformed = client.post(
        f"/api/v1/tasks/{task.pk}/updates",
        "{not json",
        content_type="application/json",
        **bearer(province["users"]["focal_culture"]),
    )
    assert malformed.status_code == 400  # a body that is not JSON at all
    read_only = bearer(province["users"]["focal_culture"], read_only=True)
    assert (
        client.post(
            f"/api/v1/tasks/{task.pk}/updates", json.dumps(body), content_type="application/json", **read_only
        ).status_code
        == 403
    )
    assert client.get("/api/v1/tasks", **read_only).status_code == 200
    assert task.updates.count() == 1


def test_session_auth_requires_csrf_for_writes(province):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(province["users"]["focal_culture"])
    task = province["tasks"]["culture"]
    response = client.post(
        f"/api/v1/tasks/{task.pk}/updates", json.dumps({"state": "done"}), content_type="application/json"
    )
    assert response.status_code == 403
    assert task.updates.count() == 0


def test_revoked_token_is_refused(client, province):
    from django.utils import timezone

    from giamsat.accounts.models import ApiToken

    token, raw = ApiToken.issue(user=province["users"]["leader"])
    header = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/tasks", **header).status_code == 200
    token.revoked_at = timezone.now()
    token.save()
    assert client.get("/api/v1/tasks", **header).status_code == 401


def test_token_last_used_is_written_once_a_minute(client, province):
    import datetime as dt

    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from giamsat.accounts.models import ApiToken

    token, raw = ApiToken.issue(user=province["users"]["leader"])
    header = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    client.get("/api/v1/organizations", **header)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/organizations", **header)
    assert not any("accounts_apitoken" in q["sql"] and q["sql"].startswith("UPDATE") for q in queries)
    token.refresh_from_db()
    assert token.last_used_at == first
    with time_machine.travel(first + dt.timedelta(minutes=2)):
        client.get("/api/v1/organizations", **header)
    token.refresh_from_db()
    assert token.last_used_at > first


def test_document_detail_shows_cascade(client, province, bearer):
    from giamsat.documents.models import Document
    from giamsat.documents.services import document_relate

    root = Document.objects.create(doc_type="Nghị quyết", number="57-NQ/TW", title="Về đột phá phát triển KHCN")
    document_relate(source=province["doc"], target=root, kind="based_on")
    data = client.get(f"/api/v1/documents/{province['doc'].pk}", **bearer(province["users"]["office"])).json()
    assert data["based_on"][0]["number"] == "57-NQ/TW"
    root_data = client.get(f"/api/v1/documents/{root.pk}", **bearer(province["users"]["office"])).json()
    assert root_data["implemented_by"][0]["number"] == "2653/KH-UBND"


def test_document_lists_are_newest_first_on_the_page_and_in_the_api(client, province, bearer, login):
    """The list counts each document's tasks (a grouped query, where Django drops the model's ordering):
    the order is asked for explicitly, so pages neither repeat nor skip documents."""
    import datetime as dt
    import re

    from giamsat.documents.models import Document

    for number, day in (("10/KH-UBND", 3), ("11/KH-UBND", 20), ("12/KH-UBND", 9)):
        Document.objects.create(doc_type="Kế hoạch", number=number, date=dt.date(2025, 7, day), title=f"KH {number}")
    office = province["users"]["office"]
    expected = list(Document.objects.order_by("-date", "-id").values_list("number", flat=True))
    api = client.get("/api/v1/documents", **bearer(office)).json()
    assert [d["number"] for d in api["items"]] == expected and api["count"] == len(expected) == 4
    second = client.get("/api/v1/documents?limit=2&offset=2", **bearer(office)).json()["items"]
    assert [d["number"] for d in second] == expected[2:]
    assert second[0]["task_count"] == Document.objects.get(number=expected[2]).tasks.count()
    page = login(office).get("/van-ban/").content.decode()
    shown = [n for n in re.findall(r"\d+/KH-UBND", page) if n in expected]
    assert list(dict.fromkeys(shown)) == expected


def test_healthz_reports_engine_and_migrations(client, db):
    data = client.get("/healthz").json()
    assert data["migrations"]["applied"] is True and data["database"]["engine"] in {"sqlite", "postgresql"}


def test_healthz_never_shows_the_exception_text(client, db, monkeypatch):
    """Regression (#14): a failing database answered anonymous callers with the exception's text."""
    from django.db import connection

    def broken(*args, **kwargs):
        raise RuntimeError("could not connect to host db-noi-bo.example password=bi-mat")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["status"] == "error"
    assert "bi-mat" not in response.content.decode() and "db-noi-bo" not in response.content.decode()


def test_task_history_is_newest_first_and_paged(client, province, bearer):
    import datetime as dt

    from giamsat.tasks.services import progress_update_create

    task = province["tasks"]["culture"]
    for day in (3, 5, 7):
        progress_update_create(
            user=province["users"]["focal_culture"],
            task=task,
            state="in_progress",
            narrative=f"Ngày {day}",
            reported_on=dt.date(2026, 1, day),
        )
    headers = bearer(province["users"]["focal_culture"])
    url = f"/api/v1/tasks/{task.pk}/updates"
    assert [u["narrative"] for u in client.get(url, **headers).json()] == ["Ngày 7", "Ngày 5", "Ngày 3"]
    assert [u["narrative"] for u in client.get(url + "?limit=2", **headers).json()] == ["Ngày 7", "Ngày 5"]
    assert [u["narrative"] for u in client.get(url + "?limit=2&offset=2", **headers).json()] == ["Ngày 3"]
    assert client.get(url + "?limit=0", **headers).status_code == 422
