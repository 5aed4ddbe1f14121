"""The organization API: the directory (with lineage and national codes) and reorganizations (ADR 0031).
A ninja Router, mounted by the root API (api/v1.py) under /api/v1. Who may call each operation is the
route table's (accounts/routes.py); rows of organizations are public to every signed-in user."""

import datetime as dt

from django.db.models import Prefetch
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from giamsat.core.errors import ApplicationError, NotFoundError
from giamsat.core.filters import query_schema
from giamsat.core.pagination import BoundedLimitOffsetPagination
from giamsat.core.schemas import Error
from giamsat.organizations.chooser import organization_choices
from giamsat.organizations.filters import OrganizationFilterSet
from giamsat.organizations.models import Organization, OrganizationAlias, Reorganization, Succession
from giamsat.organizations.reorganize import (
    ReorganizationInput,
    reorganization_blockers,
    reorganization_preview,
    reorganization_record,
    reorganization_revert,
)
from giamsat.organizations.selectors import reorganization_list

router = Router()


class OrganizationOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    level: str
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    active: bool
    identifier_code: str
    admin_unit_code: str
    aliases: list[str]
    successor_ids: list[int]
    predecessors: list[dict]
    successors: list[dict]


def _link(org_id: int, name: str, s: Succession) -> dict:
    return {"id": org_id, "name": name, "effective_date": s.effective_date.isoformat(), "decision": s.decision,
            "reorganization_id": s.reorganization_id}


def organization_out(org: Organization) -> dict:
    outs = list(org.successions_out.all())
    ins = list(org.successions_in.all())
    return {
        "id": org.id, "code": org.code, "name": org.name, "short_name": org.short_name, "kind": org.kind,
        "level": org.level, "parent_id": org.parent_id, "valid_from": org.valid_from, "valid_to": org.valid_to,
        "active": org.is_active_on(dt.date.today()), "identifier_code": org.identifier_code,
        "admin_unit_code": org.admin_unit_code, "aliases": [a.alias for a in org.aliases.all()],
        "successor_ids": [s.successor_id for s in outs],
        "predecessors": [_link(s.predecessor_id, s.predecessor.name, s) for s in ins],
        "successors": [_link(s.successor_id, s.successor.name, s) for s in outs],
    }


def _with_lineage(qs):
    return qs.prefetch_related(
        Prefetch("aliases", queryset=OrganizationAlias.objects.order_by("alias")),
        Prefetch("successions_out", queryset=Succession.objects.select_related("successor").order_by("id")),
        Prefetch("successions_in", queryset=Succession.objects.select_related("predecessor").order_by("id")),
    )


OrganizationQuery = query_schema(OrganizationFilterSet, "OrganizationQuery", module=__name__)


@router.get("/organizations", response=list[OrganizationOut], tags=["organizations"], url_name="organizations")
@paginate(BoundedLimitOffsetPagination)
def organizations(request, filters: Query[OrganizationQuery]):
    """The directory; `q` finds a name, an identifier code or an administrative-unit code."""
    qs = _with_lineage(OrganizationFilterSet.narrow(Organization.objects.order_by("level", "name"), request.GET))
    return [organization_out(o) for o in qs]


class OrganizationChoiceOut(Schema):
    id: int
    name: str
    label: str  # what the chooser's text box takes back: «Tên [mã]»


@router.get("/organizations/choices", response={200: list[OrganizationChoiceOut], 400: Error},
            tags=["organizations"], url_name="organization_choices")
def organization_choices_op(request, q: str = "", hien_hanh: bool = Query(False, alias="hien-hanh")):
    """Suggestions for the organization chooser (forms with large choice lists, #25): up to 20 organizations
    whose name, short name or code contains `q` (2–100 characters), or whose identifier or administrative-unit
    code it is; `hien-hanh=1` only those still in operation. Every signed-in user sees every organization."""
    return organization_choices(q, current_only=hien_hanh)


@router.get("/organizations/{org_id}", response={200: OrganizationOut, 404: Error}, tags=["organizations"],
            url_name="organization")
def organization(request, org_id: int):
    org = _with_lineage(Organization.objects.filter(pk=org_id)).first()
    if org is None:
        raise NotFoundError("Không tìm thấy cơ quan, đơn vị.")
    return organization_out(org)


# ------------------------------------------------------------------------------------- reorganizations


class NewAgency(Schema):
    name: str
    short_name: str = ""
    kind: str = ""
    level: str = ""
    identifier_code: str = ""
    admin_unit_code: str = ""


class DocumentIn(Schema):
    number: str
    date: dt.date | None = None
    issuer: str = ""
    id: int | None = None


