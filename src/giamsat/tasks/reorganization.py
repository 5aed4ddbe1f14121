"""What a reorganization moves of tasks (organizations.parts, ADR 0031): the predecessor's lead and
coordinator roles in its open tasks go to the successors; done and cancelled tasks stay with it (history)."""

from django.db.models import Q

from giamsat.organizations.parts import Line, Part, Plan, register
from giamsat.tasks.models import ProgressUpdate, Task, TaskAssignment, TaskDecision
from giamsat.tasks.selectors import with_current_status
from giamsat.tasks.status import DONE_CODES, StatusCode
from giamsat.tasks.summary import refresh_statuses

CLOSED = DONE_CODES | {StatusCode.CANCELLED}
ROLE = dict(TaskAssignment.Role.choices)


def _plan(plan: Plan) -> tuple[list[Line], list[Line]]:
    rows = TaskAssignment.objects.filter(organization_id__in=plan.predecessor_ids)
    rows = rows.order_by("task_id", "-role")  # leads first
    task_ids = set(rows.values_list("task_id", flat=True))
    tasks = with_current_status(Task.objects.filter(pk__in=task_ids)).only("id", "number", "name")
    code = {t.pk: t.cur_code for t in tasks}
    label = {t.pk: str(t) for t in tasks}
    moves, stays = [], []
    for row in rows.values_list("task_id", "organization_id", "role"):
        task_id, org_id, role = row
        line = Line("task", task_id, label[task_id], org_id, role=role)
        if code[task_id] in CLOSED:
            line.note = "đã hoàn thành hoặc đã hủy: giữ lại với đơn vị cũ"
            stays.append(line)
            continue
        line.to_ids = plan.targets(org_id, task_id=task_id)
        if not line.to_ids:
            line.note = "không có đơn vị kế thừa: Văn phòng quyết định"
            stays.append(line)
        else:
            line.note = ROLE[role]
            moves.append(line)
    return moves, stays


def _apply(line: Line) -> dict | None:
    row = TaskAssignment.objects.filter(task_id=line.object_id, organization_id=line.from_id, role=line.role).first()
    if row is None:
        return None
    created = []
    for org_id in line.to_ids:
        obj, made = TaskAssignment.objects.get_or_create(task_id=line.object_id, organization_id=org_id,
                                                         role=line.role, defaults={"via_group_id": row.via_group_id})
        if made:
            created.append(obj.pk)
    undo = {"task": line.object_id, "organization": row.organization_id, "role": row.role,
            "via_group": row.via_group_id, "created": created}
    row.delete()
    return undo


def _revert(transfer) -> None:
    undo = transfer.undo
    TaskAssignment.objects.filter(pk__in=undo["created"]).delete()
    TaskAssignment.objects.get_or_create(task_id=undo["task"], organization_id=undo["organization"],
                                         role=undo["role"], defaults={"via_group_id": undo["via_group"]})
    refresh_statuses([undo["task"]])


def _acted(transfers, since) -> list[str]:
    ids = {t.object_id for t in transfers}
    since_q = Q(task_id__in=ids, created_at__gt=since)
    n = ProgressUpdate.objects.filter(since_q).count() + TaskDecision.objects.filter(since_q).count()
    return [f"{n} cập nhật tiến độ hoặc quyết định về nhiệm vụ đã chuyển"] if n else []


def _after(lines: list[Line]) -> None:
    if lines:
        refresh_statuses({line.object_id for line in lines})


register(Part("task", "Nhiệm vụ đang thực hiện (vai trò chủ trì, phối hợp)", "Nhiệm vụ giữ lại (đã hoàn thành, đã hủy)",
              10, _plan, _apply, _revert, _acted, _after))
