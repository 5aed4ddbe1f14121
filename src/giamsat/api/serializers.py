"""Model → API dict conversions, shared by list and detail endpoints."""

from giamsat.tasks.selectors import task_status


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


def task_out(task, coordinators: list[dict] | None = None) -> dict:
    """`coordinators`: given by lists that prefetch the leads only (tasks.selectors.coordinator_refs)."""
    status = getattr(task, "status", None) or task_status(task)
    assignments = list(task.assignments.all())
    return {
        "id": task.id, "document_id": task.document_id, "number": task.number, "name": task.name,
        "section": task.section, "solution_group": task.solution_group,
        "leads": [{"id": a.organization_id, "name": a.organization.name} for a in assignments if a.role == "lead"],
        "coordinators": coordinators if coordinators is not None else [
            {"id": a.organization_id, "name": a.organization.name} for a in assignments if a.role == "coordinator"
        ],
        "deadline_text": task.deadline_text, "deadline_kind": task.deadline_kind, "due_date": task.due_date,
        "recurring": task.recurring, "recurrence": task.recurrence, "expected_product": task.expected_product,
        "status": status.code, "status_label": status.label, "warning": status.warning, "current_due": status.due,
        "lock_version": task.lock_version,
    }


def update_out(update) -> dict:
    return {
        "id": update.id, "task_id": update.task_id, "organization_id": update.organization_id,
        "author": update.author.get_username() if update.author_id else None, "reported_on": update.reported_on,
        "state": update.state, "percent": update.percent, "narrative": update.narrative,
        "difficulties": update.difficulties, "proposals": update.proposals, "is_lead": update.is_lead,
        "corrects_id": update.corrects_id, "created_at": update.created_at,
        "evidence": [
            {"id": e.id, "link": e.link, "filename": e.filename, "size": e.size, "content_type": e.content_type}
            for e in update.evidence.all()
        ],
    }


def decision_out(decision) -> dict:
    return {
        "id": decision.id, "task_id": decision.task_id, "kind": decision.kind, "decided_on": decision.decided_on,
        "new_due_date": decision.new_due_date, "decision_document_id": decision.decision_document_id,
        "note": decision.note, "decided_by": decision.decided_by.get_username() if decision.decided_by_id else None,
    }
