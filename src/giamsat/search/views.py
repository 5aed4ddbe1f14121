from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from giamsat.search.index import query_words
from giamsat.search.models import SearchEntry
from giamsat.search.selectors import KIND_ORDER, MAX_LIMIT, kept, public_search, search


@require_GET
def results(request):
    """/tim-kiem/?q=…: every kind, twenty each; `loai=<kind>` shows up to a hundred of one kind. The results'
    markup is kept per data version and scope (`kept`, ADR 0054): a repeated search is read, not searched or
    written again."""
    q = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("loai", "")
    one_kind = kind if kind in SearchEntry.Kind.values else ""
    words = query_words(q)

    def found_html() -> str:
        found = search(request.user, q, kinds=[one_kind] if one_kind else None,
                       limit=MAX_LIMIT if one_kind else 20)
        labels = dict(SearchEntry.Kind.choices)
        sections = [(k, labels[k], found.hits[k], found.counts[k], k in found.more)
                    for k in KIND_ORDER if k in found.hits]
        return render_to_string("search/found.html", {"q": q, "found": found, "sections": sections,
                                                      "one_kind": one_kind})

    html = mark_safe(kept(request.user, {"page": q, "kind": one_kind}, found_html)) if words else ""
    return render(request, "search/results.html", {
        "nav": "search", "q": q, "words": words, "found_html": html, "one_kind": one_kind,
    })


@require_GET
def public(request):
    """/tim-kiem/cong-khai/?q=…: anyone searches the published documents and their tasks."""
    q = request.GET.get("q", "").strip()[:200]
    return render(request, "search/public.html", {"nav": "search_public", "q": q, "found": public_search(q)})
