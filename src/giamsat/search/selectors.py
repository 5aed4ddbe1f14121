"""Search across tasks, documents (with their full text), progress updates, reports, organizations and
indicators, within what the user may see; and the public search of published documents and their tasks."""

from dataclasses import dataclass, field

from django.db.models import Value
from django.db.models.functions import StrIndex
from django.urls import reverse
from django.utils import timezone

from giamsat.accounts.access import sees_all
from giamsat.core.text import fold
from giamsat.documents.models import Document, with_document
from giamsat.indicators.models import Indicator
from giamsat.organizations.models import Organization
from giamsat.reporting.models import Report
from giamsat.search.index import query_words
from giamsat.search.models import SearchEntry
from giamsat.tasks.models import ProgressUpdate, Task

Kind = SearchEntry.Kind
KIND_ORDER = (Kind.TASK, Kind.DOCUMENT, Kind.UPDATE, Kind.REPORT, Kind.ORGANIZATION, Kind.INDICATOR)
SNIPPET_WORDS = 14  # words either side of the first word found, in an update's or a report's text
MAX_LIMIT = 100
# Counted exactly up to here; past it a kind shows "hơn 1.000": counting every match of a common word (millions
# of progress updates at national scale) costs more than the rest of the page together (ADR 0054).
COUNT_LIMIT = 1000
MIN_INNER = 3  # letters from which a query word has a trigram of its own (pg_trgm)
# Matches read first, as ids, up to here (`_matched`); past it the matches are many and a page is found at once
# by walking the kind in its page order.
MATCHES_FIRST = 10_000
# Set at start-up by giamsat.web (above both this app and giamsat.dashboard): `keep(user, today, params,
# compute)` keeps what `compute()` returns while the data it shows has not changed (dashboard.snapshots). Unset:
# computed on every request.
keep = None


@dataclass(frozen=True)
class Hit:
    kind: str
    id: int
    title: str
    subtitle: str
    url: str


@dataclass
class SearchResult:
    q: str
    words: list[str]
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    more: set[str] = field(default_factory=set)  # the kinds with more than COUNT_LIMIT matches (counts: the limit)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _matching(kind: str, words: list[str]):
    """The entries of `kind` with a word starting with each of `words` (`key` contains " word").

    On PostgreSQL the trigram index answers `LIKE '% word%'` with the word-start trigrams ("  c", " ch"), which
    nearly every entry has: reading them was most of a search's time. So a word of three letters or more is
    looked up by its inner trigrams (`LIKE '%word%'`, implied by the word start), and the start of every word
    is checked on the rows found (`strpos`, which no index answers): the same rows, a fraction of the reading
    (ADR 0054). A query of short words only ("so kh cn") keeps the word-start lookup: a word under three
    letters has no inner trigram."""
    entries = SearchEntry.objects.filter(kind=kind)
    inner = [word for word in words if len(word) >= MIN_INNER]
    if not inner:
        for word in words:
            entries = entries.filter(key__contains=f" {word}")
        return entries
    for word in inner:
        entries = entries.filter(key__contains=word)
    starts = {f"start{i}": StrIndex("key", Value(f" {word}")) for i, word in enumerate(words)}
    return entries.alias(**starts).filter(**{f"{name}__gt": 0 for name in starts})


def matching_ids(kind: str, q: str):
    """The ids of the objects of `kind` whose words start with every word of `q`, as a subquery, for a list
    filtered by words (the task list of the pages and the API). No word to look for: nothing matches."""
    words = query_words(q)
    return (_matching(kind, words) if words else SearchEntry.objects.none()).values("object_id")


def _matched(visible, entries, everything: bool):
    """The visible objects among the matches. For who sees every object of the kind, the matches are read
    first, as ids (the trigram index answers that query alone), and the page is picked among them: given the
    matches as a subquery, PostgreSQL may instead walk the whole kind in the page's order and test each row
    against them, which for a common phrase whose matches are few among the latest rows read 1,4 million
    pages — 2,7 s, 11 s from disk, on the country's 5,3 million progress updates (session 12; 3,7 → 1,0 s).
    More than MATCHES_FIRST matches: they are dense, and that walk finds a page at once. An agency's walk is
    of its own rows (an index by organization), which the subquery keeps cheap."""
    if everything:
        ids = list(entries.values_list("object_id", flat=True)[:MATCHES_FIRST + 1])
        if len(ids) <= MATCHES_FIRST:
            return visible.filter(pk__in=ids)
    return visible.filter(pk__in=entries.values("object_id"))


