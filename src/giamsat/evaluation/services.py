"""Writes of the evaluation: criteria sets (new version on each change), runs, adjustments, publication,
reopening, objections and their answers, task priorities. Every write is audited (ADR 0027)."""

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.db import connection, transaction
from django.utils import timezone

from giamsat.accounts.access import acts_for, can_object_to_evaluation, require_manager
from giamsat.audit.services import audit_event, audit_record
from giamsat.core.actors import is_system, require_actor
from giamsat.core.errors import ApplicationError, PermissionDeniedError
from giamsat.core.text import check_lengths, clean_spaces
from giamsat.evaluation import engine
from giamsat.evaluation.criteria import default_snapshot, snapshot, spec_of
from giamsat.evaluation.facts import head_names, level_organizations, load_facts_groups, without_gc
from giamsat.evaluation.formulas import (
    FORMULAS,
    AgencyFacts,
    Finding,
    IndicatorFact,
    OutreachFact,
    ReportFact,
    TaskFact,
    Window,
)
from giamsat.evaluation.models import (
    Adjustment,
    CriteriaSet,
    Criterion,
    Evaluation,
    Level,
    Objection,
    Result,
    TaskPriority,
)
from giamsat.evaluation.periods import parse_period


def _require_office(actor) -> None:
    if not is_system(require_actor(actor)):
        require_manager(actor)


def _level(level: str) -> str:
    if level not in Level.values:
        raise ApplicationError(
            "Cấp đánh giá không hợp lệ: chọn sở, ban, ngành tỉnh (department) hoặc cấp xã (commune).")
    return level


# ------------------------------------------------------------------------------------------- criteria sets


def current_criteria_set(level: str) -> CriteriaSet | None:
    return CriteriaSet.objects.filter(level=level, is_current=True).order_by("-version").first()


@transaction.atomic
def criteria_set_save(*, actor, level: str, data: dict, is_demo: bool = False) -> CriteriaSet:
    """A new version of the level's criteria set from `data` (the snapshot shape, criteria_snapshot), checked
    by the engine's rules; the previous version stays for the evaluations that used it."""
    _require_office(actor)
    _level(level)
    try:
        spec = spec_of(data)
    except (KeyError, TypeError, ValueError, ZeroDivisionError, InvalidOperation) as exc:
        raise ApplicationError("Bộ tiêu chí thiếu thông tin hoặc có số không hợp lệ.") from exc
    errors = engine.validate(spec)
    if errors:
        raise ApplicationError(" ".join(errors))
    name = clean_spaces(data.get("name") or "") or default_snapshot(level)["name"]
    check_lengths({"tên": name, "ghi chú": data.get("note", "")})
    last = CriteriaSet.objects.select_for_update().filter(level=level).order_by("-version").first()
    CriteriaSet.objects.filter(level=level, is_current=True).update(is_current=False)
    cs = CriteriaSet.objects.create(
        level=level, version=(last.version + 1) if last else 1, name=name[:255], is_current=True,
        bands=[{"name": b.name, "min": float(b.minimum)} for b in spec.bands],
        lead_weight=Decimal(data["lead_weight"]), coordinator_weight=Decimal(data["coordinator_weight"]),
        bonus_cap=Decimal(data["bonus_cap"]), penalty_cap=Decimal(data["penalty_cap"]),
        objection_days=int(data.get("objection_days") or 10), note=data.get("note", ""),
        created_by=None if is_system(actor) else actor, is_demo=is_demo,
    )
    for position, c in enumerate(data["criteria"]):
        Criterion.objects.create(criteria_set=cs, position=position, group=clean_spaces(c["group"])[:255],
                                 code=clean_spaces(c["code"])[:16], name=clean_spaces(c["name"])[:500],
                                 kind=c["kind"], max_points=Decimal(str(c["max_points"])),
                                 unit_points=Decimal(str(c.get("unit_points") or 1)), formula=c["formula"])
    audit_record(action="create", object_type="evaluation.criteriaset", object_id=cs.pk, object_repr=str(cs),
                 after=snapshot(cs))
    return cs


def criteria_set_ensure(*, actor, level: str, is_demo: bool = False) -> CriteriaSet:
    """The level's current set, the default one created if the province has none yet."""
    return current_criteria_set(level) or criteria_set_save(actor=actor, level=level, data=default_snapshot(level),
                                                              is_demo=is_demo)


