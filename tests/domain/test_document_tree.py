"""The cascade under a document is read through the documents' visibility: no user is not "every document"
(#15: `user=None` was a bypass of `Document.objects.visible_to`)."""

import datetime as dt

import pytest

from giamsat.accounts.models import User
from giamsat.documents.models import Document, DocumentRelation
from giamsat.documents.selectors import document_tree
from giamsat.organizations.services import organization_create

pytestmark = pytest.mark.django_db


def _document(issuer, number: str, based_on: Document | None = None) -> Document:
    doc = Document.objects.create(doc_type="Kế hoạch", number=number, date=dt.date(2026, 1, 5), issuer=issuer,
                                  title="Văn bản thử")
    if based_on is not None:
        DocumentRelation.objects.create(source=doc, target=based_on, kind=DocumentRelation.Kind.BASED_ON)
    return doc


def test_the_cascade_shows_only_what_the_user_may_see():
    ubnd = organization_create(name="Ủy ban nhân dân tỉnh", code="ubnd")
    science = organization_create(name="Sở Khoa học và Công nghệ", code="skhcn")
    culture = organization_create(name="Sở Văn hóa, Thể thao và Du lịch", code="svhttdl")
    root = _document(ubnd, "1/KH-UBND")
    own = _document(science, "2/KH-SKHCN", based_on=root)
    other = _document(culture, "3/KH-SVHTTDL", based_on=root)
    focal = User.objects.create(username="skhcn", role="focal", organization=science)
    office = User.objects.create(username="vp", role="office")

    assert [d for _, d in document_tree(root, user=focal)] == [own]
    assert {d for _, d in document_tree(root, user=office)} == {own, other}
    with pytest.raises(TypeError):
        document_tree(root)  # who reads must be said
