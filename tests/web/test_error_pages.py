"""One way to say "not found", "forbidden" and "invalid" on pages: the domain's refusals (core.errors) become
the Vietnamese 404, 403 and 400 pages with the service's own message (core.middleware), as in the API."""

import re

import pytest
from django.test import RequestFactory

from giamsat.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from giamsat.core.middleware import ApplicationErrorMiddleware

pytestmark = pytest.mark.django_db


def _offline(page: str) -> bool:
    """Nothing the page loads comes from another site."""
    return not re.search(r'(src|href)="(https?:)?//', page)


def test_a_selector_not_found_is_the_404_page_with_its_message(client, province):
    client.force_login(province["users"]["focal_culture"])
    science_only = province["tasks"]["science"]
    response = client.get(f"/nhiem-vu/{science_only.pk}/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Không tìm thấy</h1>" in page and "Không tìm thấy nhiệm vụ" in page and _offline(page)
    unknown = client.get("/bang-dieu-khien/xuat/khong-co.csv")
    assert unknown.status_code == 404 and "Không có bảng này." in unknown.content.decode()


def test_a_view_refusal_is_the_403_page_with_its_message(client, province, frozen_today):
    from giamsat.reporting.models import ReportingRule
    from giamsat.reporting.period_services import periods_open
    from giamsat.reporting.services import report_approve, report_get_or_create_draft, report_send

    users = province["users"]
    rule = ReportingRule.objects.create(
        document=province["doc"], frequency="monthly", due_day=15, recipient=province["orgs"]["office"]
    )
    periods_open(frozen_today)
    report = report_get_or_create_draft(user=users["focal_culture"], period=rule.periods.get(key="2026-01"))
    report = report_send(
        user=users["head_culture"], report=report_approve(user=users["head_culture"], report=report)
    )
    client.force_login(users["focal_culture"])
    response = client.post(f"/bao-cao/{report.pk}/", {"results": "Sửa sau khi gửi", "lock_version": 2})
    page = response.content.decode()
    assert response.status_code == 403
    assert (
        "<h1>Không có quyền truy cập</h1>" in page
        and "Bạn không sửa được báo cáo này" in page
        and _offline(page)
    )
    report.refresh_from_db()
    assert report.results != "Sửa sau khi gửi"


@pytest.mark.parametrize(
    ("error", "status", "heading"),
    [
        (ApplicationError("Ngày không hợp lệ: dùng dạng dd/mm/yyyy."), 400, "Yêu cầu không hợp lệ"),
        (ApplicationError("Tệp quá lớn: tối đa 20 MB.", status=413), 413, "Yêu cầu không hợp lệ"),
        (PermissionDeniedError(), 403, "Không có quyền truy cập"),
        (NotFoundError(), 404, "Không tìm thấy"),
    ],
)
def test_every_application_error_has_its_page(province, error, status, heading):
    request = RequestFactory().get("/")
    request.user = province["users"]["office"]
    response = ApplicationErrorMiddleware(lambda r: None).process_exception(request, error)
    page = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in page and error.message in page and _offline(page)


def test_other_exceptions_are_left_to_django(province):
    request = RequestFactory().get("/")
    assert ApplicationErrorMiddleware(lambda r: None).process_exception(request, ValueError("x")) is None


def test_djangos_own_bad_request_page_is_vietnamese(client, settings):
    settings.ALLOWED_HOSTS = ["giamsat.example"]
    response = client.get("/dang-nhap/", HTTP_HOST="ke-la.example")  # a host the site does not serve
    page = response.content.decode()
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in page and "Bad Request" not in page