# ----------------------------------------------------------------------------------------------- evaluations


def _ordinal(day) -> int | None:
    return day.toordinal() if day else None


def _day(value):
    return dt.date.fromordinal(value) if value else None


def facts_json(facts: AgencyFacts) -> dict:
    """The facts a result was computed from, compact (a national evaluation stores half a million tasks):
    tasks [id, role, status, due, done on, recurring, priority, evidence], reports [period, code, due, report],
    indicators [id, status]; dates as day numbers (date.toordinal)."""
    return {
        "tasks": [[t.task_id, t.role, t.status, _ordinal(t.due), _ordinal(t.done_on), t.recurring, t.priority,
                   t.has_evidence] for t in facts.tasks],
        "reports": [[r.period_id, r.code, _ordinal(r.due), r.report_id] for r in facts.reports],
        "indicators": [[i.indicator_id, i.status] for i in facts.indicators],
        "figures": facts.figures,
        "outreach": [[a.activity_id, a.date.toordinal()] for a in facts.outreach],
        "findings": [[f.kind, f.id, f.check] for f in facts.findings],
    }


def facts_from_json(organization_id: int, data: dict) -> AgencyFacts:
    return AgencyFacts(
        organization_id,
        [TaskFact(pk, role, status, _day(due), _day(done), recurring, priority, evidence)
         for pk, role, status, due, done, recurring, priority, evidence in data["tasks"]],
        [ReportFact(period, code, _day(due), report) for period, code, due, report in data["reports"]],
        [IndicatorFact(pk, status) for pk, status in data["indicators"]],
        data.get("figures") or {},
        [OutreachFact(pk, _day(day)) for pk, day in data.get("outreach", ())],
        [Finding(kind, pk, check) for kind, pk, check in data.get("findings", ())],
    )


def _window(evaluation: Evaluation) -> Window:
    period = parse_period(evaluation.period)
    return Window(period.start, period.end, evaluation.as_of)


def _adjustments(evaluation: Evaluation) -> dict[int, list[engine.AdjustmentFact]]:
    out: dict[int, list] = {}
    for a in evaluation.adjustments.order_by("id"):
        out.setdefault(a.organization_id, []).append(
            engine.AdjustmentFact(a.pk, Fraction(a.points), f"{a.reason} ({a.document_number})"))
    return out


def _score_all(evaluation: Evaluation, facts: dict[int, AgencyFacts]) -> None:
    """Score every agency from its facts, rank them, and write the results (replacing the draft's)."""
    spec, window = spec_of(evaluation.criteria_snapshot), _window(evaluation)
    adjustments = _adjustments(evaluation)
    scored = {org_id: engine.score_agency(f, spec, window, adjustments.get(org_id, ()))
              for org_id, f in facts.items()}
    ranks = engine.rank({org_id: s["score"] for org_id, s in scored.items()})
    with connection.cursor() as cursor:  # the draft's rows, no dependents: without loading their breakdowns
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(Result._meta.db_table)} WHERE evaluation_id = %s",
                       [evaluation.pk])
    _insert_results([
        Result(evaluation=evaluation, organization_id=org_id, score=Decimal(str(s["score"])), band=s["band"],
               rank=ranks[org_id], base=facts_json(facts[org_id]), criteria=s["criteria"])
        for org_id, s in scored.items()])


RESULT_COLUMNS = ("evaluation_id", "organization_id", "score", "band", "rank", "base", "criteria", "head_name")


