"""A document's cascade with the progress of each document under it (the dashboard's document page)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from giamsat.dashboard.selectors import DONE_CODES, share, tasks_url
from giamsat.documents.models import Document, DocumentRelation
from giamsat.tasks.selectors import task_list, with_current_status
from giamsat.tasks.status import StatusCode

# ------------------------------------------------------------------------------------- document cascade


@dataclass
class CascadeRow:
    depth: int
    document: Document
    total: int
    counts: dict[str, int]
    done: int
    overdue: int
    done_share: float | None
    url: str


def document_progress(user, doc: Document, *, today: dt.date | None = None, max_depth: int = 8) -> list[CascadeRow]:
    """The plan and every visible plan that implements it (down the cascade), each with its task progress.

    A fixed number of queries whatever the depth: relations, documents, and one aggregate of their tasks.
    """
    today = today or timezone.localdate()
    children: dict[int, list[int]] = defaultdict(list)
    for source_id, target_id in DocumentRelation.objects.filter(
        kind=DocumentRelation.Kind.BASED_ON, target__isnull=False
    ).values_list("source_id", "target_id"):
        children[target_id].append(source_id)
    order: list[tuple[int, int]] = [(0, doc.pk)]
    seen = {doc.pk}

    def walk(node: int, depth: int) -> None:
        if depth > max_depth:
            return
        for child in children.get(node, []):
            if child not in seen:
                seen.add(child)
                order.append((depth, child))
                walk(child, depth + 1)

    walk(doc.pk, 1)
    docs = {d.pk: d for d in Document.objects.visible_to(user).filter(pk__in=seen).order_by()}
    by_doc: dict[int, dict[str, int]] = defaultdict(dict)
    tasks = with_current_status(task_list(user).filter(document_id__in=list(docs)), today=today)
    for doc_id, code, n in tasks.order_by().values_list("document_id", "cur_code").annotate(n=Count("pk")):
        by_doc[doc_id][code] = n
    rows = []
    for depth, pk in order:
        d = docs.get(pk)
        if d is None:
            continue  # not visible to this user
        counts = by_doc.get(pk, {})
        total = sum(counts.values())
        done = sum(counts.get(c, 0) for c in DONE_CODES)
        rows.append(
            CascadeRow(
                depth,
                d,
                total,
                dict(counts),
                done,
                counts.get(StatusCode.OVERDUE, 0),
                share(done, total),
                tasks_url(document=pk),
            )
        )
    return rows
