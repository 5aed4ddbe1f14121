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