class ReorganizationIn(Schema):
    kind: str
    predecessors: list[int]
    successors: list[int | NewAgency] = []
    effective_date: dt.date
    document: DocumentIn
    dry_run: bool = True
    rule: str = ""  # split: "area" | "list" | "manual"
    task_map: dict[str, list[int]] = {}  # split by list or by hand: task id → successor ids
    new_name: str = ""  # rename (or successors: [{"name": ...}])
    new_parent: int | None = None  # change of parent (or successors: [id])
    note: str = ""
    corrects: int | None = None


def reorganization_input(payload: ReorganizationIn) -> ReorganizationInput:
    ids = [s for s in payload.successors if isinstance(s, int)]
    new = [s.dict() for s in payload.successors if not isinstance(s, int)]
    new_name, new_parent = payload.new_name, payload.new_parent
    if payload.kind == "rename" and not new_name and new:
        new_name, new = new[0]["name"], []
    if payload.kind == "reparent" and new_parent is None and ids:
        new_parent, ids = ids[0], []
    try:
        task_map = {int(k): v for k, v in payload.task_map.items()}
    except ValueError:
        raise ApplicationError("Phân công nhiệm vụ: mã nhiệm vụ phải là số.") from None
    return ReorganizationInput(
        kind=payload.kind, predecessor_ids=payload.predecessors, successor_ids=ids, new_successors=new,
        effective_date=payload.effective_date, document_number=payload.document.number,
        document_date=payload.document.date, document_issuer=payload.document.issuer,
        document_id=payload.document.id, rule=payload.rule, task_map=task_map, new_name=new_name,
        new_parent_id=new_parent, note=payload.note, corrects_id=payload.corrects,
    )


def preview_out(preview) -> dict:
    def section(s):
        return {"key": s.key, "title": s.title, "count": len(s.lines), "items": [
            {"id": line.object_id, "label": line.label, "from": line.from_id, "to": line.to_ids, "role": line.role,
             "note": line.note} for line in s.lines]}

    return {
        "dry_run": True, "kind": preview.data.kind, "effective_date": preview.data.effective_date.isoformat(),
        "takes_effect_now": preview.takes_effect_now, "counts": preview.counts,
        "organizations": {str(k): v for k, v in preview.names.items()},
        "moves": [section(s) for s in preview.moves], "stays": [section(s) for s in preview.stays if s.title],
    }


def reorganization_out(reorg: Reorganization) -> dict:
    return {
        "id": reorg.pk, "kind": reorg.kind, "state": reorg.state, "effective_date": reorg.effective_date.isoformat(),
        "predecessors": [o.pk for o in reorg.predecessors.all()], "successors": [o.pk for o in reorg.successors.all()],
        "document": {"number": reorg.document_number, "issuer": reorg.document_issuer, "id": reorg.document_id,
                     "date": reorg.document_date.isoformat() if reorg.document_date else None},
        "moved": _moved_counts(reorg),
        "revertible": reorg.state != Reorganization.State.REVERTED and not reorganization_blockers(reorg),
    }


def _moved_counts(reorg) -> dict[str, int]:
    out: dict[str, int] = {}
    for transfer in reorg.transfers.all():
        if transfer.undo and transfer.what != "valid_to":
            out[transfer.what] = out.get(transfer.what, 0) + 1
    return out


@router.post("/reorganizations", response={200: dict, 201: dict, 400: Error, 403: Error}, tags=["organizations"],
             url_name="reorganization_create")
def reorganization_create(request, payload: ReorganizationIn):
    """Merge, split, rename, dissolve or change of parent. `dry_run` (default true) answers what would move
    and what would stay; false records the decision (applied at once when its effective date has come)."""
    data = reorganization_input(payload)
    if payload.dry_run:
        return preview_out(reorganization_preview(user=request.user, data=data))
    reorg = reorganization_record(user=request.user, data=data)
    return Status(201, reorganization_out(Reorganization.objects.get(pk=reorg.pk)))


@router.get("/reorganizations", response=list[dict], tags=["organizations"], url_name="reorganization_list")
def reorganizations(request):
    return [reorganization_out(r) for r in reorganization_list()[:500]]


class RevertIn(Schema):
    note: str = ""


@router.post("/reorganizations/{reorg_id}/revert", response={200: dict, 400: Error, 403: Error, 404: Error},
             tags=["organizations"], url_name="reorganization_revert")
def reorganization_revert_api(request, reorg_id: int, payload: RevertIn):
    """Undo a decision recorded in error, while nobody has acted under it (then: record a new decision)."""
    reorg = Reorganization.objects.filter(pk=reorg_id).first()
    if reorg is None:
        raise NotFoundError("Không tìm thấy quyết định sắp xếp.")
    return reorganization_out(reorganization_revert(user=request.user, reorg=reorg, note=payload.note))

