"""Model → API dict conversions, shared by list and detail endpoints."""

from giamsat.tasks.selectors import TASK_CARD_FIELDS


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


def task_out(card: dict) -> dict:
    """A task as the API gives it (list, detail, after an edit), from a `tasks.selectors.task_cards` row."""
    status = card["status"]
    return {
        **{field: card[field] for field in TASK_CARD_FIELDS},
        "leads": card["leads"], "coordinators": card["coordinators"],
        "status": status.code, "status_label": status.label, "warning": status.warning, "current_due": status.due,
    }


def update_out(update) -> dict:
    """`evidence_items`: set by the service on an update it has just written (tasks.services)."""
    evidence = getattr(update, "evidence_items", None)
    return {
        "id": update.id, "task_id": update.task_id, "organization_id": update.organization_id,
        "author": update.author.get_username() if update.author_id else None, "reported_on": update.reported_on,
        "state": update.state, "percent": update.percent, "narrative": update.narrative,
        "difficulties": update.difficulties, "proposals": update.proposals, "is_lead": update.is_lead,
        "corrects_id": update.corrects_id, "created_at": update.created_at,
        "evidence": [
            {"id": e.id, "link": e.link, "filename": e.filename, "size": e.size, "content_type": e.content_type}
            for e in (evidence if evidence is not None else update.evidence.all())
        ],
    }


def decision_out(decision) -> dict:
    return {
        "id": decision.id, "task_id": decision.task_id, "kind": decision.kind, "decided_on": decision.decided_on,
        "new_due_date": decision.new_due_date, "decision_document_id": decision.decision_document_id,
        "note": decision.note, "decided_by": decision.decided_by.get_username() if decision.decided_by_id else None,
    }
