"""What a reorganization moves of indicators (organizations.parts, ADR 0031): the responsibility for an
indicator goes to the (first) successor; the values the predecessor entered stay with it (history)."""

from giamsat.indicators.models import Indicator, IndicatorValue
from giamsat.organizations.parts import Line, Part, Plan, register


def _plan(plan: Plan) -> tuple[list[Line], list[Line]]:
    moves = []
    for ind in Indicator.objects.filter(responsible_id__in=plan.predecessor_ids).order_by("code"):
        to = plan.targets(ind.responsible_id)
        if to:
            moves.append(Line("indicator", ind.pk, f"{ind.code} — {ind.name}"[:255], ind.responsible_id, to[:1],
                              note="cơ quan chịu trách nhiệm"))
    values = IndicatorValue.objects.filter(organization_id__in=plan.predecessor_ids).select_related("indicator")
    stays = [Line("indicator", v.pk, f"{v.indicator.code}: {v}"[:255], v.organization_id, note="số liệu đã nhập")
             for v in values.order_by("indicator__code", "pk")]
    return moves, stays


def _apply(line: Line) -> dict | None:
    ind = Indicator.objects.get(pk=line.object_id)
    if ind.responsible_id != line.from_id:
        return None
    ind.responsible_id = line.to_ids[0]
    ind.save(update_fields=["responsible", "updated_at"])
    return {"indicator": ind.pk, "responsible": line.from_id}


def _revert(transfer) -> None:
    ind = Indicator.objects.get(pk=transfer.undo["indicator"])
    ind.responsible_id = transfer.undo["responsible"]
    ind.save(update_fields=["responsible", "updated_at"])


def _acted(transfers, since) -> list[str]:
    ids = {t.object_id for t in transfers}
    n = IndicatorValue.objects.filter(indicator_id__in=ids, created_at__gt=since).count()
    return [f"{n} số liệu chỉ tiêu đã nhập sau khi chuyển"] if n else []


register(Part("indicator", "Chỉ tiêu và trách nhiệm", "Số liệu chỉ tiêu đã nhập (giữ lại)", 30,
              _plan, _apply, _revert, _acted))
