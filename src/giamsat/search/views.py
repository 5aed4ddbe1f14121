from django.shortcuts import render
from django.views.decorators.http import require_GET

from giamsat.search.models import SearchEntry
from giamsat.search.selectors import KIND_ORDER, MAX_LIMIT, find, public_search


@require_GET
def results(request):
    """/tim-kiem/?q=…: every kind, twenty each; `loai=<kind>` shows up to a hundred of one kind."""
    q = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("loai", "")
    one_kind = kind if kind in SearchEntry.Kind.values else ""
    found = find(request.user, q, kinds=[one_kind] if one_kind else None, limit=MAX_LIMIT if one_kind else 20)
    labels = dict(SearchEntry.Kind.choices)
    sections = [(k, labels[k], found.hits[k], found.counts[k], k in found.more) for k in KIND_ORDER if k in found.hits]
    return render(request, "search/results.html", {
        "nav": "search", "q": q, "found": found, "sections": sections, "one_kind": one_kind,
    })


@require_GET
def public(request):
    """/tim-kiem/cong-khai/?q=…: anyone searches the published documents and their tasks."""
    q = request.GET.get("q", "").strip()[:200]
    return render(request, "search/public.html", {"nav": "search_public", "q": q, "found": public_search(q)})
