"""Bad input never gives a 500: the API answers in its JSON error shape, pages with a Vietnamese message,
and nothing is written (core.requests, core.middleware.RequestGuardMiddleware, api.parser; ADR 0016)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from giamsat.imports.models import ImportJob
from giamsat.tasks.models import ProgressUpdate

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def anyone(client):
    client.raise_request_exception = False  # a 500 is an answer to check, not an exception in the test
    return client


def _api_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code and isinstance(body["detail"], str) and body["detail"]


def _page_error(response, status: int, words: str) -> None:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("text/html")
    assert words in response.content.decode()


# Every route that takes an upload: (path template, who posts, page or API). The OpenAPI check below keeps the
# API part of this list complete.
UPLOAD_ROUTES = [
    ("/nhiem-vu/{task}/", "focal_culture", "page"),
    ("/nhap-van-ban/moi/", "office", "page"),
    ("/chi-tieu/nhap-xlsx/", "office", "page"),
    ("/chi-tieu/so-lieu/nhap-xlsx/", "focal_culture", "page"),
    ("/api/v1/tasks/{task}/updates/evidence", "focal_culture", "api"),
    ("/api/v1/imports", "office", "api"),
    ("/phan-anh-kien-nghi/", "focal_culture", "page"),
    ("/phan-anh/gui/", "focal_culture", "page"),
    ("/tuyen-truyen/them/", "focal_culture", "page"),
    ("/tuyen-truyen/nhap-excel/", "focal_culture", "page"),
    ("/api/v1/public/feedback", "focal_culture", "api"),
]


def test_the_list_of_upload_routes_names_every_multipart_operation_of_the_api(client):
    schema = client.get("/api/openapi.json").json()
    multipart = {path for path, operations in schema["paths"].items() for op in operations.values()
                 if "multipart/form-data" in op.get("requestBody", {}).get("content", {})}
    listed = {p.replace("{task}", "{task_id}") for p, _, kind in UPLOAD_ROUTES if kind == "api"}
    assert multipart == listed


def _post_as(client, province, bearer, route, who, body: bytes, content_type: str):
    path = route.format(task=province["tasks"]["culture"].pk)
    user = province["users"][who]
    if path.startswith("/api/"):
        return client.post(path, body, content_type=content_type, **bearer(user))
    client.force_login(user)
    return client.post(path, body, content_type=content_type)


@pytest.mark.parametrize(("route", "who", "kind"), UPLOAD_ROUTES)
def test_multipart_without_boundary_is_refused_on_every_upload_route(anyone, province, bearer, route, who,
                                                                     kind):
    response = _post_as(anyone, province, bearer, route, who, b"--x\r\n\r\n", "multipart/form-data")
    if kind == "api":
        _api_error(response, 400, "bad_multipart")
    else:
        _page_error(response, 400, "ranh giới")
    assert ProgressUpdate.objects.count() == 0 and ImportJob.objects.count() == 0


@pytest.mark.parametrize(("route", "who", "kind"), UPLOAD_ROUTES)
def test_a_json_body_over_the_limit_is_refused_on_every_upload_route(anyone, province, bearer, settings,
                                                                     route, who, kind):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"state": "done", "narrative": "x" * 2000}).encode()
    response = _post_as(anyone, province, bearer, route, who, body, "application/json")
    if kind == "api":
        _api_error(response, 413, "too_large")
    else:
        _page_error(response, 413, "quá lớn")
    assert ProgressUpdate.objects.count() == 0 and ImportJob.objects.count() == 0


def test_an_upload_over_the_limit_is_refused_from_its_content_length(anyone, province, bearer, settings):
    settings.GIAMSAT_MAX_UPLOAD_BYTES = 1000
    task = province["tasks"]["culture"]
    big = SimpleUploadedFile("a.pdf", PDF + b"0" * 2 * 1024 * 1024)
    response = anyone.post(f"/api/v1/tasks/{task.pk}/updates/evidence", {"state": "done", "files": [big]},
                           **bearer(province["users"]["focal_culture"]))
    _api_error(response, 413, "too_large")
    assert "quá lớn" in response.json()["detail"]
    anyone.force_login(province["users"]["focal_culture"])
    big.seek(0)
    _page_error(anyone.post(f"/nhiem-vu/{task.pk}/", {"state": "done", "files": [big]}), 413, "tối đa")
    assert ProgressUpdate.objects.count() == 0


@pytest.mark.parametrize("text", ["\\ud800", "a\\udfff", "\\u0000", "x\\u0000y"])
@pytest.mark.parametrize("field", ["narrative", "difficulties", "proposals"])
def test_lone_surrogates_and_nul_in_json_text_are_refused(anyone, province, bearer, field, text):
    task = province["tasks"]["culture"]
    body = f'{{"state": "in_progress", "{field}": "{text}"}}'
    response = anyone.post(f"/api/v1/tasks/{task.pk}/updates", body, content_type="application/json",
                           **bearer(province["users"]["focal_culture"]))
    _api_error(response, 400, "invalid_character")
    assert ProgressUpdate.objects.count() == 0


def test_json_is_judged_whatever_content_type_it_is_sent_with(anyone, province, bearer):
    task = province["tasks"]["culture"]
    body = '{"state": "in_progress", "narrative": "\\ud800"}'
    response = anyone.post(f"/api/v1/tasks/{task.pk}/updates", body, content_type="text/plain",
                           **bearer(province["users"]["focal_culture"]))
    _api_error(response, 400, "invalid_character")
    assert ProgressUpdate.objects.count() == 0


def test_a_lone_surrogate_in_a_report_text_is_refused(anyone, province, bearer, frozen_today):
    from giamsat.reporting.models import ReportingRule
    from giamsat.reporting.period_services import periods_open
    from giamsat.reporting.services import report_get_or_create_draft

    rule = ReportingRule.objects.create(document=province["doc"], frequency="monthly", due_day=15,
                                        recipient=province["orgs"]["office"])
    periods_open(frozen_today)
    report = report_get_or_create_draft(user=province["users"]["focal_culture"],
                                        period=rule.periods.get(key="2026-01"))
    body = f'{{"lock_version": {report.lock_version}, "results": "Kết quả \\ud800"}}'
    response = anyone.put(f"/api/v1/reports/{report.pk}", body, content_type="application/json",
                          **bearer(province["users"]["focal_culture"]))
    _api_error(response, 400, "invalid_character")
    lock_version = report.lock_version
    report.refresh_from_db()
    assert report.lock_version == lock_version and "Kết quả" not in report.results


@pytest.mark.parametrize("body", ['{"state": NaN}', '{"state": "done", "percent": Infinity}', '{"state":',
                                  b'{"state": "\xff\xfe"}', "[" * 100000 + "]" * 100000])
def test_bodies_that_are_not_standard_json_get_the_error_shape(anyone, province, bearer, body):
    task = province["tasks"]["culture"]
    response = anyone.post(f"/api/v1/tasks/{task.pk}/updates", body, content_type="application/json",
                           **bearer(province["users"]["focal_culture"]))
    _api_error(response, 400, "invalid_json")


@pytest.mark.parametrize("path", ["/lich-su/?type=%00", "/nhiem-vu/?q=a%00b", "/van-ban/?doc_type=%00",
                                  "/tim-kiem/?q=%00", "/chi-tieu/?q=%00"])
def test_nul_in_a_page_query_string_gets_a_vietnamese_page(anyone, province, path):
    anyone.force_login(province["users"]["inspector"])
    _page_error(anyone.get(path), 400, "ký tự không hợp lệ")


@pytest.mark.parametrize("path", ["/api/v1/tasks?q=%00", "/api/v1/organizations?level=%00",
                                  "/api/v1/documents?doc_type=%00", "/api/v1/search?q=%00"])
def test_nul_in_an_api_query_string_gets_the_error_shape(anyone, province, bearer, path):
    _api_error(anyone.get(path, **bearer(province["users"]["inspector"])), 400, "invalid_character")


def test_nul_in_form_fields_is_refused_with_nothing_written(anyone, province, bearer):
    task = province["tasks"]["culture"]
    anyone.force_login(province["users"]["office"])
    response = anyone.post(f"/nhiem-vu/{task.pk}/quyet-dinh/", "kind=paused&note=a%00b",
                           content_type="application/x-www-form-urlencoded")
    _page_error(response, 400, "ký tự không hợp lệ")
    assert task.decisions.count() == 0
    # Multipart form fields through the API (pages' multipart forms refuse NUL in their fields themselves).
    response = anyone.post(f"/api/v1/tasks/{task.pk}/updates/evidence",
                           {"state": "in_progress", "narrative": "a\x00b",
                            "files": [SimpleUploadedFile("a.pdf", PDF)]},
                           **bearer(province["users"]["focal_culture"]))
    _api_error(response, 400, "invalid_character")
    assert ProgressUpdate.objects.count() == 0


@pytest.mark.parametrize("payload", [
    {"proposal": {"tasks": "x"}},
    {"proposal": {"tasks": [1]}},
    {"proposal": {"document": []}},
    {"proposal": {"agencies": {"Sở X": "org:1"}}},
    {"proposal": {"targets": [{"value": "ba mươi"}]}},
    {"tasks": [1]},
    {"document": []},
])
def test_a_malformed_import_commit_payload_is_refused_and_the_job_stays_in_review(anyone, province, bearer,
                                                                                 payload):
    from giamsat.imports.services import import_create

    job = import_create(user=province["users"]["office"], filename="kh.txt",
                        data="KẾ HOẠCH\nTuyên truyền Nghị quyết 57\n1. Tổ chức hội nghị.\n".encode())
    response = anyone.post(f"/api/v1/imports/{job.pk}/commit", json.dumps(payload),
                           content_type="application/json",
                           **bearer(province["users"]["office"]))
    _api_error(response, 422, "validation")
    job.refresh_from_db()
    assert job.state == ImportJob.State.REVIEW and job.document is None
