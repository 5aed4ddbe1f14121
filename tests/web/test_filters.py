"""One FilterSet per list (ADR 0021): each filter narrows as it says, a value it cannot use is refused (a
Vietnamese message on the page, the API's validation answer), and the page and the API give the same rows
for the same parameters. The task, document, organization and audit lists; reporting and indicators have
their own test_filters.py."""

import datetime as dt
import re

import pytest

pytestmark = pytest.mark.django_db

TASK_ROW = re.compile(r'href="/nhiem-vu/(\d+)/"')
DOC_ROW = re.compile(r'href="/van-ban/(\d+)/"')


@pytest.fixture
def tasks(province):
    """The province's three tasks, with solution groups and one cancelled (a status no other task has)."""
    from giamsat.tasks.models import Task
    from giamsat.tasks.services import task_decide

    t = province["tasks"]
    Task.objects.filter(pk=t["culture"].pk).update(solution_group=1)
    Task.objects.filter(pk__in=[t["science"].pk, t["both"].pk]).update(solution_group=5)
    task_decide(user=province["users"]["office"], task=Task.objects.get(pk=t["science"].pk), kind="cancelled",
                note="Không còn phù hợp")
    return province


def _task_ids(province, data) -> set[str]:
    from giamsat.tasks.filters import TaskFilterSet
    from giamsat.tasks.selectors import task_list

    qs = TaskFilterSet.narrow(task_list(province["users"]["office"]), data)
    names = {t.pk: key for key, t in province["tasks"].items()}
    return {names[pk] for pk in qs.values_list("pk", flat=True)}


def test_each_task_filter_narrows_as_it_says(tasks):
    culture, science = tasks["orgs"]["culture"].pk, tasks["orgs"]["science"].pk
    everything = {"culture", "science", "both"}
    assert _task_ids(tasks, {}) == everything
    assert _task_ids(tasks, {"organization": culture}) == {"culture", "both"}
    assert _task_ids(tasks, {"organization": science}) == everything  # coordinator of "culture"
    assert _task_ids(tasks, {"organization": science, "role": "lead"}) == {"science", "both"}
    assert _task_ids(tasks, {"organization": science, "role": "coordinator"}) == {"culture"}
    assert _task_ids(tasks, {"role": "lead"}) == everything  # a role only qualifies an organization
    assert _task_ids(tasks, {"document": tasks["doc"].pk}) == everything
    assert _task_ids(tasks, {"document": tasks["doc"].pk + 1000}) == set()
    assert _task_ids(tasks, {"solution_group": "5"}) == {"science", "both"}
    # Deadlines: Quý 1/2026 → 31/03/2026, Tháng 6/2026 → 30/06/2026, Năm 2026 → 31/12/2026; dd/mm/yyyy or ISO.
    assert _task_ids(tasks, {"due_from": "01/04/2026"}) == {"culture", "both"}
    assert _task_ids(tasks, {"due_to": "2026-03-31"}) == {"science"}
    assert _task_ids(tasks, {"due_from": "31/03/2026", "due_to": "30/06/2026"}) == {"science", "culture"}
    assert _task_ids(tasks, {"q": "nen tang"}) == {"science"}
    assert _task_ids(tasks, {"status": "cancelled"}) == {"science"}
    assert _task_ids(tasks, {"status": "cancelled", "organization": culture}) == set()


REFUSED = [
    ({"status": "bogus"}, "status"),
    ({"role": "chief", "organization": "1"}, "role"),
    ({"due_from": "31/02/2026"}, "due_from"),
    ({"organization": "abc"}, "organization"),
    ({"organization": str(2**70)}, "organization"),
    ({"solution_group": "9"}, "solution_group"),
]


def test_task_values_it_cannot_use_are_refused(tasks, login, bearer, client):
    from giamsat.core.filters import InvalidFilters

    page_client, headers = login(tasks["users"]["office"]), bearer(tasks["users"]["office"])
    for data, field in REFUSED:
        with pytest.raises(InvalidFilters) as refused:
            _task_ids(tasks, data)
        assert f"({field})" in refused.value.message and refused.value.status == 422
        page = page_client.get("/nhiem-vu/", data)
        html = page.content.decode()
        assert page.status_code == 400 and 'class="errorlist"' in html and not TASK_ROW.search(html), data
        api = client.get("/api/v1/tasks", data, **headers)
        assert api.status_code == 422 and api.json()["code"] == "validation", data


def test_a_wrong_date_on_the_page_says_so_in_vietnamese(tasks, login):
    html = login(tasks["users"]["office"]).get("/nhiem-vu/", {"due_to": "32/13/2026"}).content.decode()
    assert "Nhập một ngày hợp lệ" in html


SAME_ROWS = [
    {},
    {"status": "cancelled"},
    {"organization": "ORG:culture", "role": "lead"},
    {"organization": "ORG:science", "role": "coordinator"},
    {"solution_group": "5", "due_from": "2026-04-01"},
    {"q": "hoi nghi"},
    {"document": "DOC"},
]


