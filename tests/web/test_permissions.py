"""Every page and API route, for every role: who gets in, and that agencies see only their own data."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

ROLES = ["admin", "office", "focal_culture", "head_culture", "focal_science", "leader", "inspector"]

# Route name → who may open it. "login" = any signed-in user; "public" = anyone; "own" = signed in,
# and object routes of other organizations' objects give 404. Every route must be listed here.
PAGE_RULES = {
    "healthz": "public",
    "web:login": "public",
    "web:logout": "login",
    "web:home": "login",
    "web:documents": "login",
    "web:document": "own",
    "web:tasks": "login",
    "web:task": "own",
    "web:task_decide": "manager",
    "web:task_edit": "manager",
    "accounts:profile": "login",
    "accounts:password_change": "login",
    "accounts:totp": "manager",
    "web:login_totp": "public",
    "accounts:token_new": "login",
    "accounts:token_revoke": "own",
    "audit:history": "history",
    "web:evidence": "own",
    "web:organizations": "login",
    "web:organization": "login",
    "web:imports": "manager",
    "web:import_new": "manager",
    "web:import": "manager",
    # indicators and dashboards (issue 5)
    "indicators:list": "login",
    "search:results": "login",
    "indicators:create": "manager",
    "indicators:detail": "own",
    "indicators:edit": "manager",
    "indicators:value_add": "responsible_agency",
    "indicators:explanation_request": "leader_or_manager",
    "indicators:value_review": "manager",
    "indicators:review_queue": "manager",
    "indicators:values_upload": "agency",
    "indicators:values_template": "agency",
    "indicators:explanation_answer": "own",
    "indicators:export_xlsx": "login",
    "indicators:import_xlsx": "manager",
    "dashboard:leaders": "login",
    "dashboard:export": "login",
    "dashboard:warnings": "login",
    "dashboard:public": "public",
    "dashboard:publication": "manager",
    "api:openapi-json": "public",
    "api:openapi-view": "public",
    "api:api-root": "public",
}

from tests.reporting.test_access import REPORTING_PAGE_RULES  # noqa: E402

PAGE_RULES.update(REPORTING_PAGE_RULES)


def _named_routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{p.namespace}:" if p.namespace else prefix
            if p.namespace == "admin":
                continue
            yield from _named_routes(p, ns if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}"


def test_every_named_route_has_a_rule():
    api_operations = {n for n in _named_routes() if n.startswith("api:") and n not in PAGE_RULES}
    missing = {n for n in _named_routes() if n not in PAGE_RULES and n not in api_operations}
    assert not missing, f"routes without an access rule: {sorted(missing)}"
    from tests.web.test_api import API_RULES

    assert api_operations <= set(API_RULES), f"API operations without a rule: {sorted(api_operations - set(API_RULES))}"


def test_anonymous_is_sent_to_login(client, province):
    doc, task = province["doc"], province["tasks"]["culture"]
    for url in ["/", "/van-ban/", f"/van-ban/{doc.pk}/", "/nhiem-vu/", f"/nhiem-vu/{task.pk}/", "/co-quan/",
                f"/co-quan/{province['orgs']['culture'].pk}/", "/nhap-van-ban/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], url


@pytest.mark.parametrize("role", ROLES)
def test_list_pages_open_for_every_role(client, province, role):
    client.force_login(province["users"][role])
    for url in ["/", "/van-ban/", "/nhiem-vu/", "/co-quan/", f"/co-quan/{province['orgs']['science'].pk}/"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(("role", "visible"), [
    ("admin", {"culture", "science", "both"}),
    ("office", {"culture", "science", "both"}),
    ("leader", {"culture", "science", "both"}),
    ("inspector", {"culture", "science", "both"}),
    ("focal_culture", {"culture", "both"}),
    ("head_culture", {"culture", "both"}),
    ("focal_science", {"culture", "science", "both"}),
])
def test_task_pages_follow_the_organization_scope(client, province, role, visible):
    """Sở VHTTDL leads 'culture' and 'both' and coordinates nothing of 'science'; Sở KH&CN coordinates 'culture'."""
    client.force_login(province["users"][role])
    tasks = province["tasks"]
    for key, task in tasks.items():
        expected = 200 if key in visible else 404
        assert client.get(f"/nhiem-vu/{task.pk}/").status_code == expected, (role, key)
    listing = client.get("/nhiem-vu/").content.decode()
    for key, task in tasks.items():
        assert (f'href="/nhiem-vu/{task.pk}/"' in listing) == (key in visible), (role, key)


def test_agency_cannot_post_an_update_on_another_agency_task(client, province):
    client.force_login(province["users"]["focal_culture"])
    task = province["tasks"]["science"]
    response = client.post(f"/nhiem-vu/{task.pk}/", {"state": "done", "narrative": "x"})
    assert response.status_code == 404
    assert task.updates.count() == 0


def test_read_all_roles_cannot_post_updates(client, province):
    client.force_login(province["users"]["leader"])
    task = province["tasks"]["culture"]
    assert client.post(f"/nhiem-vu/{task.pk}/", {"state": "done"}).status_code == 403
    assert task.updates.count() == 0


def test_lead_agency_records_an_update_from_the_page(client, province):
    client.force_login(province["users"]["focal_culture"])
    task = province["tasks"]["culture"]
    response = client.post(f"/nhiem-vu/{task.pk}/", {"state": "in_progress", "percent": "40",
                                                     "narrative": "Đăng 12 tin, bài trên Cổng thông tin"})
    assert response.status_code == 302
    update = task.updates.get()
    assert (update.is_lead, update.percent, update.organization_id) == (True, 40, province["orgs"]["culture"].pk)
    page = client.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert "Đăng 12 tin, bài" in page and "Chưa hoàn thành – trong hạn" in page


def test_coordinator_contribution_does_not_move_status(client, province):
    client.force_login(province["users"]["focal_science"])
    task = province["tasks"]["culture"]
    assert client.post(f"/nhiem-vu/{task.pk}/", {"state": "done", "narrative": "Phối hợp"}).status_code == 302
    update = task.updates.get()
    assert update.is_lead is False
    from giamsat.tasks.selectors import task_status

    assert task_status(task).code == "not_started"


def test_invalid_update_changes_nothing(client, province):
    client.force_login(province["users"]["focal_culture"])
    task = province["tasks"]["culture"]
    response = client.post(f"/nhiem-vu/{task.pk}/", {"state": "bogus", "percent": "140"})
    assert response.status_code == 200
    assert task.updates.count() == 0
    assert "không hợp lệ" in response.content.decode().lower() or "nhỏ hơn" in response.content.decode()


def test_documents_are_scoped(client, province):
    from giamsat.documents.models import Document

    other = Document.objects.create(doc_type="Kế hoạch", number="99/KH-SKHCN", title="Kế hoạch nội bộ của Sở KH&CN",
                                    issuer=province["orgs"]["science"])
    client.force_login(province["users"]["focal_culture"])
    assert client.get(f"/van-ban/{province['doc'].pk}/").status_code == 200
    assert client.get(f"/van-ban/{other.pk}/").status_code == 404
    client.force_login(province["users"]["focal_science"])
    assert client.get(f"/van-ban/{other.pk}/").status_code == 200


def test_django_admin_is_for_administrators_only(client, province):
    for role in ROLES:
        user = province["users"][role]
        user.is_staff = True  # even a staff flag set by mistake does not open the admin
        user.save()
        client.force_login(user)
        code = client.get("/admin/").status_code
        assert (code == 200) == (role == "admin"), role
