"""What a reorganization moves of accounts (organizations.parts, ADR 0031): the predecessor's users go to
the (first) successor and act for it from then on; a unit dissolved with no successor has its accounts
locked, so that access which no longer applies is withdrawn."""

from giamsat.accounts.models import User
from giamsat.organizations.parts import Line, Part, Plan, register


def _plan(plan: Plan) -> tuple[list[Line], list[Line]]:
    moves = []
    for user in User.objects.filter(organization_id__in=plan.predecessor_ids, is_active=True).order_by("username"):
        to = plan.targets(user.organization_id)
        if to or plan.kind == "dissolve":
            note = "chuyển tài khoản" if to else "khóa tài khoản (không có đơn vị kế thừa)"
            moves.append(Line("user", user.pk, f"{user.get_full_name() or user.username} ({user.username})",
                              user.organization_id, to[:1], note=note))
    return moves, []


def _apply(line: Line) -> dict | None:
    user = User.objects.get(pk=line.object_id)
    if user.organization_id != line.from_id or not user.is_active:
        return None
    undo = {"user": user.pk, "organization": user.organization_id, "is_active": user.is_active}
    if line.to_ids:
        user.organization_id = line.to_ids[0]
    else:
        user.is_active = False
    user.save(update_fields=["organization", "is_active"])
    return undo


def _revert(transfer) -> None:
    user = User.objects.get(pk=transfer.undo["user"])
    user.organization_id = transfer.undo["organization"]
    user.is_active = transfer.undo["is_active"]
    user.save(update_fields=["organization", "is_active"])


register(Part("user", "Tài khoản người dùng và quyền truy cập", "", 40, _plan, _apply, _revert))
