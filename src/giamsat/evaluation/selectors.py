"""Reads of the evaluation, always through the visibility rule: an agency sees published evaluations and
only its own rows; the read-all roles see everything, drafts included."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet

from giamsat.core.errors import NotFoundError
from giamsat.evaluation.models import CriteriaSet, Evaluation, Level, Objection, Result
from giamsat.evaluation.periods import parse_period
from giamsat.indicators.models import Indicator
from giamsat.reporting.models import Report, ReportingPeriod
from giamsat.tasks.models import Task

NOT_FOUND = "Không tìm thấy đợt đánh giá hoặc bạn không có quyền xem."


def evaluation_list(user, *, period: str = "", level: str = "", published_only: bool = False) -> QuerySet[Evaluation]:
    qs = Evaluation.objects.visible_to(user).select_related("criteria_set")
    if period:
        qs = qs.filter(period=parse_period(period).key)
    if level:
        qs = qs.filter(level=level)
    if published_only:
        qs = qs.filter(state=Evaluation.State.PUBLISHED)
    return qs.order_by("-period", "level", "-version")


def evaluation_get(user, pk: int) -> Evaluation:
    evaluation = Evaluation.objects.visible_to(user).select_related("criteria_set").filter(pk=pk).first()
    if evaluation is None:
        raise NotFoundError(NOT_FOUND)
    return evaluation


def results_of(user, evaluation: Evaluation, *, breakdown: bool = True) -> QuerySet[Result]:
    """The visible rows, in rank order; never the stored facts (`base`, for recomputation only), and without the
    breakdown unless asked (a national ranking has thousands of rows of hundreds of items each)."""
    qs = (Result.objects.visible_to(user).filter(evaluation=evaluation).select_related("organization")
          .defer("base").order_by("rank", "organization__name"))
    return qs if breakdown else qs.defer("base", "criteria")


def result_get(user, evaluation: Evaluation, organization_id: int) -> Result:
    result = results_of(user, evaluation).filter(organization_id=organization_id).first()
    if result is None:
        raise NotFoundError("Không tìm thấy kết quả của cơ quan, đơn vị này hoặc bạn không có quyền xem.")
    return result


def previous_evaluation(evaluation: Evaluation) -> Evaluation | None:
    """The published evaluation of the same level for the period just before."""
    previous = parse_period(evaluation.period).previous()
    return (Evaluation.objects.filter(period=previous.key, level=evaluation.level,
                                      state=Evaluation.State.PUBLISHED).defer("criteria_snapshot")
            .order_by("-version").first())


@dataclass
class RankingRow:
    result: Result
    previous_rank: int | None = None
    previous_score: float | None = None

    @property
    def score_change(self) -> float | None:
        if self.previous_score is None:
            return None
        return round(float(self.result.score) - self.previous_score, 2)

    @property
    def rank_change(self) -> int | None:
        return None if self.previous_rank is None else self.previous_rank - self.result.rank


def ranking(user, evaluation: Evaluation, *, breakdown: bool = False, results=None) -> list[RankingRow]:
    """The visible rows (or these `results`, a page of them) with their change since the previous period (a
    published evaluation of it)."""
    if results is None:
        results = results_of(user, evaluation, breakdown=breakdown)
    rows = [RankingRow(r) for r in results]
    previous = previous_evaluation(evaluation)
    if previous is not None:
        wanted = [r.result.organization_id for r in rows]
        before = {org: (rank, float(score)) for org, rank, score in previous.results.filter(
            organization_id__in=wanted).values_list("organization_id", "rank", "score")}
        for row in rows:
            row.previous_rank, row.previous_score = before.get(row.result.organization_id, (None, None))
    return rows


def distribution(scores, bands: list[dict]) -> dict:
    """Counts per band and per ten points, with the bars' widths in percent (the page's chart), from
    (score, band) pairs."""
    scores = list(scores)
    by_band = Counter(band for _, band in scores)
    bins = Counter(min(int(float(score) // 10), 9) for score, _ in scores)
    top = max([*by_band.values(), *bins.values(), 1])
    return {
        "bands": [{"name": b["name"], "count": by_band.get(b["name"], 0),
                   "width": round(100 * by_band.get(b["name"], 0) / top)} for b in bands],
        "bins": [{"label": f"{i * 10}–{i * 10 + 9 if i < 9 else 100}", "count": bins.get(i, 0),
                  "width": round(100 * bins.get(i, 0) / top), "y": 100 - round(100 * bins.get(i, 0) / top)}
                 for i in range(10)],
    }


def trend(user, organization_id: int, level: str) -> list[Result]:
    """The agency's published results across periods, oldest first (its trend)."""
    return list(Result.objects.visible_to(user).filter(
        organization_id=organization_id, evaluation__level=level, evaluation__state=Evaluation.State.PUBLISHED)
        .select_related("evaluation").order_by("evaluation__period"))


