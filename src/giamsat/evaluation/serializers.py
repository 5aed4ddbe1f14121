"""Evaluations and results as the API gives them."""

from giamsat.evaluation.models import Evaluation, Result


def evaluation_out(evaluation: Evaluation) -> dict:
    snap = evaluation.criteria_snapshot or {}
    return {
        "id": evaluation.pk, "period": evaluation.period, "period_label": evaluation.period_label,
        "level": evaluation.level, "version": evaluation.version, "state": evaluation.state,
        "as_of": evaluation.as_of, "published_at": evaluation.published_at,
        "objection_deadline": evaluation.objection_deadline,
        "criteria_set": f"{snap.get('name', '')} (phiên bản {snap.get('version', '')})",
    }


def result_out(result: Result) -> dict:
    org = result.organization
    return {
        "organization": {"id": org.pk, "code": org.code, "name": org.name},
        "score": float(result.score), "band": result.band, "rank": result.rank, "head_name": result.head_name,
        "criteria": [{**{k: c[k] for k in ("code", "name", "group", "kind", "points", "max_points")},
                      "items": c["items"]} for c in result.criteria],
    }
