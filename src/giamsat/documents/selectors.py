"""Reads of documents and the cascade of relations between them."""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, QuerySet

from giamsat.core.errors import NotFoundError
from giamsat.documents.models import Document, DocumentRelation


def document_list(user) -> QuerySet[Document]:
    """Visible documents, newest first, with their task counts, to be narrowed by the list's filters
    (`documents.filters.DocumentFilterSet`). Ordered here: Django leaves the model's ordering out of a grouped
    (annotated) query, and pages of an unordered list may repeat or skip rows."""
    return (Document.objects.visible_to(user).select_related("issuer").annotate(task_count=Count("tasks"))
            .order_by("-date", "-id"))


def documents_listed(user) -> QuerySet[Document]:
    """Visible documents, newest first, with what the documents page shows of them (not their full text),
    without task counts: counting groups every visible task before a page is picked (a country's 380,000);
    the page counts its own rows' (`task_counts`)."""
    return (Document.objects.visible_to(user).select_related("issuer")
            .only("id", "doc_type", "number", "date", "title", "issuer_name", "issuer__name")
            .order_by("-date", "-id"))


def task_counts(ids) -> dict[int, int]:
    """{document id: its number of tasks} for these documents (one query), as `document_list` counts them."""
    ids = list(ids)
    if not ids:
        return {}
    return dict(Document.objects.filter(pk__in=ids).annotate(n=Count("tasks")).order_by().values_list("pk", "n"))


def recent_documents(user, limit: int) -> list[Document]:
    """The newest visible documents (the home page), without `document_list`'s task counts: counting groups
    every document's tasks before the first few are picked (5 ms of a national home page), nor their full text
    (tens of kilobytes each; the list shows their type, number, date and title)."""
    return list(Document.objects.visible_to(user).defer("full_text")[:limit])


def document_get(user, pk: int) -> Document:
    doc = Document.objects.visible_to(user).select_related("issuer").filter(pk=pk).first()
    if doc is None:
        raise NotFoundError("Không tìm thấy văn bản hoặc bạn không có quyền xem.")
    return doc


def document_sources(user, doc: Document) -> list[DocumentRelation]:
    """What this document is based on, replaces or mentions, each with `.openable`: whether the user may open
    the document cited (else it is shown by its cited number only)."""
    upward = list(DocumentRelation.objects.filter(source=doc).select_related("target").order_by("kind", "id"))
    target_ids = [r.target_id for r in upward if r.target_id]
    openable = (set(Document.objects.visible_to(user).filter(pk__in=target_ids).values_list("pk", flat=True))
                if target_ids else set())
    for relation in upward:
        relation.openable = relation.target_id in openable
    return upward


def document_cascade(user, doc: Document) -> dict:
    """What this document is based on (upward) and what implements it (downward), as far as visible.

    An upward reference to a document the user may not open is shown by its cited number only.
    """
    visible = Document.objects.visible_to(user)
    upward = document_sources(user, doc)
    downward = list(
        DocumentRelation.objects.filter(target=doc, source__in=visible).select_related("source").order_by(
            "source__date", "id"
        )
    )
    return {"upward": upward, "downward": downward}


def document_tree(root: Document, *, user, max_depth: int = 6) -> list[tuple[int, Document]]:
    """Documents that implement `root`, depth-first, with their depth: the cascade down to communes; only
    the documents `user` may see (no user is not "every document", #15).

    Read a level at a time (two queries a level, not one per document: a province plan's 130 implementing
    plans took 130 queries; issue #25), then walked depth-first in memory, children by date."""
    visible = Document.objects.visible_to(user)
    children: dict[int, list[Document]] = defaultdict(list)
    expanded, frontier = set(), {root.pk}
    for _ in range(max_depth):
        frontier -= expanded
        if not frontier:
            break
        expanded |= frontier
        edges = list(DocumentRelation.objects.filter(kind=DocumentRelation.Kind.BASED_ON, target_id__in=frontier)
                     .values_list("target_id", "source_id"))
        found = {d.pk: d for d in visible.filter(pk__in={source for _, source in edges})}
        for target, source in edges:
            if source in found and found[source] not in children[target]:
                children[target].append(found[source])
        frontier = set(found)
    out, seen = [], {root.pk}

    def walk(pk, depth):
        if depth > max_depth:
            return
        for child in sorted(children.get(pk, ()), key=lambda d: (d.date is None, d.date or dt.date.min, d.pk)):
            if child.pk in seen:
                continue
            seen.add(child.pk)
            out.append((depth, child))
            walk(child.pk, depth + 1)

    walk(root.pk, 1)
    return out
