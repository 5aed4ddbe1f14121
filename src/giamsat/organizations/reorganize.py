"""Reorganizing agencies (ADR 0031): merge, split, rename, dissolve, change of parent.

`reorganization_preview` reads only and says what would move and what stays; `reorganization_record`
writes the decision in one audited transaction and, when its effective date has come, applies it at once;
`reorganizations_apply_due` (the daily job, `giamsat reorganizations`) applies those whose date has come
since, and moves the open work that reached a predecessor afterwards (an older plan imported late);
`reorganization_revert` puts everything back while nobody has acted under it.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from giamsat.audit.services import audit_event
from giamsat.core.errors import ApplicationError, PermissionDeniedError
from giamsat.core.text import clean_spaces
from giamsat.organizations.models import Organization, Reorganization, Succession, Transfer
from giamsat.organizations.parts import Line, Plan, part, parts
from giamsat.organizations.selectors import scope_version_bump
from giamsat.organizations.services import organization_alias_add, organization_create

Kind = Reorganization.Kind


@dataclass
class ReorganizationInput:
    kind: str
    predecessor_ids: list[int]
    effective_date: dt.date
    document_number: str
    successor_ids: list[int] = field(default_factory=list)
    new_successors: list[dict] = field(default_factory=list)  # {"name", "short_name", "kind", "level", ...}
    document_date: dt.date | None = None
    document_issuer: str = ""
    document_id: int | None = None
    rule: str = ""
    task_map: dict[int, list[int]] = field(default_factory=dict)
    new_name: str = ""
    new_parent_id: int | None = None
    note: str = ""
    corrects_id: int | None = None


@dataclass
class Section:
    key: str
    title: str
    lines: list[Line]


@dataclass
class Preview:
    data: ReorganizationInput
    predecessors: list[Organization]
    successors: list[Organization]  # existing ones; new ones are in data.new_successors
    moves: list[Section]
    stays: list[Section]
    takes_effect_now: bool
    names: dict[int, str]

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        return {"moves": {s.key: len(s.lines) for s in self.moves}, "stays": {s.key: len(s.lines) for s in self.stays}}


def _require_actor(user) -> None:
    """Who may reorganize is decided once, in accounts.access (`can_reorganize`, above this layer): the page
    and the API check it before calling; here only that someone acts (a user or the system)."""
    if user is None:
        raise PermissionDeniedError()


def _orgs(ids, what: str) -> list[Organization]:
    ids = list(dict.fromkeys(int(i) for i in ids))
    found = Organization.objects.in_bulk(ids)
    missing = [i for i in ids if i not in found]
    if missing:
        raise ApplicationError(f"Không tìm thấy {what} có mã số {', '.join(map(str, missing))}.")
    return [found[i] for i in ids]


def _check(data: ReorganizationInput) -> tuple[list[Organization], list[Organization]]:
    """Every rule of a valid decision; a clear Vietnamese message for the first broken one."""
    if data.kind not in Kind.values:
        raise ApplicationError("Hình thức sắp xếp không hợp lệ (hợp nhất, chia tách, đổi tên, giải thể, đổi cấp trên).")
    if not data.predecessor_ids:
        raise ApplicationError("Chọn ít nhất một đơn vị trước sắp xếp.")
    if not clean_spaces(data.document_number):
        raise ApplicationError("Nhập số văn bản quyết định việc sắp xếp.")
    if data.document_date and data.document_date > data.effective_date + dt.timedelta(days=3660):
        raise ApplicationError("Ngày văn bản không hợp lệ.")
    preds = _orgs(data.predecessor_ids, "đơn vị trước sắp xếp")
    succs = _orgs(data.successor_ids, "đơn vị sau sắp xếp")
    n_succ = len(succs) + len(data.new_successors)
    if {o.pk for o in preds} & {o.pk for o in succs}:
        raise ApplicationError("Một đơn vị không thể vừa là đơn vị trước vừa là đơn vị sau sắp xếp.")
    corrected = set()
    if data.corrects_id:
        old = Reorganization.objects.filter(pk=data.corrects_id, state=Reorganization.State.APPLIED).first()
        if old is None:
            raise ApplicationError("Chỉ đính chính được quyết định đã có hiệu lực (quyết định chưa áp dụng thì hủy).")
        corrected = set(old.predecessors.values_list("pk", flat=True))
    for org in preds:
        if org.valid_to is not None and org.valid_to < data.effective_date and org.pk not in corrected:
            raise ApplicationError(f"{org.name} đã hết hiệu lực từ {org.valid_to:%d/%m/%Y}.")
    pending = Reorganization.objects.filter(predecessors__in=[o.pk for o in preds]).exclude(
        state=Reorganization.State.REVERTED).exclude(kind__in=[Kind.RENAME, Kind.REPARENT])
    if data.kind not in {Kind.RENAME, Kind.REPARENT} and data.corrects_id:
        pending = pending.exclude(pk=data.corrects_id)
    if data.kind not in {Kind.RENAME, Kind.REPARENT} and pending.exists():
        raise ApplicationError("Đơn vị này đã có quyết định sắp xếp khác: hủy quyết định đó hoặc ghi nhận quyết "
                               "định đính chính.")
    for spec in data.new_successors:
        if not clean_spaces(spec.get("name", "")):
            raise ApplicationError("Đơn vị mới phải có tên.")
    if data.kind == Kind.MERGE and n_succ != 1:
        raise ApplicationError("Hợp nhất, sáp nhập: chọn đúng một đơn vị sau sắp xếp.")
    if data.kind == Kind.SPLIT:
        if len(preds) != 1 or n_succ < 2:
            raise ApplicationError("Chia tách: một đơn vị trước và ít nhất hai đơn vị sau sắp xếp.")
        if data.rule not in Reorganization.Rule.values:
            raise ApplicationError("Chia tách: chọn cách phân nhiệm vụ (theo địa bàn, theo danh sách, thủ công).")
        targets = {o.pk for o in succs}
        for task_id, to in data.task_map.items():
            if not to or not set(to) <= targets:
                raise ApplicationError(f"Nhiệm vụ {task_id}: chỉ phân cho các đơn vị sau sắp xếp đã chọn.")
    if data.kind == Kind.RENAME:
        if len(preds) != 1 or not clean_spaces(data.new_name):
            raise ApplicationError("Đổi tên: chọn một đơn vị và nhập tên mới.")
    if data.kind == Kind.DISSOLVE and n_succ > 1:
        raise ApplicationError("Giải thể: chọn nhiều nhất một đơn vị tiếp nhận nhiệm vụ.")
    if data.kind == Kind.REPARENT:
        if len(preds) != 1 or not data.new_parent_id:
            raise ApplicationError("Đổi cơ quan cấp trên: chọn một đơn vị và cơ quan cấp trên mới.")
        parent = _orgs([data.new_parent_id], "cơ quan cấp trên")[0]
        if parent.pk == preds[0].pk:
            raise ApplicationError("Một đơn vị không thể trực thuộc chính nó.")
    return preds, succs


def _plan(data: ReorganizationInput, preds, succ_ids: list[int]) -> Plan:
    return Plan(kind=data.kind, predecessor_ids=[o.pk for o in preds], successor_ids=succ_ids,
                on=data.effective_date, rule=data.rule, task_map={int(k): v for k, v in data.task_map.items()})


def _alias_lines(plan: Plan, preds) -> list[Line]:
    if plan.kind in {Kind.RENAME, Kind.REPARENT} or not plan.successor_ids:
        return []
    return [Line("alias", o.pk, o.name, o.pk, plan.successor_ids,
                 note="văn bản ghi tên này sau ngày hiệu lực được hiểu là đơn vị kế thừa") for o in preds]


def reorganization_preview(*, user, data: ReorganizationInput) -> Preview:
    """What would move and what would stay. Reads only; a dry run of the API answers with it."""
    _require_actor(user)
    preds, succs = _check(data)
    # New agencies have no id yet: in the preview, what goes to them is shown under negative numbers.
    succ_ids = [o.pk for o in succs] + [-(i + 1) for i in range(len(data.new_successors))]
    plan = _plan(data, preds, succ_ids)
    moves, stays = [], []
    for p in parts():
        moved, stayed = p.plan(plan) if plan.successor_ids or plan.kind == Kind.DISSOLVE else ([], [])
        moves.append(Section(p.key, p.title, moved))
        stays.append(Section(p.key, p.stays_title, stayed))
    moves.append(Section("alias", "Tên gọi cũ", _alias_lines(plan, preds)))
    names = {o.pk: o.name for o in [*preds, *succs]}
    names.update({-(i + 1): clean_spaces(s["name"]) + " (mới)" for i, s in enumerate(data.new_successors)})
    return Preview(data, preds, succs, moves, stays, data.effective_date <= timezone.localdate(), names)


@transaction.atomic
def reorganization_record(*, user, data: ReorganizationInput) -> Reorganization:
    """Record the decision (audited, in one transaction); apply it now if its effective date has come."""
    _require_actor(user)
    preds, succs = _check(data)
    created = [
        organization_create(
            name=spec["name"], short_name=spec.get("short_name", ""), kind=spec.get("kind") or preds[0].kind,
            level=spec.get("level") or preds[0].level, parent=preds[0].parent, valid_from=data.effective_date,
            is_demo=all(o.is_demo for o in preds),
        )
        for spec in data.new_successors
    ]
    for org, spec in zip(created, data.new_successors, strict=True):
        org.identifier_code = clean_spaces(spec.get("identifier_code", ""))
        org.admin_unit_code = clean_spaces(spec.get("admin_unit_code", ""))
        if org.identifier_code or org.admin_unit_code:
            org.save(update_fields=["identifier_code", "admin_unit_code", "updated_at"])
    succs = [*succs, *created]
    if data.document_id is None:  # the deciding document in the registry, when it is there
        registry = Reorganization._meta.get_field("document").related_model.objects
        found = registry.filter(number__iexact=clean_spaces(data.document_number)).order_by("-date").first()
        data.document_id = found.pk if found else None
    reorg = Reorganization.objects.create(
        kind=data.kind, effective_date=data.effective_date, rule=data.rule if data.kind == Kind.SPLIT else "",
        task_map={str(k): v for k, v in data.task_map.items()}, new_name=clean_spaces(data.new_name),
        new_parent_id=data.new_parent_id, document_number=clean_spaces(data.document_number),
        document_date=data.document_date, document_issuer=clean_spaces(data.document_issuer),
        document_id=data.document_id, note=data.note, created_orgs=[o.pk for o in created],
        corrects_id=data.corrects_id, created_by=user if getattr(user, "pk", None) else None,
    )
    reorg.predecessors.set(preds)
    for succ in succs:  # one by one: the first successor is the split's main one (`Plan.targets`)
        reorg.successors.add(succ)
    undo = {}
    if data.corrects_id:  # the corrected decision's successions of these units end here (it stays recorded)
        for succession in Succession.objects.filter(reorganization_id=data.corrects_id, predecessor__in=preds):
            succession.delete()
    if data.kind in {Kind.MERGE, Kind.SPLIT, Kind.DISSOLVE}:
        for pred in preds:
            for succ in succs:
                Succession.objects.create(
                    predecessor=pred, successor=succ, effective_date=data.effective_date, reorganization=reorg,
                    kind=Succession.Kind.SPLIT if data.kind == Kind.SPLIT else Succession.Kind.MERGE,
                    decision=reorg.document_number,
                )
            undo[str(pred.pk)] = pred.valid_to.isoformat() if pred.valid_to else None
            pred.valid_to = data.effective_date - dt.timedelta(days=1)
            pred.save(update_fields=["valid_to", "updated_at"])
    Transfer.objects.create(reorganization=reorg, what="valid_to", object_id=reorg.pk, undo=undo)
    audit_event("reorganization_recorded", reorg, kind=data.kind, effective_date=data.effective_date.isoformat(),
                predecessors=[o.pk for o in preds], successors=[o.pk for o in succs])
    scope_version_bump()
    if data.effective_date <= timezone.localdate():
        reorganization_apply(reorg)
    return reorg


def _plan_of(reorg: Reorganization) -> Plan:
    return Plan(kind=reorg.kind, predecessor_ids=list(reorg.predecessors.values_list("pk", flat=True)),
                successor_ids=_successor_ids(reorg),
                on=reorg.effective_date, rule=reorg.rule, task_map={int(k): v for k, v in reorg.task_map.items()})


def _successor_ids(reorg: Reorganization) -> list[int]:
    through = Reorganization.successors.through.objects.filter(reorganization=reorg).order_by("id")
    return list(through.values_list("organization_id", flat=True))


def reorganization_apply(reorg: Reorganization, *, today: dt.date | None = None) -> int:
    """Move what the predecessors still hold (the first time, and whatever reached them later). Returns how
    many things moved. Within the caller's transaction, or one of its own."""
    with transaction.atomic():
        reorg = Reorganization.objects.select_for_update().get(pk=reorg.pk)
        if reorg.state == Reorganization.State.REVERTED or reorg.effective_date > (today or timezone.localdate()):
            return 0
        first = reorg.state == Reorganization.State.RECORDED
        plan = _plan_of(reorg)
        moved = 0
        if first and reorg.corrects_id:
            moved += _take_back(reorg, plan)
        if first and reorg.kind == Kind.RENAME:
            org = reorg.predecessors.get()
            Transfer.objects.create(reorganization=reorg, what="name", object_id=org.pk, label=org.name,
                                    from_organization=org, undo={"name": org.name, "short_name": org.short_name})
            organization_alias_add(organization=org, alias=org.name)
            org.name, org.short_name = reorg.new_name, ""
            org.save(update_fields=["name", "short_name", "updated_at"])
            moved += 1
        if first and reorg.kind == Kind.REPARENT:
            org = reorg.predecessors.get()
            Transfer.objects.create(reorganization=reorg, what="parent", object_id=org.pk, label=org.name,
                                    from_organization=org, undo={"parent_id": org.parent_id})
            org.parent_id = reorg.new_parent_id
            org.save(update_fields=["parent", "updated_at"])
            moved += 1
        for p in parts():
            if p.key == "user" and not first:
                continue  # accounts move once, when it takes effect: a later reactivation is the administrator's
            lines, _ = p.plan(plan) if plan.successor_ids or plan.kind == Kind.DISSOLVE else ([], [])
            for line in lines:
                undo = p.apply(line)
                if undo is None:
                    continue
                targets = line.to_ids or [None]
                for to in targets:  # one row per target (the marks); the first carries what revert needs
                    Transfer.objects.create(
                        reorganization=reorg, what=p.key, object_id=line.object_id, label=line.label[:255],
                        role=line.role, from_organization_id=line.from_id, to_organization_id=to,
                        undo=undo if to == targets[0] else {},
                    )
                moved += 1
            p.after(lines)
        if first:
            reorg.state = Reorganization.State.APPLIED
            reorg.applied_at = timezone.now()
            reorg.save(update_fields=["state", "applied_at", "updated_at"])
            audit_event("reorganization_applied", reorg, moved=moved)
        scope_version_bump()
    return moved


