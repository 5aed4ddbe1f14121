"""Pages as each role sees them: who gets in, and that agencies see only their own data."""

import pytest

pytestmark = pytest.mark.django_db

ROLES = ["admin", "office", "focal_culture", "head_culture", "focal_science", "leader", "inspector"]




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
    page = response.content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ." in page  # the state
    assert "nhỏ hơn hoặc bằng với 100" in page  # the percent


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
