"""REST API of plan imports, mounted at /api/v1/imports: upload, review, commit. Same selectors and services as
the pages."""

from ninja import File, Router, Schema, UploadedFile
from pydantic import ConfigDict

from giamsat.core.schemas import Error
from giamsat.documents.schemas import DocumentOut, document_out
from giamsat.imports.schemas import Proposal
from giamsat.imports.selectors import import_get, import_list
from giamsat.imports.services import import_commit as import_commit_service
from giamsat.imports.services import import_create as import_create_service

router = Router()

# The module named in the operation ids is the one the operations had in api/v1.py (#15): ids stay stable.
_ID = "giamsat_api_v1_{}".format


class ImportOut(Schema):
    id: int
    filename: str
    state: str
    sha256: str
    size: int
    duplicate_of: int | None
    document_id: int | None
    warnings: list[str]
    extraction: dict
    proposal: dict
    pages_done: int = 0
    pages_total: int = 0
    error: str = ""


def _import_out(job) -> dict:
    return {
        "id": job.id,
        "filename": job.filename,
        "state": job.state,
        "sha256": job.sha256,
        "size": job.size,
        "duplicate_of": job.duplicate_of_id,
        "document_id": job.document_id,
        "warnings": job.warnings,
        "extraction": job.extraction,
        "proposal": job.proposal,
        "pages_done": job.pages_done,
        "pages_total": job.pages_total,
        "error": job.error,
    }


class CommitIn(Schema):
    # A key other than "proposal" is a mistake, not something to ignore while committing the automatic one.
    model_config = ConfigDict(extra="forbid")

    proposal: Proposal | None = None


@router.get("/imports", response={200: list[ImportOut], 403: Error}, tags=["imports"], operation_id=_ID("imports"))
def imports(request):
    return [_import_out(j) for j in import_list(request.user)[:100]]


@router.post(
    "/imports",
    response={201: ImportOut, 400: Error, 403: Error, 413: Error},
    tags=["imports"],
    operation_id=_ID("import_create"),
)
def import_create(request, file: UploadedFile = File(...)):
    """Upload a plan (TXT, DOCX, DOC, PDF, XLSX, scans): it is extracted and kept for review; nothing is
    imported yet. A scan is read in the background: `state` is "reading" until `GET /imports/{id}` shows
    "review" (or "failed" with `error`); `pages_done`/`pages_total` tell the progress."""
    job = import_create_service(user=request.user, filename=file.name or "tep", data=file.read())
    return 201, _import_out(job)


@router.get(
    "/imports/{job_id}",
    response={200: ImportOut, 403: Error, 404: Error},
    tags=["imports"],
    operation_id=_ID("import_detail"),
)
def import_detail(request, job_id: int):
    return _import_out(import_get(request.user, job_id))


@router.post(
    "/imports/{job_id}/commit",
    response={201: DocumentOut, 400: Error, 403: Error, 404: Error},
    tags=["imports"],
    operation_id=_ID("import_commit"),
)
def import_commit(request, job_id: int, payload: CommitIn):
    """Commit the reviewed proposal in one transaction. Body `{}` commits the automatic proposal as it is;
    `{"proposal": {...}}` commits an edited copy of the job's `proposal` (same shape)."""
    job = import_get(request.user, job_id)
    proposal = payload.proposal.as_dict() if payload and payload.proposal else None
    doc = import_commit_service(user=request.user, job=job, proposal=proposal)
    return 201, document_out(doc)