def _take_back(reorg: Reorganization, plan: Plan) -> int:
    """A correcting decision first takes back what the corrected one moved from the same units (its rows stay
    recorded, the updates made meanwhile stay with their authors), then moves it as it now says."""
    keys = {p.key for p in parts()}
    transfers = Transfer.objects.filter(reorganization_id=reorg.corrects_id, what__in=keys,
                                        from_organization_id__in=plan.predecessor_ids).order_by("-id")
    n = 0
    for transfer in transfers:
        if transfer.undo:
            part(transfer.what).revert(transfer)
            n += 1
    audit_event("reorganization_corrected", reorg.corrects, by=reorg.pk, taken_back=n)
    return n


def reorganizations_apply_due(today: dt.date | None = None) -> int:
    """The daily job: apply the decisions whose date has come; move work that reached predecessors since."""
    today = today or timezone.localdate()
    total = 0
    due = Reorganization.objects.filter(effective_date__lte=today).exclude(state=Reorganization.State.REVERTED)
    for reorg in due.order_by("effective_date", "id"):
        total += reorganization_apply(reorg, today=today)
    return total


def reorganization_blockers(reorg: Reorganization) -> list[str]:
    """Why it can no longer be reverted: what was done under it since it took effect (empty: it can)."""
    if reorg.state != Reorganization.State.APPLIED:
        return [] if reorg.state == Reorganization.State.RECORDED else ["Quyết định đã được hủy."]
    if reorg.corrects_id:  # it took back another decision's moves: only a further decision changes it
        return ["đây là quyết định đính chính đã có hiệu lực"]
    # Read once (or from the caller's prefetch, TRANSFERS_FOR_BLOCKERS), not once per part: a merger of
    # communes moves hundreds of rows, each with its undo data (issue #25).
    transfers: dict[str, list[Transfer]] = {}
    for t in reorg.transfers.all():
        transfers.setdefault(t.what, []).append(t)
    out = []
    for p in parts():
        if transfers.get(p.key):
            out += p.acted(transfers[p.key], reorg.applied_at)
    return out