TREND_WIDTH, TREND_TOP, TREND_BOTTOM = 300, 10, 110  # the trend chart's viewBox: 0–100 points upwards


def trend_chart(results: list[Result]) -> dict:
    """The trend as an inline SVG line (no script: it prints and works offline): one point per published
    period, the score upwards on 0–100, and the band thresholds of the latest period as dashed lines."""
    n = len(results)
    step = TREND_WIDTH / max(n, 1)

    def y(score) -> float:
        return round(TREND_BOTTOM - float(score) * (TREND_BOTTOM - TREND_TOP) / 100, 1)

    points = [{"x": round(step * (i + 0.5), 1), "y": y(r.score), "score": r.score, "band": r.band,
               "label": r.evaluation.period_label} for i, r in enumerate(results)]
    bands = (results[-1].evaluation.criteria_snapshot or {}).get("bands", []) if results else []
    return {
        "width": TREND_WIDTH, "points": points,
        "line": " ".join(f"{p['x']},{p['y']}" for p in points),
        "bands": [{"name": b["name"], "y": y(b["min"])} for b in bands if float(b["min"]) > 0],
    }


def item_labels(criteria: list[dict]) -> dict[tuple[str, int], str]:
    """(kind, id) → a name for each task, report, period and indicator a breakdown cites, in a few queries."""
    ids: dict[str, set[int]] = {}
    for c in criteria:
        for item in c["items"]:
            if item["id"] is not None:
                ids.setdefault(item["kind"], set()).add(item["id"])
    labels = {}
    for pk, number, name in Task.objects.filter(pk__in=ids.get("task", ())).values_list("pk", "number", "name"):
        labels[("task", pk)] = f"{number}. {name}" if number else name
    for pk, label, doc in Report.objects.filter(pk__in=ids.get("report", ())).values_list(
            "pk", "period__label", "period__rule__document__number"):
        labels[("report", pk)] = f"Báo cáo {label}" + (f" theo {doc}" if doc else "")
    for pk, label, doc in ReportingPeriod.objects.filter(pk__in=ids.get("period", ())).values_list(
            "pk", "label", "rule__document__number"):
        labels[("period", pk)] = f"Kỳ báo cáo {label}" + (f" theo {doc}" if doc else "")
    for pk, code, name in Indicator.objects.filter(pk__in=ids.get("indicator", ())).values_list("pk", "code", "name"):
        labels[("indicator", pk)] = f"{code}. {name}"
    if ids.get("outreach"):
        from giamsat.outreach.models import OutreachActivity

        for pk, title, day in OutreachActivity.objects.filter(pk__in=ids["outreach"]).values_list(
                "pk", "title", "date"):
            labels[("outreach", pk)] = f"Tuyên truyền {day:%d/%m/%Y}: {title}"
    return labels


def criteria_sets() -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.prefetch_related("criteria").order_by("level", "-version")


def criteria_set_get(pk: int) -> CriteriaSet:
    cs = criteria_sets().filter(pk=pk).first()
    if cs is None:
        raise NotFoundError("Không tìm thấy bộ tiêu chí.")
    return cs


def objections_of(user, evaluation: Evaluation, organization_id: int | None = None) -> QuerySet[Objection]:
    qs = Objection.objects.visible_to(user).filter(evaluation__period=evaluation.period,
                                                   evaluation__level=evaluation.level)
    if organization_id is not None:
        qs = qs.filter(organization_id=organization_id)
    return qs.select_related("organization", "filed_by", "answered_by", "adjustment")


def objection_get(user, pk: int) -> Objection:
    objection = Objection.objects.visible_to(user).select_related("evaluation").filter(pk=pk).first()
    if objection is None:
        raise NotFoundError("Không tìm thấy khiếu nại hoặc bạn không có quyền xem.")
    return objection


def public_results() -> list[tuple[Evaluation, list[Result]]]:
    """What the public page shows: the bands of the published evaluations the office chose to show."""
    out = []
    for evaluation in Evaluation.objects.filter(state=Evaluation.State.PUBLISHED, show_public=True).order_by(
            "-period", "level")[:6]:
        out.append((evaluation, list(evaluation.results.select_related("organization").order_by(
            "organization__name"))))
    return out


LEVEL_LABELS = dict(Level.choices)
