"""Answers never show what the asker may not see: an agency's answers and passages come from the tasks and
documents it sees; the public's only from published documents and indicators."""

import pytest

from tests.qa.questions import QUESTIONS

pytestmark = pytest.mark.django_db


def _cited(answer):
    return [c for s in answer.sentences for c in s.citations]


def test_an_agency_is_answered_only_from_what_it_sees(demo_user):
    from giamsat.documents.models import Document
    from giamsat.qa.selectors import ask
    from giamsat.tasks.models import Task

    user = demo_user("svhttdl")
    tasks = set(Task.objects.visible_to(user).values_list("pk", flat=True))
    documents = set(Document.objects.visible_to(user).values_list("pk", flat=True))
    assert 0 < len(tasks) < Task.objects.count() and len(documents) < Document.objects.count()
    for question, _ in QUESTIONS:
        answer = ask(user, question, public=False)
        for p in answer.passages:
            assert (p["id"] in tasks) if p["kind"] == "task" else True, (question, p)
            if p["kind"] == "document" and p["source"] == "section":
                assert p["id"] in documents, (question, p)
        for c in _cited(answer):
            if c.kind == "task":
                assert c.id in tasks, (question, c)
            elif c.kind == "document":
                assert c.id in documents, (question, c)
    # Overdue tasks of another agency: only those the agency takes part in, counted and listed.
    user, tasks, org, overdue = _agency_missing_overdue_tasks()
    question = f"Những nhiệm vụ nào của {org.name} đang quá hạn?"
    for asker, seen in ((user, overdue & tasks), (demo_user("vanphong"), overdue)):
        answer = ask(asker, question, public=False)
        head = answer.sentences[0]
        assert head.citations[0].kind == "figure"
        assert (f"chủ trì {len(seen)} nhiệm vụ quá hạn" if seen else "Không có nhiệm vụ nào") in head.text
        listed = {c.id for c in _cited(answer) if c.kind == "task"}
        assert listed <= seen and len(listed) == min(5, len(seen))


def _agency_missing_overdue_tasks():
    """An agency user, the tasks it sees, and another organization with overdue tasks it does not see."""
    from giamsat.accounts.models import User
    from giamsat.organizations.models import Organization
    from giamsat.tasks.filters import TaskFilterSet
    from giamsat.tasks.models import Task

    overdue_of = {}
    for org in Organization.objects.filter(valid_to__isnull=True).order_by("pk"):
        found = TaskFilterSet.narrow(Task.objects.all(), {"organization": org.pk, "role": "lead", "status": "overdue"})
        overdue_of[org] = set(found.values_list("pk", flat=True))
    for user in User.objects.filter(role="focal", organization__isnull=False).order_by("username"):
        tasks = set(Task.objects.visible_to(user).values_list("pk", flat=True))
        for org, overdue in overdue_of.items():
            if org.pk != user.organization_id and overdue - tasks:
                return user, tasks, org, overdue
    pytest.fail("the demo has no agency missing another's overdue task")


def test_the_public_is_answered_only_from_published_documents(demo_user, client):
    from giamsat.documents.models import Document
    from giamsat.indicators.models import Indicator

    published = set(Document.objects.filter(is_published=True).values_list("pk", flat=True))
    assert published and Document.objects.filter(is_published=False).exists()
    public_indicators = set(Indicator.objects.filter(is_published=True).values_list("pk", flat=True))
    for question, _ in QUESTIONS:
        body = client.get("/api/v1/public/ask", {"q": question}).json()
        for p in body["passages"]:
            assert p["kind"] == "document" and p["id"] in published, (question, p)
        for s in body["answer"]:
            for c in s["citations"]:
                assert c["kind"] in {"document", "figure"}, (question, c)
                if c["kind"] == "document":
                    assert c["id"] in published, (question, c)
                else:
                    assert c["id"] in public_indicators and c["url"] == "/cong-khai/", (question, c)


def test_the_public_document_page_shows_published_documents_only(demo_user, client):
    from giamsat.documents.models import Document

    shown = Document.objects.filter(is_published=True).exclude(full_text="").first()
    hidden = Document.objects.filter(is_published=False).exclude(full_text="").first()
    page = client.get(f"/cong-khai/van-ban/{shown.pk}/")
    assert page.status_code == 200 and 'id="muc-iii-1"' in page.content.decode()
    assert client.get(f"/cong-khai/van-ban/{hidden.pk}/").status_code == 404
