"""REST API of plan imports, mounted at /api/v1/imports: upload, review, commit. Same selectors and services as
the pages."""

from django.conf import settings
from ninja import File, Form, Router, Schema, UploadedFile
from pydantic import ConfigDict

from giamsat.core.schemas import Error
from giamsat.documents.schemas import DocumentOut, document_out
from giamsat.imports.committing import commit_progress
from giamsat.imports.eoffice_commit import eoffice_create, eoffice_remap
from giamsat.imports.models import ImportJob
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
    rows_done: int = 0
    rows_total: int = 0


def _import_out(job) -> dict:
    job = commit_progress(job)
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
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
    }


class CommitStarted(Schema):
    """A large e-office import, being written in the background (ADR 0049)."""

    id: int
    state: str
    rows_done: int
    rows_total: int
    status_url: str


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


@router.post(
    "/imports/eoffice",
    response={201: ImportOut, 400: Error, 403: Error, 413: Error},
    tags=["imports"],
    operation_id=_ID("import_eoffice"),
)
def import_eoffice(request, file: UploadedFile = File(...), source: str = Form("")):
    """Upload a task export of the e-office system (XLSX, or CSV in UTF-8 / UTF-8 with BOM / Windows-1258),
    `source` naming that system (its column mapping is remembered per source). The job's `proposal` has
    `kind` "eoffice", the `mapping` (field → column number) guessed or remembered, one task per row
    (`external_id`, `existing_task_id` when a previous import created it, `problem` for a deadline that does
    not hold) and the agency matches. Commit with `POST /imports/{id}/commit`, as for a plan: tasks are
    created or updated by their identifier in the source, statuses recorded as progress updates (ADR 0040)."""
    job = eoffice_create(user=request.user, filename=file.name or "tep", data=file.read(), source=source)
    return 201, _import_out(job)


class MappingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    mapping: dict[str, int | None]
    source: str | None = None


@router.post(
    "/imports/{job_id}/mapping",
    response={200: ImportOut, 400: Error, 403: Error, 404: Error},
    tags=["imports"],
    operation_id=_ID("import_eoffice_mapping"),
)
def import_eoffice_mapping(request, job_id: int, payload: MappingIn):
    """The column-mapping step of an e-office import: `mapping` field → column number (0 = first column;
    fields: ticket, doc_number, doc_date, doc_title, name, lead, coordinators, deadline, status, done_on).
    The rows are proposed again under it, and it is remembered for the source."""
    job = eoffice_remap(user=request.user, job=import_get(request.user, job_id), mapping=payload.mapping,
                        source=payload.source)
    return _import_out(job)


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
    response={201: DocumentOut, 202: CommitStarted, 400: Error, 403: Error, 404: Error},
    tags=["imports"],
    operation_id=_ID("import_commit"),
)
def import_commit(request, job_id: int, payload: CommitIn):
    """Commit the reviewed proposal in one transaction. Body `{}` commits the automatic proposal as it is;
    `{"proposal": {...}}` commits an edited copy of the job's `proposal` (same shape).

    201 with the document: committed. 202: an e-office import of more rows than
    GIAMSAT_IMPORT_COMMIT_BACKGROUND_ROWS (50) is written in the background, still all or nothing; follow
    `status_url` (`GET /imports/{id}`): `state` "committing" with `rows_done`/`rows_total` while it runs, then
    "committed" (`document_id`, `proposal.result`), or "review" again with `error` when a row was refused
    (nothing written)."""
    job = import_get(request.user, job_id)
    proposal = payload.proposal.as_dict() if payload and payload.proposal else None
    doc = import_commit_service(user=request.user, job=job, proposal=proposal,
                                background=settings.GIAMSAT_IMPORT_BACKGROUND)
    if isinstance(doc, ImportJob):  # left to the background writer, already started
        job = doc
        return 202, {"id": job.pk, "state": job.state, "rows_done": job.rows_done, "rows_total": job.rows_total,
                     "status_url": request.path.removesuffix("commit").removesuffix("/")}
    return 201, document_out(doc)
