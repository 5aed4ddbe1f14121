"""The reviewable proposal built from an extraction: every field with its source text, agency matches,
the registered documents its citations point at."""

from __future__ import annotations

from rapidfuzz import fuzz

from giamsat.core.text import clean_spaces, fold
from giamsat.documents.models import Document
from giamsat.documents.services import document_find
from giamsat.ingest.groups import classify_solution_group
from giamsat.organizations.matching import AgencyMatcher

TITLE_MATCH_THRESHOLD = 85


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def build_proposal(extraction) -> dict:
    """The reviewable proposal: every extracted field with its source text, and agency suggestions."""
    meta = extraction.document
    matcher = AgencyMatcher()
    phrases: list[str] = []
    for task in extraction.tasks:
        phrases += [*task.lead, *task.coordinators]
    for rule in extraction.reporting:
        if rule.to:
            phrases.append(rule.to)
    if meta.issuer:
        phrases.append(meta.issuer)
    agencies = {}
    for phrase in dict.fromkeys(clean_spaces(p) for p in phrases if clean_spaces(p)):
        found = matcher.match(phrase)
        agencies[phrase] = (
            {"kind": found.kind, "id": found.id, "name": found.name, "method": found.method, "score": found.score}
            if found else {"kind": None, "id": None, "name": "", "method": "none", "score": 0}
        )
    sources = {k: {"line": v[0], "text": v[1]} for k, v in (getattr(meta, "sources", None) or {}).items()}
    proposal = {
        "document": {
            "type": meta.type, "number": meta.number, "date": _iso(meta.date), "issuer": meta.issuer,
            "place": meta.place, "title": meta.title, "sources": sources,
        },
        "references": [],
        "tasks": [
            {
                "include": True, "no": t.no, "name": t.name, "lead": [clean_spaces(x) for x in t.lead],
                "coordinators": [clean_spaces(x) for x in t.coordinators], "deadline_text": t.deadline.text,
                "deadline": _iso(t.deadline.due), "recurring": t.deadline.recurring, "source": t.source,
                "group": t.group or "", "product": t.product or "", "section": t.section or "",
                "solution_group": classify_solution_group(t.name),
                "snippet": t.snippet, "line": t.line,
            }
            for t in extraction.tasks
        ],
        "targets": [
            {"include": True, "text": t.text, "value": t.value, "value_max": t.value_max, "unit": t.unit or "",
             "comparator": t.comparator, "year": t.year, "matched": t.matched, "line": t.line}
            for t in extraction.targets
        ],
        "reporting": [
            {"include": True, "text": r.text, "period": r.period, "due_day": r.due_day, "due_month": r.due_month,
             "to": r.to or "", "line": r.line}
            for r in extraction.reporting
        ],
        "agencies": agencies,
    }
    for ref in extraction.references:
        target, method = reference_target(ref, matcher)
        proposal["references"].append({
            "include": True, "number": ref.number, "relation": ref.relation, "type": ref.type,
            "date": _iso(ref.date), "issuer": ref.issuer, "snippet": ref.snippet, "line": ref.line,
            "target_id": target.pk if target else None, "match": method,
        })
    return proposal


def reference_target(ref, matcher: AgencyMatcher) -> tuple[Document | None, str]:
    """The registered document a citation points at: by number, or, for a document registered without
    its number (a draft such as seed 001), by type, issuer and title."""
    if ref.number:
        found = document_find(number=ref.number)
        if found:
            return found, "number"
    candidates = Document.objects.filter(number="")
    if ref.type:
        candidates = candidates.filter(doc_type=ref.type)
    issuer = matcher.match(ref.issuer) if ref.issuer else None
    snippet = fold(ref.snippet or "")
    best, best_score = None, 0
    for doc in candidates.only("id", "title", "issuer_id", "issuer_name", "date"):
        if issuer is not None and issuer.kind == "organization" and doc.issuer_id not in (None, issuer.id):
            continue
        if ref.date and doc.date and ref.date != doc.date:
            continue
        # The citation carries the start of the title after "về"; compare that much of the title.
        score = fuzz.partial_ratio(fold(doc.title)[:80], snippet)
        if score > best_score:
            best, best_score = doc, score
    return (best, "title") if best is not None and best_score >= TITLE_MATCH_THRESHOLD else (None, "none")


def proposal_fields(extraction) -> dict:
    """What an extraction puts on its job: the contract JSON, the reviewable proposal, warnings, and the
    words OCR was unsure of (the review marks them)."""
    return {
        "extraction": extraction.to_dict(), "proposal": build_proposal(extraction),
        "warnings": list(extraction.warnings), "unsure_words": list(extraction.low_confidence)[:MAX_UNSURE_WORDS],
    }


MAX_UNSURE_WORDS = 2000