def _count(visible, entries, everything: bool) -> int:
    """How many visible objects match, up to COUNT_LIMIT + 1 (more than the limit: the database stops there).
    Who sees every object of the kind needs no join: the index holds exactly the existing objects (kept by
    every save and delete, rebuilt after bulk loads)."""
    return (entries if everything else visible)[:COUNT_LIMIT + 1].count()


def _first(qs, order, limit):
    """The first `limit` rows of `qs` in `order`, as a queryset of the model to which the page's related rows
    are joined: the database picks the page from the matches alone, then joins those few rows (joined before,
    the planner walked a table for each match: 17 ms for 446 tasks at province scale)."""
    return qs.model.objects.filter(pk__in=qs.order_by(*order).values("pk")[:limit]).order_by(*order)


def _tasks(user, entries, limit):
    qs = _matched(Task.objects.visible_to(user), entries, sees_all(user))
    rows = _first(qs, ("-id",), limit).select_related("document").only(
        "id", "number", "name", "document__doc_type", "document__number", "document__date"
    )
    hits = [Hit(Kind.TASK, t.pk, f"{t.number}. {t.name}" if t.number else t.name, t.document.label,
                reverse("web:task", args=[t.pk])) for t in rows]
    return hits, _count(qs, entries, sees_all(user))


def _documents(user, entries, limit):
    qs = _matched(Document.objects.visible_to(user), entries, sees_all(user))
    rows = qs.only("id", "doc_type", "number", "date", "title").order_by("-date", "-id")[:limit]
    hits = [Hit(Kind.DOCUMENT, d.pk, d.label, d.title, reverse("web:document", args=[d.pk])) for d in rows]
    return hits, _count(qs, entries, sees_all(user))


def _organizations(user, entries, limit):
    qs = Organization.objects.filter(pk__in=entries.values("object_id"))
    rows = qs.only("id", "name", "short_name", "valid_to").order_by("name", "id")[:limit]
    hits = [Hit(Kind.ORGANIZATION, o.pk, o.name, o.short_name or "", reverse("web:organization", args=[o.pk]))
            for o in rows]
    return hits, _count(qs, entries, everything=True)


def _indicators(user, entries, limit):
    qs = _matched(Indicator.objects.visible_to(user), entries, sees_all(user))
    rows = qs.only("id", "code", "name", "unit").order_by("code", "id")[:limit]
    hits = [Hit(Kind.INDICATOR, i.pk, i.name, f"{i.code}" + (f" · {i.unit}" if i.unit else ""),
                reverse("indicators:detail", args=[i.pk])) for i in rows]
    return hits, _count(qs, entries, sees_all(user))


def snippet(texts, words: list[str]) -> str:
    """The passage of `texts` around the first word that starts with a query word (as the index matches)."""
    for text in texts:
        tokens = (text or "").split()
        for i, token in enumerate(tokens):
            folded = fold(token).split()
            if any(f.startswith(w) for f in folded for w in words):
                start, end = max(0, i - SNIPPET_WORDS), i + SNIPPET_WORDS + 1
                return ("… " if start else "") + " ".join(tokens[start:end]) + (" …" if end < len(tokens) else "")
    return next((t for t in texts if t), "")[:200]


def _updates(user, entries, limit, words):
    qs = _matched(ProgressUpdate.objects.visible_to(user), entries, sees_all(user))
    rows = _first(qs, ("-reported_on", "-id"), limit).select_related("task", "organization").only(
        "id", "reported_on", "narrative", "difficulties", "proposals", "no_product_reason", "task__id",
        "task__number", "task__name", "organization__name", "organization__short_name",
    )
    hits = [Hit(Kind.UPDATE, u.pk, f"{u.task.name} — cập nhật ngày {u.reported_on:%d/%m/%Y}, "
                f"{u.organization.display_name}",
                snippet([u.narrative, u.difficulties, u.proposals, u.no_product_reason], words),
                reverse("web:task", args=[u.task_id]) + f"#cap-nhat-{u.pk}") for u in rows]
    return hits, _count(qs, entries, sees_all(user))


