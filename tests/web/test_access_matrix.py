"""Rows behind every route: an agency never gets another agency's objects (403/404, never data), whatever
the route. Who may use each route at all is the route table's (tests/web/test_routes.py).
"""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


# Object routes whose objects belong to one organization. Each entry: route name → a function giving the
# keyword arguments for an object of Sở KH&CN's (the "other" agency for Sở VHTTDL's users).
def _other_agency_objects(province):
    from giamsat.documents.models import Document
    from giamsat.tasks.services import progress_update_create

    science_task = province["tasks"]["science"]
    progress_update_create(user=province["users"]["focal_science"], task=science_task, state="in_progress",
                           narrative="Nội bộ Sở KH&CN", links=["https://skhcn.laichau.gov.vn/bai-1"])
    private_doc = Document.objects.create(doc_type="Kế hoạch", number="12/KH-SKHCN", title="Kế hoạch nội bộ Sở KH&CN",
                                          issuer=province["orgs"]["science"])
    return {
        "web:task": {"pk": science_task.pk},
        "web:document": {"pk": private_doc.pk},
        "api:task": {"task_id": science_task.pk},
        "api:updates": {"task_id": science_task.pk},
        "api:decisions": {"task_id": science_task.pk},
        "api:document": {"doc_id": private_doc.pk},
    }, ["Nội bộ Sở KH&CN", "Kế hoạch nội bộ Sở KH&CN", "skhcn.laichau.gov.vn/bai-1"]


@pytest.mark.parametrize("role", ["focal_culture", "head_culture"])
def test_an_agency_never_gets_another_agencys_objects(client, province, role, bearer):
    objects, secrets = _other_agency_objects(province)
    client.force_login(province["users"][role])
    headers = bearer(province["users"][role])
    for name, kwargs in objects.items():
        url = reverse(name, kwargs=kwargs)
        response = client.get(url, **(headers if url.startswith("/api/") else {}))
        assert response.status_code == 404, (role, url, response.status_code)  # as if it did not exist
        body = response.content.decode()
        assert not any(s in body for s in secrets), (role, url)
    # The owner sees them: the same routes are not simply closed to everyone.
    client.force_login(province["users"]["focal_science"])
    for name, kwargs in objects.items():
        url = reverse(name, kwargs=kwargs)
        response = client.get(url, **(bearer(province["users"]["focal_science"]) if url.startswith("/api/") else {}))
        assert response.status_code == 200, (url, response.status_code)


@pytest.mark.parametrize("role", ["focal_culture", "head_culture", "focal_science"])
def test_lists_of_an_agency_hold_only_its_objects(client, province, role, bearer):
    """Every list page and API list answers an agency with its own organization's rows only."""
    objects, secrets = _other_agency_objects(province)
    user = province["users"][role]
    own_secret_visible = role == "focal_science"
    client.force_login(user)
    headers = bearer(user)
    for url in ["/", "/nhiem-vu/", "/van-ban/", "/bang-dieu-khien/", "/canh-bao/", "/bao-cao/",
                "/tim-kiem/?q=ke+hoach+noi+bo", "/api/v1/tasks", "/api/v1/documents", "/api/v1/dashboard/warnings",
                "/api/v1/search?q=ke+hoach+noi+bo"]:
        response = client.get(url, **(headers if url.startswith("/api/") else {}))
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode()
        if not own_secret_visible:
            assert not any(s in body for s in secrets), (role, url)
        assert not re.search(r"Traceback|Exception", body)
