"""Writes about documents and their relations."""

import datetime as dt

from django.db import transaction
from django.db.models import Q

from giamsat.accounts.access import require_manager
from giamsat.core.actors import is_system, require_actor
from giamsat.core.errors import ApplicationError
from giamsat.core.text import clean_spaces
from giamsat.documents.models import Document, DocumentRelation, DocumentType


def document_create(*, actor, doc_type: str, title: str, number: str = "", date: dt.date | None = None,
                    issuer=None, issuer_name: str = "", place: str = "", full_text: str = "",
                    is_published: bool = False, is_demo: bool = False, file_sha256: str = "",
                    original_file_name: str = "") -> Document:
    if not is_system(require_actor(actor)):
        require_manager(actor)
    if doc_type not in DocumentType.values:
        raise ApplicationError(f"Loại văn bản không hợp lệ: {doc_type}.")
    title = clean_spaces(title)
    if not title:
        raise ApplicationError("Trích yếu văn bản không được để trống.")
    number = clean_spaces(number)
    if number and Document.objects.filter(number__iexact=number, date=date).exists():
        raise ApplicationError(f"Văn bản số {number} đã có trong hệ thống.", code="duplicate")
    doc = Document(
        doc_type=doc_type, number=number, date=date, issuer=issuer,
        issuer_name=clean_spaces(issuer_name) or (issuer.name if issuer else ""), place=clean_spaces(place),
        title=title, full_text=full_text, is_published=is_published, is_demo=is_demo, file_sha256=file_sha256,
    )
    doc.original_file.name = original_file_name
    doc.save()
    return doc


def document_learn_number(*, document: Document, number: str, date: dt.date | None) -> None:
    """A citation gives the official number (and date) of a document registered as a draft without one."""
    if document.number or not clean_spaces(number):
        return
    document.number = clean_spaces(number)[:64]
    document.date = document.date or date
    document.save(update_fields=["number", "date", "updated_at"])


def citations_link(*, document: Document) -> int:
    """Link the citations of `document`'s number made earlier, before it was registered."""
    if not document.number:
        return 0
    linked = 0
    dangling = DocumentRelation.objects.filter(target__isnull=True, cited_number__iexact=document.number).exclude(
        source=document)
    for relation in dangling:
        if not DocumentRelation.objects.filter(source=relation.source_id, target=document, kind=relation.kind).exists():
            relation.target = document
            relation.save(update_fields=["target", "updated_at"])
            linked += 1
    return linked


def document_find(*, number: str = "", title: str = "", issuer_name: str = "") -> Document | None:
    """Find an already registered document by its number or, when the number is blank, by title and issuer."""
    number = clean_spaces(number)
    if number:
        return Document.objects.filter(number__iexact=number).order_by("id").first()
    title = clean_spaces(title)
    if not title:
        return None
    qs = Document.objects.filter(title__iexact=title)
    if issuer_name:
        qs = qs.filter(Q(issuer_name__iexact=clean_spaces(issuer_name)) | Q(issuer__name__iexact=issuer_name))
    return qs.order_by("id").first()


@transaction.atomic
def document_relate(*, source: Document, kind: str, target: Document | None = None, cited_number: str = "",
                    cited_text: str = "") -> DocumentRelation:
    if kind not in DocumentRelation.Kind.values:
        raise ApplicationError("Loại quan hệ văn bản không hợp lệ.")
    if target is not None and target.pk == source.pk:
        raise ApplicationError("Văn bản không thể căn cứ vào chính nó.")
    if target is not None:
        existing = DocumentRelation.objects.filter(source=source, target=target, kind=kind).first()
        if existing:
            return existing
    return DocumentRelation.objects.create(
        source=source, target=target, kind=kind, cited_number=clean_spaces(cited_number)[:64],
        cited_text=clean_spaces(cited_text)[:500],
    )
