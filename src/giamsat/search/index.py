"""What each kind of object is found by, and keeping the search index current.

The key is the object's words folded as `core.text.fold` folds them (no accents, đ → d, lower case, no
punctuation), each preceded by a space: a query word `w` matches a word that starts with `w` (`key LIKE
'% w%'`). Both databases answer that the same way, without extensions (ADR 0014).
"""

from collections import defaultdict

from django.db import connection, transaction

from giamsat.core.text import fold
from giamsat.documents.models import Document
from giamsat.indicators.models import Indicator
from giamsat.organizations.models import Organization, OrganizationAlias
from giamsat.reporting.models import Report
from giamsat.search.models import SearchEntry
from giamsat.tasks.models import ProgressUpdate, Task

Kind = SearchEntry.Kind
# kind → (model, the fields its key is made of, the long texts whose distinct words are added to it)
SOURCES = {
    Kind.TASK: (Task, ("number", "name"), ()),
    Kind.DOCUMENT: (Document, ("doc_type", "number", "title", "issuer_name"), ("full_text",)),
    Kind.ORGANIZATION: (Organization, ("name", "short_name", "code"), ()),
    Kind.INDICATOR: (Indicator, ("code", "name"), ()),
    Kind.UPDATE: (ProgressUpdate, (), ("narrative", "difficulties", "proposals", "no_product_reason")),
    Kind.REPORT: (Report, (), ("results", "shortcomings", "next_tasks", "proposals")),
}
KIND_OF_MODEL = {model: kind for kind, (model, _, _) in SOURCES.items()}
BATCH = 5000


def search_key(*texts: str, long_texts=()) -> str:
    """The folded words of `texts` in order, then each word of `long_texts` not already there, once (a
    document's full text or a narrative: a word is found whether it occurs once or fifty times)."""
    words = fold(" ".join(t for t in texts if t)).split()
    if long_texts:
        seen = set(words)
        for word in fold(" ".join(t for t in long_texts if t)).split():
            if word not in seen:
                seen.add(word)
                words.append(word)
    return "".join(f" {word}" for word in words)


def query_words(q: str, limit: int = 8) -> list[str]:
    """The folded words of a query (at most `limit`: each is one more condition)."""
    return fold(q or "").split()[:limit]


def _aliases(organization_ids=None) -> dict[int, list[str]]:
    found = defaultdict(list)
    qs = OrganizationAlias.objects.all()
    if organization_ids is not None:
        qs = qs.filter(organization_id__in=organization_ids)
    for org_id, alias in qs.values_list("organization_id", "alias"):
        found[org_id].append(alias)
    return found


def index_object(obj) -> None:
    """Add or refresh one object's entry (called on every save of an indexed model)."""
    kind = KIND_OF_MODEL[type(obj)]
    _, fields, long_fields = SOURCES[kind]
    texts = [getattr(obj, name) for name in fields]
    if kind == Kind.ORGANIZATION:
        texts += _aliases([obj.pk])[obj.pk]
    key = search_key(*texts, long_texts=[getattr(obj, name) for name in long_fields])
    SearchEntry.objects.update_or_create(kind=kind, object_id=obj.pk, defaults={"key": key})


def remove_object(obj) -> None:
    SearchEntry.objects.filter(kind=KIND_OF_MODEL[type(obj)], object_id=obj.pk).delete()


@transaction.atomic
def rebuild(kinds=None) -> dict[str, int]:
    """Rebuild the index from the data (after bulk loads, a restore, or to be sure): kind → entries."""
    counts = {}
    for kind in kinds or SOURCES:
        model, fields, long_fields = SOURCES[kind]
        aliases = _aliases() if kind == Kind.ORGANIZATION else {}
        SearchEntry.objects.filter(kind=kind).delete()
        batch, counts[kind] = [], 0
        rows = model.objects.order_by().values_list("pk", *fields, *long_fields).iterator(chunk_size=BATCH)
        for pk, *texts in rows:
            short, long = texts[:len(fields)], texts[len(fields):]
            key = search_key(*short, *aliases.get(pk, ()), long_texts=long)
            batch.append(SearchEntry(kind=kind, object_id=pk, key=key))
            if len(batch) == BATCH:
                counts[kind] += len(SearchEntry.objects.bulk_create(batch))
                batch = []
        counts[kind] += len(SearchEntry.objects.bulk_create(batch))
    if connection.vendor == "postgresql":  # fresh statistics, so that the planner uses the trigram index
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
    return counts
