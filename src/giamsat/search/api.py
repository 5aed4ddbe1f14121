"""REST API of search, mounted at /api/v1/search: the same search as the page, in the user's scope."""

from typing import Literal

from ninja import Query, Router, Schema

from giamsat.search.selectors import KIND_ORDER, MAX_LIMIT, find

router = Router(tags=["search"])


class SearchHitOut(Schema):
    kind: str
    id: int
    title: str
    subtitle: str
    url: str


class SearchOut(Schema):
    q: str
    total: int
    counts: dict[str, int]
    more: list[str]  # the kinds with more matches than their count (counted up to 1000)
    results: list[SearchHitOut]


@router.get("", response=SearchOut)
def search_api(request, q: str = Query(..., min_length=1, max_length=200),
               kind: Literal["task", "document", "update", "report", "organization", "indicator"] | None = None,
               limit: int = Query(20, ge=1, le=MAX_LIMIT)):
    """Tasks, documents (title and full text), progress updates, reports, organizations and indicators whose
    words start with every word of `q` (accents and case ignored: `chuyen doi so` finds «Chuyển đổi số»),
    at most `limit` of each kind (or of `kind`), newest first, with each kind's count: exact up to 1000;
    a kind with more is counted 1000 and named in `more`.
    `url` is the object's page."""
    found = find(request.user, q, kinds=[kind] if kind else None, limit=limit)
    results = [hit.__dict__ for k in KIND_ORDER for hit in found.hits.get(k, [])]
    return {"q": q, "total": found.total, "counts": found.counts, "more": sorted(found.more), "results": results}
