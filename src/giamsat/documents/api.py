"""REST API of documents, mounted at /api/v1/documents. Same selectors as the pages."""

from ninja import Query, Router
from ninja.pagination import paginate

from giamsat.core.filters import query_schema
from giamsat.core.pagination import BoundedLimitOffsetPagination
from giamsat.core.schemas import Error
from giamsat.documents.filters import DocumentFilterSet
from giamsat.documents.schemas import DocumentDetailOut, DocumentOut, document_out
from giamsat.documents.selectors import document_cascade, document_get, document_list

router = Router()

# The module named in the operation ids is the one the operations had in api/v1.py (#15): ids stay stable.
_ID = "giamsat_api_v1_{}".format

DocumentQuery = query_schema(DocumentFilterSet, "DocumentQuery", module=__name__)


@router.get("/documents", response=list[DocumentOut], tags=["documents"], operation_id=_ID("documents"))
@paginate(BoundedLimitOffsetPagination)
def documents(request, filters: Query[DocumentQuery]):
    # The queryset itself: the pagination slices it in SQL (a list would read every document first).
    return DocumentFilterSet.narrow(document_list(request.user), request.GET)


@router.get(
    "/documents/{doc_id}",
    response={200: DocumentDetailOut, 404: Error},
    tags=["documents"],
    operation_id=_ID("document"),
)
def document(request, doc_id: int):
    doc = document_get(request.user, doc_id)
    cascade = document_cascade(request.user, doc)
    data = document_out(doc)
    data["based_on"] = [
        {
            "id": r.target_id if r.openable else None,
            "number": r.target.number if r.target else r.cited_number,
            "label": r.target.label if r.target else r.cited_text or r.cited_number,
            "relation": r.kind,
        }
        for r in cascade["upward"]
    ]
    data["implemented_by"] = [
        {"id": r.source_id, "number": r.source.number, "label": r.source.label, "relation": r.kind}
        for r in cascade["downward"]
    ]
    return data