def _insert_results(results: list[Result]) -> None:
    """Write the results: one COPY on PostgreSQL (a national evaluation writes some hundred megabytes of
    breakdown, which an INSERT's quoted parameters take minutes to send), bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        Result.objects.bulk_create(results, batch_size=500)
        return
    qn = connection.ops.quote_name
    sql = f"COPY {qn(Result._meta.db_table)} ({', '.join(qn(c) for c in RESULT_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for r in results:
            copy.write_row((r.evaluation_id, r.organization_id, r.score, r.band, r.rank,
                            json.dumps(r.base, separators=(",", ":")),
                            json.dumps(r.criteria, ensure_ascii=False, separators=(",", ":")), r.head_name))


@transaction.atomic
def evaluation_run(*, actor, period: str, level: str, as_of: dt.date | None = None,
                   is_demo: bool = False) -> Evaluation:
    """Compute (or compute again) the draft evaluation of every agency of a level for a period, as of a date
    (the end of the period, or today if the period is not over). A published one is reopened first."""
    return evaluation_run_levels(actor=actor, period=period, levels=[level], as_of=as_of, is_demo=is_demo)[0]


@transaction.atomic
def evaluation_run_levels(*, actor, period: str, levels=tuple(Level.values), as_of: dt.date | None = None,
                          is_demo: bool = False) -> list[Evaluation]:
    """`evaluation_run` for several levels in one pass (`giamsat evaluate --level all`): the facts every level
    reads (tasks and their statuses as of the date, reports, indicators) are read once for all of them, each
    level's evaluation is the one it would get alone. All or nothing: if one level's evaluation is published,
    none is computed."""
    _require_office(actor)
    p, levels = parse_period(period), [_level(level) for level in dict.fromkeys(levels)]
    as_of = as_of or min(p.end, timezone.localdate())
    if as_of < p.start:
        raise ApplicationError(f"Kỳ {p.label} chưa bắt đầu: chưa thể đánh giá.")
    evaluations = [_draft_for_run(actor, p, level, as_of, is_demo) for level in levels]
    groups, counts = [], []
    for evaluation in evaluations:
        orgs = level_organizations(evaluation.level, as_of)
        used = [FORMULAS[c["formula"]] for c in evaluation.criteria_snapshot["criteria"]]
        groups.append(([o.pk for o in orgs], any(f.figures for f in used), {f.needs for f in used if f.needs}))
        counts.append(len(orgs))
    all_facts = load_facts_groups(groups, _window(evaluations[0]))
    for evaluation, facts, count in zip(evaluations, all_facts, counts, strict=True):
        with without_gc():
            _score_all(evaluation, facts)
        audit_event("evaluation_run", evaluation, as_of=as_of.isoformat(), criteria_set=evaluation.criteria_set_id,
                    agencies=count)
    return evaluations


def _draft_for_run(actor, p, level: str, as_of: dt.date, is_demo: bool) -> Evaluation:
    """The level's draft for the period (created if none), locked, with the current criteria set frozen in."""
    evaluation = Evaluation.objects.select_for_update().filter(period=p.key, level=level).order_by("-version").first()
    if evaluation is not None and evaluation.is_published:
        raise ApplicationError(f"{evaluation} đã công bố. Mở lại để tạo phiên bản mới rồi tính lại.")
    cs = criteria_set_ensure(actor=actor, level=level, is_demo=is_demo)
    if evaluation is None:
        evaluation = Evaluation.objects.create(period=p.key, level=level, as_of=as_of, criteria_set=cs,
                                               created_by=None if is_system(actor) else actor, is_demo=is_demo)
    evaluation.as_of, evaluation.criteria_set = as_of, cs
    evaluation.criteria_snapshot, evaluation.computed_at = snapshot(cs), timezone.now()
    evaluation.save()
    return evaluation


def _require_draft(evaluation: Evaluation) -> None:
    if evaluation.state != Evaluation.State.DRAFT:
        raise ApplicationError("Đợt đánh giá đã công bố không sửa được; mở lại để tạo phiên bản mới.")


def _rescore(evaluation: Evaluation) -> None:
    """Score again from the facts read at the run (adjustments changed): the same facts, new points."""
    facts = {r.organization_id: facts_from_json(r.organization_id, r.base) for r in evaluation.results.all()}
    _score_all(evaluation, facts)


def _points(value) -> Decimal:
    try:
        points = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation as exc:
        raise ApplicationError("Điểm điều chỉnh phải là một số (ví dụ 2 hoặc -1,5).") from exc
    if not points.is_finite() or points == 0 or abs(points) > 100 or points != points.quantize(Decimal("0.01")):
        raise ApplicationError("Điểm điều chỉnh phải khác 0, từ -100 đến 100, tối đa hai chữ số thập phân.")
    return points