# What the parts' `acted` read of a transfer: the reorganization page prefetches only these for its decisions.
TRANSFER_FIELDS_FOR_BLOCKERS = ("id", "reorganization_id", "what", "object_id", "undo", "created_at")


@transaction.atomic
def reorganization_revert(*, user, reorg: Reorganization, note: str = "") -> Reorganization:
    """Undo a decision recorded in error, before anyone acted under it; afterwards only a new decision
    (with `corrects`) changes it: nothing is silently rewritten."""
    _require_actor(user)
    reorg = Reorganization.objects.select_for_update().get(pk=reorg.pk)
    if reorg.state == Reorganization.State.REVERTED:
        raise ApplicationError("Quyết định này đã được hủy.")
    blockers = reorganization_blockers(reorg)
    if blockers:
        raise ApplicationError("Không thể hủy vì đã có hoạt động theo quyết định này: " + "; ".join(blockers[:5])
                               + ". Hãy ghi nhận một quyết định mới để điều chỉnh.")
    keys = {p.key for p in parts()}
    for transfer in reorg.transfers.order_by("-id"):
        if transfer.what in keys and transfer.undo:
            part(transfer.what).revert(transfer)
        elif transfer.what == "name":
            org = transfer.from_organization
            org.aliases.filter(alias=transfer.undo["name"]).delete()
            org.name, org.short_name = transfer.undo["name"], transfer.undo["short_name"]
            org.save(update_fields=["name", "short_name", "updated_at"])
        elif transfer.what == "parent":
            org = transfer.from_organization
            org.parent_id = transfer.undo["parent_id"]
            org.save(update_fields=["parent", "updated_at"])
        elif transfer.what == "valid_to":
            for pk, value in transfer.undo.items():
                org = Organization.objects.get(pk=int(pk))
                org.valid_to = dt.date.fromisoformat(value) if value else None
                org.save(update_fields=["valid_to", "updated_at"])
    for succession in reorg.successions.all():
        succession.delete()
    reorg.state = Reorganization.State.REVERTED
    reorg.reverted_at = timezone.now()
    if note:
        reorg.note = (reorg.note + "\n" if reorg.note else "") + f"Hủy: {note}"
    reorg.save(update_fields=["state", "reverted_at", "note", "updated_at"])
    for pk in reorg.created_orgs:
        org = Organization.objects.filter(pk=pk).first()
        if org is None:
            continue
        try:
            with transaction.atomic():
                reorg.successors.remove(org)
                org.delete()
        except ProtectedError:
            org.valid_to = max(reorg.effective_date, org.valid_from or reorg.effective_date)
            org.save(update_fields=["valid_to", "updated_at"])
    audit_event("reorganization_reverted", reorg, note=note)
    scope_version_bump()
    return reorg