@pytest.mark.parametrize("role", ["office", "focal_culture"])
def test_the_task_page_and_the_api_give_the_same_rows(tasks, login, bearer, client, role):
    user = tasks["users"][role]
    headers = bearer(user)
    for data in SAME_ROWS:
        params = {k: (str(tasks["orgs"][v[4:]].pk) if v.startswith("ORG:") else str(tasks["doc"].pk)
                      if v == "DOC" else v) for k, v in data.items()}
        api = client.get("/api/v1/tasks", params, **headers).json()
        page = login(user).get("/nhiem-vu/", params)
        assert page.status_code == 200
        assert set(TASK_ROW.findall(page.content.decode())) == {str(t["id"]) for t in api["items"]}, data
        assert page.context["total"] == api["count"]


def test_the_task_page_keeps_its_parameter_names(tasks, login):
    """Links and bookmarks use them (/nhiem-vu/?status=…&organization=…&role=lead)."""
    html = login(tasks["users"]["office"]).get("/nhiem-vu/").content.decode()
    form = re.search(r'<form class="filters".*?</form>', html, re.S).group(0)
    names = re.findall(r'<(?:select|input)[^>]*name="([^"]+)"', form)
    assert names == ["q", "status", "organization", "role", "document", "solution_group", "due_from",
                     "due_to", "resolution"]  # resolution: the root resolution of the cascade (#23)
    assert form.count('placeholder="dd/mm/yyyy"') == 2


def test_each_document_filter_narrows_and_page_equals_api(province, login, bearer, client):
    from giamsat.documents.filters import DocumentFilterSet
    from giamsat.documents.models import Document
    from giamsat.documents.selectors import document_list

    decision = Document.objects.create(doc_type="Quyết định", number="15/QĐ-UBND", date=dt.date(2025, 7, 1),
                                       title="Ban hành danh mục dữ liệu mở", is_published=True)
    office = province["users"]["office"]

    def ids(data):
        return set(DocumentFilterSet.narrow(document_list(office), data).values_list("pk", flat=True))

    assert ids({}) == {province["doc"].pk, decision.pk}
    assert ids({"doc_type": "Quyết định"}) == {decision.pk}
    assert ids({"q": "du lieu mo"}) == {decision.pk}
    assert ids({"q": "tuyen truyen", "doc_type": "Quyết định"}) == set()
    for data in ({}, {"doc_type": "Kế hoạch"}, {"q": "danh muc"}):
        api = client.get("/api/v1/documents", data, **bearer(office)).json()["items"]
        page = login(office).get("/van-ban/", data).content.decode()
        assert set(DOC_ROW.findall(page)) == {str(d["id"]) for d in api}
    bad = {"doc_type": "Thư tay"}
    assert client.get("/api/v1/documents", bad, **bearer(office)).status_code == 422
    page = login(office).get("/van-ban/", bad)
    assert page.status_code == 400 and 'class="errorlist"' in page.content.decode()


def test_each_organization_filter_narrows(province, bearer, client):
    from giamsat.organizations.services import organization_create

    commune = organization_create(name="Ủy ban nhân dân xã Bản Giang", code="x-bg", kind="peoples_committee",
                                  level="commune")
    headers = bearer(province["users"]["office"])
    communes = client.get("/api/v1/organizations", {"level": "commune"}, **headers).json()["items"]
    assert [o["id"] for o in communes] == [commune.pk]
    found = {o["id"] for o in client.get("/api/v1/organizations", {"q": "sở"}, **headers).json()["items"]}
    assert found == {province["orgs"]["culture"].pk, province["orgs"]["science"].pk}
    refused = client.get("/api/v1/organizations", {"level": "galaxy"}, **headers)
    assert refused.status_code == 422 and "(level)" in refused.json()["detail"]


def test_each_history_filter_narrows(tasks, login):
    from giamsat.audit.models import AuditEntry

    task = tasks["tasks"]["science"]
    # A decision taken on the page: its entries carry the office user's name (the fixtures' have none).
    login(tasks["users"]["office"]).post(f"/nhiem-vu/{tasks['tasks']['culture'].pk}/quyet-dinh/",
                                         {"kind": "paused", "note": "Chờ kinh phí", "confirm": "on"})
    client = login(tasks["users"]["inspector"])

    def shown(data):
        return {e.pk for e in client.get("/lich-su/", data).context["page"].object_list}

    def entries(**lookup):
        return set(AuditEntry.objects.filter(**lookup).values_list("pk", flat=True))

    assert entries(object_type="tasks.task", object_id=str(task.pk))
    assert shown({"type": "tasks.task", "id": str(task.pk)}) == entries(object_type="tasks.task",
                                                                        object_id=str(task.pk))
    assert shown({"type": "tasks.nothing"}) == set()
    actor = AuditEntry.objects.filter(object_type="tasks.taskdecision").last().actor_label
    assert actor and shown({"actor": actor}) == entries(actor_label=actor) != entries()
    too_long = client.get("/lich-su/", {"type": "x" * 65})
    assert too_long.status_code == 400 and 'class="errorlist"' in too_long.content.decode()
