"""Task → API dict conversions, shared by the task API's list and detail endpoints."""

from giamsat.tasks.selectors import TASK_CARD_FIELDS


def task_out(card: dict) -> dict:
    """A task as the API gives it (list, detail, after an edit), from a `tasks.selectors.task_cards` row."""
    status = card["status"]
    return {
        **{field: card[field] for field in TASK_CARD_FIELDS},
        "leads": card["leads"], "coordinators": card["coordinators"],
        "status": status.code, "status_label": status.label, "warning": status.warning, "current_due": status.due,
        "alert": card["alert"], "transferred_from": card["transferred_from"],
    }


UPDATE_FIELDS = (
    "id", "task_id", "organization_id", "reported_on", "state", "percent", "narrative", "difficulties",
    "proposals", "is_lead", "corrects_id", "created_at", "no_product_reason",
)
EVIDENCE_FIELDS = ("id", "link", "filename", "size", "content_type")


def update_out(update) -> dict:
    """An update the service has just written (its `evidence_items` set by tasks.services), in the shape
    `update_rows` gives a task's history."""
    evidence = getattr(update, "evidence_items", None)
    return {
        **{field: getattr(update, field) for field in UPDATE_FIELDS},
        "author": update.author.get_username() if update.author_id else None,
        "evidence": [
            {field: getattr(e, field) for field in EVIDENCE_FIELDS}
            for e in (evidence if evidence is not None else update.evidence.all())
        ],
    }


def update_rows(updates) -> list[dict]:
    """A page of updates (a sliced queryset) as the API gives them, from plain rows in three queries."""
    from giamsat.accounts.models import User
    from giamsat.tasks.models import Evidence

    rows = list(updates.values(*UPDATE_FIELDS, "author_id"))
    authors = dict(
        User.objects.filter(pk__in={r["author_id"] for r in rows} - {None}).values_list("id", User.USERNAME_FIELD)
    )
    evidence: dict[int, list[dict]] = {}
    for e in Evidence.objects.filter(update_id__in=[r["id"] for r in rows]).order_by("id").values(
        "update_id", *EVIDENCE_FIELDS
    ):
        evidence.setdefault(e.pop("update_id"), []).append(e)
    for row in rows:
        row["author"] = authors.get(row.pop("author_id"))
        row["evidence"] = evidence.get(row["id"], [])
    return rows


def decision_out(decision) -> dict:
    return {
        "id": decision.id, "task_id": decision.task_id, "kind": decision.kind, "decided_on": decision.decided_on,
        "new_due_date": decision.new_due_date, "decision_document_id": decision.decision_document_id,
        "note": decision.note, "without_evidence": decision.without_evidence,
        "decided_by": decision.decided_by.get_username() if decision.decided_by_id else None,
    }