def _reports(user, entries, limit, words):
    qs = _matched(Report.objects.visible_to(user), entries, sees_all(user))
    rows = _first(qs, ("-period__end", "-id"), limit).select_related("period", "organization").only(
        "id", "results", "shortcomings", "next_tasks", "proposals", "period__label", "organization__name",
        "organization__short_name",
    )
    hits = [Hit(Kind.REPORT, r.pk, f"Báo cáo {r.period.label} — {r.organization.display_name}",
                snippet([r.results, r.shortcomings, r.next_tasks, r.proposals], words),
                reverse("reporting:report", args=[r.pk])) for r in rows]
    return hits, _count(qs, entries, sees_all(user))


_FINDERS = {Kind.TASK: _tasks, Kind.DOCUMENT: _documents, Kind.ORGANIZATION: _organizations,
            Kind.INDICATOR: _indicators, Kind.UPDATE: _updates, Kind.REPORT: _reports}
_WITH_WORDS = {Kind.UPDATE, Kind.REPORT}  # finders that quote the passage found


def search(user, q: str, *, kinds=None, limit: int = 20) -> SearchResult:
    """Objects whose words start with every word of `q`, accents and case ignored ("chuyen doi so" finds
    "Chuyển đổi số"), newest first per kind, at most `limit` per kind, with each kind's count (up to
    COUNT_LIMIT; `more` names the kinds past it). Tasks,
    documents and indicators through the same visibility rules as their lists; organizations are public
    within the system, as their list is. Two or three queries per kind, whatever the data size: for who sees
    everything the matches' ids first (`_matched`), then the page and the count."""
    words = query_words(q)
    result = SearchResult(q=q, words=words)
    if not words:
        return result
    limit = max(1, min(limit, MAX_LIMIT))
    for kind in kinds or KIND_ORDER:
        finder, entries = _FINDERS[kind], _matching(kind, words)
        found = finder(user, entries, limit, words) if kind in _WITH_WORDS else finder(user, entries, limit)
        result.hits[kind], count = found
        result.counts[kind] = min(count, COUNT_LIMIT)
        if count > COUNT_LIMIT:
            result.more.add(kind)
    return result


def kept(user, params: dict, compute):
    """What `compute()` returns for this user's scope and `params`, kept while the data it shows is unchanged
    (`keep`; computed on every call when unset)."""
    return compute() if keep is None else keep(user, timezone.localdate(), params, compute)


def find(user, q: str, *, kinds=None, limit: int = 20) -> SearchResult:
    """`search`, kept per data version (`kept`) for the API: the same words, kinds and limit in the same scope
    are read again, not searched again, until a write changes what the user may find."""
    words = query_words(q)
    if not words:
        return search(user, q, kinds=kinds, limit=limit)
    params = {"words": words, "kinds": list(kinds or KIND_ORDER), "limit": max(1, min(limit, MAX_LIMIT))}
    found = kept(user, params, lambda: search(user, q, kinds=kinds, limit=limit))
    return SearchResult(q=q, words=words, hits=found.hits, counts=found.counts, more=found.more)


@dataclass
class PublicResult:
    q: str
    words: list[str]
    documents: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def public_search(q: str, *, limit: int = 30) -> PublicResult:
    """The public site's search: the documents everyone may see (published) and their tasks, found as the
    officials' search finds them; no one's updates, reports or unpublished plans. Four queries."""
    words = query_words(q)
    result = PublicResult(q=q, words=words)
    if not words:
        return result
    published = Document.objects.visible_to(None)
    docs = published.filter(pk__in=_matching(Kind.DOCUMENT, words).values("object_id"))
    result.documents = list(docs.only("id", "doc_type", "number", "date", "title", "issuer_name")
                            .order_by("-date", "-id")[:limit])
    tasks = Task.objects.filter(document__in=published.values("pk"),
                                pk__in=_matching(Kind.TASK, words).values("object_id"))
    result.tasks = list(with_document(tasks).order_by("-id")[:limit])
    result.counts = {"document": docs.count(), "task": tasks.count()}
    return result
