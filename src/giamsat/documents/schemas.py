"""Schemas of the documents API (`documents.api`) and the function that fills them from a row; the imports
API answers a committed plan with the same `DocumentOut`."""

import datetime as dt

from ninja import Schema


class DocumentRef(Schema):
    id: int | None
    number: str
    label: str
    relation: str


class DocumentOut(Schema):
    id: int
    doc_type: str
    number: str
    date: dt.date | None
    issuer_id: int | None
    issuer_name: str
    place: str
    title: str
    task_count: int


class DocumentDetailOut(DocumentOut):
    based_on: list[DocumentRef]
    implemented_by: list[DocumentRef]


def document_out(doc) -> dict:
    return {
        "id": doc.id,
        "doc_type": doc.doc_type,
        "number": doc.number,
        "date": doc.date,
        "issuer_id": doc.issuer_id,
        "issuer_name": doc.issuer_name,
        "place": doc.place,
        "title": doc.title,
        "task_count": getattr(doc, "task_count", None)
        if getattr(doc, "task_count", None) is not None
        else doc.tasks.count(),
    }
