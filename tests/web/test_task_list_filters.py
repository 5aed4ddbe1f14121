"""The task list's drop-downs: every organization and document with tasks where they are few; only the one
a link chose where there are too many to list (a national instance), the filter itself unchanged."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


def test_few_organizations_and_documents_are_all_listed(province, login):
    html = login(province["users"]["office"]).get("/nhiem-vu/").content.decode()
    orgs = _options(html, "organization")
    assert orgs[0] == "" and {str(province["orgs"]["culture"].pk), str(province["orgs"]["science"].pk)} <= set(orgs)
    assert _options(html, "document") == ["", str(province["doc"].pk)]


def test_too_many_to_list_keeps_only_the_chosen_one(province, login, monkeypatch):
    from giamsat.tasks import filters as views

    monkeypatch.setattr(views, "CHOICES_LISTED", 0)
    client = login(province["users"]["office"])
    html = client.get("/nhiem-vu/").content.decode()
    assert _options(html, "organization") == [""] and _options(html, "document") == [""]
    assert "Quá nhiều cơ quan để liệt kê" in html
    science = province["orgs"]["science"]
    chosen = client.get("/nhiem-vu/", {"organization": science.pk, "document": province["doc"].pk}).content.decode()
    assert _options(chosen, "organization") == ["", str(science.pk)]
    assert _options(chosen, "document") == ["", str(province["doc"].pk)]
    # The filter applies as with the full drop-down: the same tasks.
    monkeypatch.setattr(views, "CHOICES_LISTED", 300)
    listed = client.get("/nhiem-vu/", {"organization": science.pk, "role": "lead"}).content.decode()
    monkeypatch.setattr(views, "CHOICES_LISTED", 0)
    bounded = client.get("/nhiem-vu/", {"organization": science.pk, "role": "lead"}).content.decode()
    rows = re.compile(r'href="/nhiem-vu/(\d+)/"')
    expected = sorted(str(province["tasks"][k].pk) for k in ("science", "both"))  # both: led by the two
    assert sorted(set(rows.findall(bounded))) == sorted(set(rows.findall(listed))) == expected


def test_a_document_an_agency_may_not_see_is_not_offered_by_a_link(province, login, monkeypatch):
    from giamsat.documents.models import Document
    from giamsat.tasks import filters as views

    monkeypatch.setattr(views, "CHOICES_LISTED", 0)
    private = Document.objects.create(doc_type="Kế hoạch", number="12/KH-SKHCN", title="Kế hoạch nội bộ",
                                      issuer=province["orgs"]["science"])
    html = login(province["users"]["focal_culture"]).get("/nhiem-vu/", {"document": private.pk}).content.decode()
    assert _options(html, "document") == [""] and "12/KH-SKHCN" not in html
