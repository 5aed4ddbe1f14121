"""Model → API dict conversions, shared by list and detail endpoints."""


def document_out(doc) -> dict:
    return {
        "id": doc.id, "doc_type": doc.doc_type, "number": doc.number, "date": doc.date, "issuer_id": doc.issuer_id,
        "issuer_name": doc.issuer_name, "place": doc.place, "title": doc.title,
        "task_count": getattr(doc, "task_count", None) if getattr(doc, "task_count", None) is not None
        else doc.tasks.count(),
    }