@transaction.atomic
def adjustment_add(*, actor, evaluation: Evaluation, organization_id: int, points, reason: str,
                   document_number: str) -> Adjustment:
    """Add or take points from one agency of a draft, with the reason and the number of the document."""
    _require_office(actor)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _require_draft(evaluation)
    points = _points(points)
    reason, document_number = clean_spaces(reason or ""), clean_spaces(document_number or "")
    if not reason or not document_number:
        raise ApplicationError("Điều chỉnh điểm cần ghi lý do và số văn bản căn cứ.")
    check_lengths({"lý do": reason})
    if not evaluation.results.filter(organization_id=organization_id).exists():
        raise ApplicationError("Cơ quan, đơn vị này không có trong đợt đánh giá.")
    adjustment = Adjustment.objects.create(evaluation=evaluation, organization_id=organization_id, points=points,
                                           reason=reason, document_number=document_number[:64],
                                           created_by=None if is_system(actor) else actor)
    audit_record(action="create", object_type="evaluation.adjustment", object_id=adjustment.pk,
                 object_repr=f"{evaluation}: {points:+} điểm", after={
                     "evaluation": evaluation.pk, "organization": organization_id, "points": str(points),
                     "reason": reason, "document_number": document_number})
    _rescore(evaluation)
    return adjustment


@transaction.atomic
def evaluation_publish(*, actor, evaluation: Evaluation, show_public: bool | None = None) -> Evaluation:
    """Publish a draft: its results are frozen (later edits of tasks change nothing), the agencies see them
    and may object until the deadline; an earlier published version is marked replaced."""
    _require_office(actor)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _require_draft(evaluation)
    if not evaluation.results.exists():
        raise ApplicationError("Đợt đánh giá chưa có kết quả: hãy tính điểm trước khi công bố.")
    heads = head_names(evaluation.results.values_list("organization_id", flat=True))
    named = [Result(pk=pk, head_name=heads[org_id][:255]) for pk, org_id in evaluation.results.values_list(
        "pk", "organization_id") if heads.get(org_id)]
    Result.objects.bulk_update(named, ["head_name"], batch_size=1000)
    Evaluation.objects.filter(period=evaluation.period, level=evaluation.level,
                              state=Evaluation.State.PUBLISHED).update(state=Evaluation.State.SUPERSEDED)
    today = timezone.localdate()
    days = int(evaluation.criteria_snapshot.get("objection_days") or 10)
    evaluation.state, evaluation.published_at = Evaluation.State.PUBLISHED, timezone.now()
    evaluation.published_by = None if is_system(actor) else actor
    evaluation.objection_deadline = today + dt.timedelta(days=days)
    if show_public is not None:
        evaluation.show_public = show_public
    evaluation.save()
    audit_event("evaluation_published", evaluation, objection_deadline=evaluation.objection_deadline.isoformat(),
                show_public=evaluation.show_public)
    return evaluation


@transaction.atomic
def evaluation_reopen(*, actor, evaluation: Evaluation) -> Evaluation:
    """A new draft version of a published evaluation, with the same facts and adjustments; the published one
    stays visible until the new one is published."""
    _require_office(actor)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.state != Evaluation.State.PUBLISHED:
        raise ApplicationError("Chỉ mở lại được đợt đánh giá đang công bố.")
    if Evaluation.objects.filter(period=evaluation.period, level=evaluation.level,
                                 state=Evaluation.State.DRAFT).exists():
        raise ApplicationError("Kỳ này đã có một phiên bản dự thảo đang mở.")
    draft = Evaluation.objects.create(
        period=evaluation.period, level=evaluation.level, version=evaluation.version + 1, as_of=evaluation.as_of,
        criteria_set=evaluation.criteria_set, criteria_snapshot=evaluation.criteria_snapshot,
        previous_version=evaluation, show_public=evaluation.show_public, computed_at=timezone.now(),
        created_by=None if is_system(actor) else actor, is_demo=evaluation.is_demo)
    for a in evaluation.adjustments.order_by("id"):
        Adjustment.objects.create(evaluation=draft, organization_id=a.organization_id, points=a.points,
                                  reason=a.reason, document_number=a.document_number, created_by=a.created_by)
    _score_all(draft, {r.organization_id: facts_from_json(r.organization_id, r.base)
                       for r in evaluation.results.all()})
    audit_event("evaluation_reopened", draft, previous=evaluation.pk)
    return draft


