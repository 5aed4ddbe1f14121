"""The evaluation API, mounted at /api/v1/evaluations: published evaluations and their rows (an agency's
own row only)."""

from ninja import Router

from giamsat.core.errors import ApplicationError
from giamsat.core.responses import json_answer
from giamsat.core.schemas import Error
from giamsat.evaluation import schemas as es
from giamsat.evaluation.models import Level
from giamsat.evaluation.selectors import evaluation_get, evaluation_list, results_of
from giamsat.evaluation.serializers import evaluation_out, result_out

router = Router(tags=["evaluations"])


@router.get("", response={200: list[es.EvaluationOut], 400: Error}, url_name="evaluation_list_api")
def evaluation_list_api(request, period: str = "", level: str = ""):
    """Published evaluations. `period`: `2026-Q3`, `2026-H1` or `2026`; `level`: `department` (sở, ban,
    ngành tỉnh) or `commune` (UBND cấp xã)."""
    if level and level not in Level.values:
        raise ApplicationError("Cấp đánh giá không hợp lệ: department hoặc commune.")
    qs = evaluation_list(request.user, period=period, level=level, published_only=True)
    return json_answer([evaluation_out(e) for e in qs[:200]])


@router.get("/{evaluation_id}", response={200: es.EvaluationDetailOut, 404: Error}, url_name="evaluation_detail_api")
def evaluation_detail_api(request, evaluation_id: int, organization: int | None = None):
    """One evaluation with, for each agency the user may see, its score (0–100), band, rank and breakdown:
    `criteria` [{code, name, points, max_points, items: [{kind, id, effect}]}], the items of a criterion adding
    up to its points and the criteria to the score. An agency sees its own row only. `organization`: only
    that agency's row (a national evaluation has thousands)."""
    evaluation = evaluation_get(request.user, evaluation_id)
    rows = results_of(request.user, evaluation)
    if organization is not None:
        rows = rows.filter(organization_id=organization)
    return json_answer({**evaluation_out(evaluation), "results": [result_out(r) for r in rows]})
