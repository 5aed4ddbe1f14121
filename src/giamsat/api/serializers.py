"""Model → API dict conversions, shared by list and detail endpoints."""


def organization_out(org) -> dict:
    return {
        "id": org.id, "code": org.code, "name": org.name, "short_name": org.short_name, "kind": org.kind,
        "level": org.level, "parent_id": org.parent_id, "valid_from": org.valid_from, "valid_to": org.valid_to,
        "aliases": [a.alias for a in org.aliases.all()],
        "successor_ids": [s.successor_id for s in org.successions_out.all()],
    }


def document_out(doc) -> dict:
    return {
        "id": doc.id, "doc_type": doc.doc_type, "number": doc.number, "date": doc.date, "issuer_id": doc.issuer_id,
        "issuer_name": doc.issuer_name, "place": doc.place, "title": doc.title,
        "task_count": getattr(doc, "task_count", None) if getattr(doc, "task_count", None) is not None
        else doc.tasks.count(),
    }