@transaction.atomic
def evaluation_set_public(*, actor, evaluation: Evaluation, show: bool) -> Evaluation:
    """Whether the public page shows the published bands of this evaluation (the office's choice)."""
    _require_office(actor)
    before = evaluation.show_public
    evaluation.show_public = bool(show)
    evaluation.save(update_fields=["show_public", "updated_at"])
    audit_record(action="update", object_type="evaluation.evaluation", object_id=evaluation.pk,
                 object_repr=str(evaluation), before={"show_public": before}, after={"show_public": bool(show)})
    return evaluation


# ------------------------------------------------------------------------------------------------ objections


@transaction.atomic
def objection_file(*, user, evaluation: Evaluation, organization_id: int, text: str) -> Objection:
    """An agency objects to its published result, with its reasons, before the deadline."""
    if not can_object_to_evaluation(user) or not acts_for(user, organization_id):
        raise PermissionDeniedError(
            "Chỉ cơ quan, đơn vị được đánh giá mới gửi khiếu nại, giải trình về kết quả của mình.")
    if evaluation.state != Evaluation.State.PUBLISHED:
        raise ApplicationError("Chỉ khiếu nại được kết quả đang công bố.")
    if evaluation.objection_deadline and timezone.localdate() > evaluation.objection_deadline:
        raise ApplicationError(
            f"Đã hết hạn khiếu nại, giải trình ({evaluation.objection_deadline:%d/%m/%Y}).")
    text = (text or "").strip()
    if len(text) < 10:
        raise ApplicationError("Hãy nêu rõ lý do khiếu nại, giải trình (ít nhất 10 ký tự).")
    check_lengths({"nội dung": text})
    if not evaluation.results.filter(organization_id=organization_id).exists():
        raise ApplicationError("Cơ quan, đơn vị này không có trong đợt đánh giá.")
    objection = Objection.objects.create(evaluation=evaluation, organization_id=organization_id, text=text,
                                         filed_by=user)
    audit_event("evaluation_objection_filed", objection, evaluation=evaluation.pk, text=text)
    return objection


@transaction.atomic
def objection_answer(*, actor, objection: Objection, answer: str, points=None,
                     document_number: str = "") -> Objection:
    """The office answers an objection; with points, they are added as an adjustment to a new draft version
    (reopened if need be), with the answer as the reason."""
    _require_office(actor)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.state == Objection.State.ANSWERED:
        raise ApplicationError("Khiếu nại này đã được trả lời.")
    answer = (answer or "").strip()
    if not answer:
        raise ApplicationError("Hãy ghi nội dung trả lời.")
    check_lengths({"trả lời": answer})
    if points not in (None, ""):
        evaluation = objection.evaluation
        draft = Evaluation.objects.filter(period=evaluation.period, level=evaluation.level,
                                          state=Evaluation.State.DRAFT).first()
        if draft is None:
            draft = evaluation_reopen(actor=actor, evaluation=evaluation)
        objection.adjustment = adjustment_add(actor=actor, evaluation=draft, organization_id=objection.organization_id,
                                              points=points, reason=f"Trả lời khiếu nại: {answer}"[:2000],
                                              document_number=document_number)
    objection.answer, objection.state = answer, Objection.State.ANSWERED
    objection.answered_by = None if is_system(actor) else actor
    objection.answered_at = timezone.now()
    objection.save()
    audit_event("evaluation_objection_answered", objection, answer=answer,
                adjustment=objection.adjustment_id)
    return objection


# --------------------------------------------------------------------------------------------- task priority


@transaction.atomic
def task_priority_set(*, actor, task, priority: int) -> TaskPriority:
    """How much a task weighs in the evaluation: 1 (thường), 2 (quan trọng), 3 (trọng tâm)."""
    _require_office(actor)
    if priority not in (1, 2, 3):
        raise ApplicationError("Mức ưu tiên phải là 1, 2 hoặc 3.")
    row, _ = TaskPriority.objects.get_or_create(task=task)
    before = row.priority
    row.priority = priority
    row.save()
    audit_record(action="update", object_type="evaluation.taskpriority", object_id=task.pk, object_repr=str(task),
                 before={"priority": before}, after={"priority": priority})
    return row
