"""The root resolution(s) of each document: the documents at the top of its "căn cứ" chain (ADR 0040).

A province follows several resolutions side by side (57, 59, 66, 68, 70, 71, 72 …); every list, figure
and export can be narrowed to one of them (`resolution=` on the FilterSets and the metrics API). The
roots are derived data, stored (`Document.roots`) and refreshed on every write that adds documents or
relations (ADR 0020); readers never compute them.
"""

from django.db.models import Q, QuerySet

from giamsat.core.text import clean_spaces
from giamsat.documents.models import Document, DocumentRelation, DocumentType


def _parents() -> dict[int, set[int]]:
    parents: dict[int, set[int]] = {}
    for source, target in DocumentRelation.objects.filter(
            kind=DocumentRelation.Kind.BASED_ON, target__isnull=False).values_list("source_id", "target_id"):
        parents.setdefault(source, set()).add(target)
    return parents


def compute_roots() -> dict[int, set[int]]:
    """{document id: the ids of the tops reached by following "căn cứ" upwards} (a cycle stops the walk)."""
    parents = _parents()

    def tops(doc: int) -> set[int]:
        seen, stack, found = {doc}, [doc], set()
        while stack:
            current = stack.pop()
            above = parents.get(current, ())
            if not above:
                found.add(current)
            for parent in above:
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return found or {doc}

    return {doc: tops(doc) for doc in Document.objects.values_list("pk", flat=True)}


def refresh_roots() -> int:
    """Store `compute_roots` (only the differences are written); the number of rows changed."""
    through = Document.roots.through
    wanted = {(doc, root) for doc, roots in compute_roots().items() for root in roots}
    stored = set(through.objects.values_list("from_document_id", "to_document_id"))
    gone = stored - wanted
    for doc in {doc for doc, _ in gone}:
        through.objects.filter(from_document_id=doc,
                               to_document_id__in=[root for d, root in gone if d == doc]).delete()
    through.objects.bulk_create([through(from_document_id=d, to_document_id=r) for d, r in wanted - stored],
                                batch_size=5000)
    return len(gone) + len(wanted - stored)


def resolutions() -> QuerySet[Document]:
    """The root resolutions: resolutions at the top of a cascade (the choices of the `resolution` filter)."""
    tops = Document.roots.through.objects.values("to_document_id")
    return Document.objects.filter(pk__in=tops, doc_type=DocumentType.NGHI_QUYET).order_by("date", "number")


def resolution_q(value: str) -> Q:
    """The condition "number of a root resolution" for `value`: '57', '57-NQ/TW' or a document id ('#12')."""
    value = clean_spaces(value or "")
    if value.startswith("#") and value[1:].isdigit():
        return Q(pk=int(value[1:]))
    return Q(number__iexact=value) | Q(number__istartswith=f"{value}-") | Q(number__istartswith=f"{value}/")


def documents_of_resolution(value: str) -> QuerySet[Document]:
    """The documents in the cascade of the root resolution(s) `value` names, as a subquery of ids."""
    roots = resolutions().filter(resolution_q(value)).values("pk")
    return Document.roots.through.objects.filter(to_document_id__in=roots).values("from_document_id")


def resolution_choices(*, published: bool = False) -> list[tuple[str, str]]:
    """(value, label) of every root resolution, the value being its number's leading figure ('57').
    `published`: only those with a published document in their cascade (the public page's choices)."""
    out = []
    roots = resolutions()
    if published:
        roots = roots.filter(pk__in=Document.roots.through.objects.filter(from_document__is_published=True)
                             .values("to_document_id"))
    for doc in roots.only("id", "number", "doc_type", "date"):
        key = doc.number.split("-")[0].split("/")[0] if doc.number else f"#{doc.pk}"
        out.append((key, doc.label))
    return out
