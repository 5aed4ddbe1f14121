"""A document's cascade as a tree, with the progress of each document and of everything under it.

Plans cite every document above them ("Căn cứ Nghị quyết 57-NQ/TW, Nghị quyết 71/NQ-CP, Chương trình
hành động số 63-CTr/TU…"), so the raw relations put every plan right under 57-NQ/TW. The tree keeps, for
each document, only the documents it is based on that no other of them is based on (the transitive
reduction): a province's plan sits under the Party programme, which sits under 71/NQ-CP, under 57-NQ/TW.
Figures are counted by giamsat.metrics' definitions; a query a level of the cascade, none per document."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.utils import timezone

from giamsat.dashboard.selectors import reverse_or_empty, tasks_url
from giamsat.documents.models import Document, DocumentRelation
from giamsat.metrics.definitions import share
from giamsat.metrics.selectors import figures_of_groups, task_groups_by
from giamsat.tasks.selectors import task_list
from giamsat.tasks.status import LABELS as TASK_LABELS
from giamsat.tasks.status import STATUS_CODES

# ------------------------------------------------------------------------------------- the cascade's shape


def direct_parents(edges) -> dict[int, set[int]]:
    """{document: the documents it is directly under}: of the documents each one is based on, those that
    are not above another of them. `edges`: (source, target) pairs of "based on"."""
    based_on: dict[int, set[int]] = defaultdict(set)
    for source, target in edges:
        if source != target:
            based_on[source].add(target)
    above: dict[int, frozenset[int]] = {}

    def ancestors(node: int, path: frozenset = frozenset()) -> frozenset[int]:
        if node in above:
            return above[node]
        found: set[int] = set()
        for parent in based_on.get(node, ()):
            if parent not in path:  # a cycle in bad data: stop rather than loop
                found |= {parent} | ancestors(parent, path | {node})
        if not path:
            above[node] = frozenset(found)
        return frozenset(found)

    return {node: {p for p in parents if not any(p in ancestors(o) for o in parents if o != p)}
            for node, parents in based_on.items()}


MAX_LEVELS = 24  # a bound on the levels read (relations in bad data may loop; real cascades have ≤ 8)


def _closure_edges(start: int, *, down: bool) -> list[tuple[int, int]]:
    """The "based on" (source, target) pairs among `start` and every document under it (`down`) or above it,
    read a level a query: not every relation of the country (a national database holds the cascades of 63
    provinces; issue #25). Enough for `direct_parents` of each of these documents: what makes a parent
    indirect is another parent below it, and a document between two of them is in the same closure."""
    edges, expanded, frontier = [], set(), {start}
    based_on = DocumentRelation.objects.filter(kind=DocumentRelation.Kind.BASED_ON, target__isnull=False)
    for _ in range(MAX_LEVELS):
        frontier -= expanded
        if not frontier:
            break
        expanded |= frontier
        if down:
            found = list(based_on.filter(target_id__in=frontier).values_list("source_id", "target_id"))
            frontier = {source for source, _ in found}
        else:
            found = list(based_on.filter(source_id__in=frontier).values_list("source_id", "target_id"))
            frontier = {target for _, target in found}
        edges += found
    return edges


# ------------------------------------------------------------------------------------------ the rows


@dataclass
class CascadeRow:
    """A document of the tree: its own tasks (`total`, `counts`, …) and those of its whole subtree
    (`all_*`), as the user sees them."""

    depth: int
    document: Document
    total: int
    counts: dict[str, int]
    done: int
    overdue: int
    done_share: float | None
    url: str
    all_total: int = 0
    all_counts: dict[str, int] = field(default_factory=dict)
    all_done: int = 0
    all_overdue: int = 0
    all_done_share: float | None = None
    has_children: bool = False
    below: int = 0  # visible documents under it
    hidden_below: int = 0  # of which not shown (`first_rows`)


def _figures(groups: Counter) -> tuple[int, dict[str, int], int, int, float | None]:
    f = figures_of_groups(groups)
    counts = {c: f[f"tasks_{c}"] for c in STATUS_CODES if f[f"tasks_{c}"]}
    return f["tasks_total"], counts, f["tasks_done"], f["tasks_overdue"], share(f["tasks_done"], f["tasks_total"])


def document_progress(user, doc: Document, *, today: dt.date | None = None, max_depth: int = 8,
                      figures: bool = True) -> list[CascadeRow]:
    """The plan and every visible plan under it (down the tree), each with its own progress and its
    subtree's. One query a level of the cascade, the documents' and the task figures' one, whatever the
    number of plans. `figures=False`: the rows' figures are left for `fill_figures` (a first view shows 30
    rows of a country's 4,500)."""
    today = today or timezone.localdate()
    children: dict[int, list[int]] = defaultdict(list)
    for child, parents in direct_parents(_closure_edges(doc.pk, down=True)).items():
        for parent in parents:
            children[parent].append(child)
    order: list[tuple[int, int]] = [(0, doc.pk)]
    kids: dict[int, list[int]] = defaultdict(list)  # the tree as walked: each document once
    seen = {doc.pk}

    def walk(node: int, depth: int) -> None:
        if depth > max_depth:
            return
        for child in sorted(children.get(node, [])):
            if child not in seen:
                seen.add(child)
                kids[node].append(child)
                order.append((depth, child))
                walk(child, depth + 1)

    walk(doc.pk, 1)
    docs = {d.pk: d for d in Document.objects.visible_to(user).filter(pk__in=seen)
            .only("id", "doc_type", "number", "date", "title").order_by()}
    own = task_groups_by(task_list(user).filter(document_id__in=list(docs)), today, "document_id")
    subtree: dict[int, Counter] = {}

    def roll(node: int) -> Counter:
        total = Counter(own.get(node, Counter())) if node in docs else Counter()
        for child in kids.get(node, []):
            total.update(roll(child))
        subtree[node] = total
        return total

    roll(doc.pk)
    by_date = {pk: (d.date or dt.date.min, pk) for pk, d in docs.items()}
    base = reverse_or_empty("web:tasks")  # once, not per row
    rows = []
    for depth, pk in _ordered(order, kids, by_date):
        d = docs.get(pk)
        if d is None:
            continue  # not visible to this user (what is under it still counts in its parents' totals)
        row = CascadeRow(depth, d, 0, {}, 0, 0, None, "", has_children=bool(kids.get(pk)))
        row.groups, row.all_groups, row.tasks_base = own.get(pk, Counter()), subtree[pk], base
        rows.append(row)
    if figures:
        for row in rows:
            fill_figures(row)
    return rows


def fill_figures(row: CascadeRow) -> CascadeRow:
    """The row's figures (giamsat.metrics) from the task groups `document_progress` left on it."""
    row.total, row.counts, row.done, row.overdue, row.done_share = _figures(row.groups)
    row.all_total, row.all_counts, row.all_done, row.all_overdue, row.all_done_share = _figures(row.all_groups)
    row.url = tasks_url(base=row.tasks_base, document=row.document.pk)
    return row


def first_rows(rows: list[CascadeRow], limit: int) -> list[CascadeRow]:
    """A bounded first view of the tree (`rows` as `document_progress` returns them, depth first): whole
    levels from the top while they fit in `limit` rows, then the first documents of the next level (by the
    tree's order). Sets `below` and `hidden_below` on every row: how many documents are under it, and how
    many of those are not shown (the row's own page, or the whole cascade's, shows them)."""
    by_depth = Counter(r.depth for r in rows)
    depth, fits = -1, 0
    while depth + 1 in by_depth and fits + by_depth[depth + 1] <= limit:
        depth += 1
        fits += by_depth[depth]
    room, shown = max(0, limit - fits), set()
    for i, row in enumerate(rows):
        if row.depth <= depth:
            shown.add(i)
        elif row.depth == depth + 1 and room:
            shown.add(i)
            room -= 1
    stack: list[CascadeRow] = []
    for i, row in enumerate(rows):
        row.below = row.hidden_below = 0
        while stack and stack[-1].depth >= row.depth:
            stack.pop()
        for above in stack:
            above.below += 1
            above.hidden_below += i not in shown
        stack.append(row)
    return [row for i, row in enumerate(rows) if i in shown]


def _ordered(order, kids, by_date):
    """Depth-first, each level's documents by date (the walk visited them by id)."""
    if not order:
        return []
    root = order[0][1]
    out = []

    def visit(node, depth):
        out.append((depth, node))
        for child in sorted(kids.get(node, []), key=lambda c: by_date.get(c, (dt.date.min, c))):
            visit(child, depth + 1)

    visit(root, 0)
    return out


def document_chain(user, doc: Document) -> list[Document]:
    """The documents above `doc`, from the top of the cascade down to its direct parent (57-NQ/TW →
    71/NQ-CP → the Party programme → …), following the longest line; those the user may not see left out."""
    parents = direct_parents(_closure_edges(doc.pk, down=False))
    depth: dict[int, int] = {}

    def height(node: int, path: frozenset = frozenset()) -> int:
        if node not in depth:
            ups = [p for p in parents.get(node, ()) if p not in path]
            depth[node] = 1 + max((height(p, path | {node}) for p in ups), default=0)
        return depth[node]

    line, node, path = [], doc.pk, {doc.pk}
    while True:
        ups = [p for p in parents.get(node, ()) if p not in path]
        if not ups:
            break
        node = max(ups, key=lambda p: (height(p, frozenset(path)), -p))
        path.add(node)
        line.append(node)
    docs = Document.objects.visible_to(user).in_bulk(line)
    return [docs[pk] for pk in reversed(line) if pk in docs]


CASCADE_PAGE_ROWS = 300  # the whole cascade's page, a page at a time (a country's 57-NQ/TW has 4,500 plans)


def progress_context(user, doc, *, today, limit: int | None = None, full_url: str = "",
                     page: int | None = None) -> dict:
    """The context of dashboard/_document_progress.html: the cascade under `doc` with each row's progress;
    with `limit`, a bounded first view (`first_rows`: the top levels, then the first documents of the next
    one; `full_url`, the page of the whole cascade, is offered when some are left out)."""
    rows = document_progress(user, doc, today=today, figures=False)
    pager = None
    if limit:
        shown = first_rows(rows, limit)
    elif page is not None:  # depth first, CASCADE_PAGE_ROWS rows a page
        pager = Paginator(rows, CASCADE_PAGE_ROWS).get_page(page)
        shown = list(pager.object_list)
    else:
        shown = rows
    for row in shown:
        fill_figures(row)
    top = rows[0] if rows and rows[0].document.pk == doc.pk else None
    # The statuses found anywhere in the tree: those of its top's branch (every row is under it), else any.
    codes = [c for c in TASK_LABELS if any(r.all_counts.get(c) for r in ([top] if top else shown))]
    # Addresses built once, not reversed per row (a province plan has 130 implementing plans; issue #25).
    base, documents = reverse_or_empty("web:tasks"), reverse_or_empty("web:documents")
    for r in shown:
        r.doc_url = f"{documents}{r.document.pk}/"
    return {
        "doc": doc,
        "chain": document_chain(user, doc),
        "codes": [(c, TASK_LABELS[c]) for c in codes],
        "rows": [
            # A status count links to the list when it is the document's own (no plan under it).
            (r, [(r.all_counts.get(c, 0),
                  "" if r.has_children else tasks_url(base=base, document=r.document.pk, status=c))
                 for c in codes])
            for r in shown
        ],
        "total": top.all_total if top else 0,
        "done": top.all_done if top else 0,
        "overdue": top.all_overdue if top else 0,
        "deepest": max((r.depth for r in rows), default=0),
        "documents_total": len(rows) - (1 if top else 0),  # the plans under it, as far as visible
        "left_out": len(rows) - len(shown) if limit else 0,
        "full_url": full_url,
        "pager": pager,
    }
