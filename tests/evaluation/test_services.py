"""Runs, freezing, versions, adjustments and objections on the fixture province (scores computed by hand in
conftest.py's terms)."""

import datetime as dt

import pytest

from giamsat.core.actors import SYSTEM
from giamsat.core.errors import ApplicationError, PermissionDeniedError

D = dt.date


def scores(evaluation):
    return {r.organization.code: (float(r.score), r.band, r.rank)
            for r in evaluation.results.select_related("organization")}


def test_run_scores_the_departments_by_hand(evaluated):
    from giamsat.evaluation.services import evaluation_run

    evaluation = evaluation_run(actor=SYSTEM, period="2025-Q4", level="department", as_of=D(2025, 12, 31))
    # Sở VHTTDL: NV1 40 × (2 + ½)/3 = 33,33; NV2 15 × (2 + 85/90)/3 = 14,72; NV3 5 × 2/3 = 3,33; BC1 20, CT1 20
    # Sở KH&CN: NV1 40 × 0,6/1,6 = 15; NV2 15 × (0,6 + 59/90)/1,6 = 11,77; NV3 5; BC1 20; CT1 20; TR1 −1
    # Sở Tư pháp: nothing due anywhere: every criterion at its maximum
    assert scores(evaluation) == {"svhttdl": (91.39, "A", 2), "skhcn": (70.77, "C", 3), "stp": (100.0, "A", 1)}
    science = evaluation.results.get(organization__code="skhcn")
    points = {c["code"]: c["points"] for c in science.criteria}
    assert points == {"NV1": 15.0, "NV2": 11.77, "NV3": 5.0, "BC1": 20.0, "CT1": 20.0, "T1": 0.0, "T2": 0.0,
                      "TR1": -1.0, "TR2": 0.0}
    nv1 = next(c for c in science.criteria if c["code"] == "NV1")
    tasks = evaluated["tasks"]
    assert {(i["id"], i["effect"]) for i in nv1["items"]} == {(tasks["a"].pk, 15.0), (tasks["b"].pk, 0.0)}
    assert evaluation.state == "draft" and evaluation.criteria_snapshot["criteria"][0]["code"] == "NV1"


def test_published_results_are_frozen(published):
    from giamsat.evaluation.services import evaluation_run
    from giamsat.tasks.models import ProgressUpdate
    from giamsat.tasks.summary import refresh_statuses

    evaluation, orgs, b = published["evaluation"], published["orgs"], published["tasks"]["b"]
    ProgressUpdate.objects.create(task=b, organization=orgs["science"], reported_on=D(2025, 11, 20),
                                  state="done", percent=100, is_lead=True)
    refresh_statuses([b.pk])
    evaluation.refresh_from_db()
    assert scores(evaluation)["skhcn"] == (70.77, "C", 3)
    with pytest.raises(ApplicationError, match="đã công bố"):
        evaluation_run(actor=SYSTEM, period="2025-Q4", level="department", as_of=D(2025, 12, 31))
    assert scores(evaluation)["skhcn"] == (70.77, "C", 3)


def test_reopen_makes_a_new_version_and_keeps_the_old(published):
    from giamsat.evaluation.services import evaluation_publish, evaluation_reopen, evaluation_run
    from giamsat.tasks.models import ProgressUpdate

    old, orgs, b = published["evaluation"], published["orgs"], published["tasks"]["b"]
    draft = evaluation_reopen(actor=SYSTEM, evaluation=old)
    assert (draft.version, draft.state, draft.previous_version_id) == (2, "draft", old.pk)
    assert scores(draft) == scores(old)  # the same facts until computed again
    ProgressUpdate.objects.create(task=b, organization=orgs["science"], reported_on=D(2025, 11, 20),
                                  state="done", percent=100, is_lead=True)
    draft = evaluation_run(actor=SYSTEM, period="2025-Q4", level="department", as_of=D(2025, 12, 31))
    # B done on time now: NV1 40; NV2 15; no penalty; but NV3: B finished without evidence → 0 of 5: 95
    assert scores(draft)["skhcn"] == (95.0, "A", 2)
    evaluation_publish(actor=SYSTEM, evaluation=draft)
    old.refresh_from_db()
    assert old.state == "superseded" and scores(old)["skhcn"] == (70.77, "C", 3)
    with pytest.raises(ApplicationError):
        evaluation_reopen(actor=SYSTEM, evaluation=old)


def test_adjustment_needs_reason_and_document_and_changes_the_draft(evaluated):
    from giamsat.audit.models import AuditEntry
    from giamsat.evaluation.services import adjustment_add, evaluation_run

    evaluation = evaluation_run(actor=SYSTEM, period="2025-Q4", level="department", as_of=D(2025, 12, 31))
    science = evaluated["orgs"]["science"]
    for points, reason, number in [("2", "", "12/QĐ-UBND"), ("2", "Lý do", ""), ("abc", "Lý do", "12/QĐ-UBND"),
                                   ("0", "Lý do", "1/QĐ"), ("150", "Lý do", "1/QĐ")]:
        with pytest.raises(ApplicationError):
            adjustment_add(actor=SYSTEM, evaluation=evaluation, organization_id=science.pk, points=points,
                           reason=reason, document_number=number)
    adjustment_add(actor=SYSTEM, evaluation=evaluation, organization_id=science.pk, points="-1,5",
                   reason="Báo cáo sai số liệu", document_number="12/QĐ-UBND")
    assert scores(evaluation)["skhcn"] == (69.27, "C", 3)
    row = evaluation.results.get(organization=science)
    assert row.criteria[-1]["code"] == "ĐC" and row.criteria[-1]["points"] == -1.5
    assert AuditEntry.objects.filter(object_type="evaluation.adjustment").count() == 1


def test_office_only(evaluated):
    from giamsat.evaluation.services import evaluation_run

    for key in ("focal_culture", "leader", "inspector"):
        with pytest.raises(PermissionDeniedError):
            evaluation_run(actor=evaluated["users"][key], period="2025-Q4", level="department")


def test_objection_filed_answered_with_an_adjustment(published):
    from giamsat.evaluation.models import Evaluation, Objection
    from giamsat.evaluation.services import objection_answer, objection_file

    evaluation, orgs, users = published["evaluation"], published["orgs"], published["users"]
    with pytest.raises(PermissionDeniedError):  # not its own result
        objection_file(user=users["focal_culture"], evaluation=evaluation, organization_id=orgs["science"].pk,
                       text="Chúng tôi không đồng ý với điểm này.")
    with pytest.raises(ApplicationError, match="lý do"):
        objection_file(user=users["focal_science"], evaluation=evaluation, organization_id=orgs["science"].pk,
                       text="Sai")
    objection = objection_file(user=users["focal_science"], evaluation=evaluation,
                               organization_id=orgs["science"].pk,
                               text="Nhiệm vụ 5 đã hoàn thành ngày 28/11/2025, có văn bản kèm theo.")
    answered = objection_answer(actor=users["office"], objection=objection, answer="Chấp nhận một phần.",
                                points="2", document_number="15/VP-TH")
    assert answered.state == Objection.State.ANSWERED and answered.adjustment.points == 2
    draft = Evaluation.objects.get(period="2025-Q4", level="department", state="draft")
    assert draft.version == 2 and scores(draft)["skhcn"] == (72.77, "C", 3)
    with pytest.raises(ApplicationError, match="đã được trả lời"):
        objection_answer(actor=users["office"], objection=objection, answer="Lần hai")
    evaluation.refresh_from_db()
    assert scores(evaluation)["skhcn"] == (70.77, "C", 3)  # the published one is unchanged


def test_objection_after_the_deadline_is_refused(published):
    from giamsat.evaluation.services import objection_file

    evaluation = published["evaluation"]
    evaluation.objection_deadline = D(2026, 1, 9)
    evaluation.save()
    with pytest.raises(ApplicationError, match="hết hạn"):
        objection_file(user=published["users"]["focal_science"], evaluation=evaluation,
                       organization_id=published["orgs"]["science"].pk, text="Lý do rất cụ thể ở đây.")


def test_head_of_unit_named_at_publication(published):
    culture = published["evaluation"].results.get(organization__code="svhttdl")
    assert culture.head_name == "ld-svhttdl"


def test_criteria_set_versions(evaluated):
    from giamsat.evaluation.criteria import default_snapshot
    from giamsat.evaluation.services import criteria_set_save, evaluation_run

    first = evaluation_run(actor=SYSTEM, period="2025-Q4", level="department", as_of=D(2025, 12, 31))
    data = default_snapshot("department")
    data["criteria"][0]["max_points"] = "45"
    with pytest.raises(ApplicationError, match="bằng 100"):
        criteria_set_save(actor=SYSTEM, level="department", data=data)
    data["criteria"][1]["max_points"] = "10"
    cs = criteria_set_save(actor=SYSTEM, level="department", data=data)
    assert cs.version == 2 and cs.is_current
    assert first.criteria_set.version == 1
    again = evaluation_run(actor=SYSTEM, period="2025-Q4", level="department", as_of=D(2025, 12, 31))
    assert again.criteria_snapshot["version"] == 2


def test_a_criterion_on_the_metrics_figures_loads_them(evaluated):
    from giamsat.evaluation.criteria import default_snapshot
    from giamsat.evaluation.services import criteria_set_save, evaluation_run

    data = default_snapshot("department")
    data["criteria"][0]["max_points"] = "30"
    data["criteria"].append({"group": "VI. Phản ánh, kiến nghị", "code": "PA1", "name": "Trả lời đúng hạn",
                             "kind": "score", "max_points": "10", "unit_points": "1",
                             "formula": "feedback_on_time"})
    criteria_set_save(actor=SYSTEM, level="department", data=data)
    evaluation = evaluation_run(actor=SYSTEM, period="2025-Q4", level="department", as_of=D(2025, 12, 31))
    science = evaluation.results.get(organization__code="skhcn")
    assert science.base["figures"]["feedback_due"] == 0  # read from metrics.by_organization
    pa1 = next(c for c in science.criteria if c["code"] == "PA1")
    assert pa1["points"] == 10.0 and pa1["items"][0]["kind"] == "none"  # nothing due: full points
    # NV1 30 × 0,6/1,6 = 11,25 instead of 15: 70,77 − 3,75 + 10 = 77,02
    assert float(science.score) == 77.02


def test_outreach_and_data_quality_criteria_are_traced_to_their_items(evaluated):
    """Issue #17: the outreach app's activities against one a month, and the data-quality checks of the
    metrics module on an agency's own work, as criteria whose items name what gained or lost points."""
    from giamsat.evaluation.criteria import default_snapshot
    from giamsat.evaluation.services import adjustment_add, criteria_set_save, evaluation_run
    from giamsat.outreach.models import OutreachActivity, OutreachChannel
    from giamsat.tasks.services import task_create

    orgs, t = evaluated["orgs"], evaluated["tasks"]
    channel = OutreachChannel.objects.create(code="bao", name="Báo chí")
    october, december = (OutreachActivity.objects.create(organization=orgs["culture"], channel=channel, title=title,
                                                         date=day)
                         for title, day in (("Tin tháng 10", D(2025, 10, 5)), ("Tin tháng 12", D(2025, 12, 1))))
    OutreachActivity.objects.create(organization=orgs["culture"], channel=channel, title="Ngoài kỳ",
                                    date=D(2025, 9, 30))
    undated = task_create(actor=SYSTEM, document=evaluated["doc"], number="7", name="Không hạn",
                          deadline_text="", leads=[orgs["culture"]])
    data = default_snapshot("department")
    data["criteria"][0]["max_points"] = "20"
    data["criteria"] += [
        {"group": "VI. Tuyên truyền", "code": "TT1", "name": "Tuyên truyền", "kind": "score", "max_points": "10",
         "unit_points": "1", "formula": "outreach_activity"},
        {"group": "VII. Chất lượng dữ liệu", "code": "CL1", "name": "Dữ liệu đúng", "kind": "score",
         "max_points": "10", "unit_points": "1", "formula": "data_quality"},
    ]
    criteria_set_save(actor=SYSTEM, level="department", data=data)
    evaluation = evaluation_run(actor=SYSTEM, period="2025-Q4", level="department", as_of=D(2025, 12, 31))

    def criterion(code, org):
        result = evaluation.results.get(organization=orgs[org])
        return next(c for c in result.criteria if c["code"] == code)

    tt1 = criterion("TT1", "culture")  # October and December of three months: 10 × 2/3
    assert tt1["points"] == 6.67
    assert [(i["kind"], i["id"]) for i in tt1["items"]] == [("outreach", october.pk), ("month", None),
                                                          ("outreach", december.pk)]
    assert tt1["items"][1]["effect"] == 0 and "Tháng 11/2025: chưa có" in tt1["items"][1]["note"]
    assert criterion("TT1", "science")["points"] == 0  # no activity at all
    # Culture leads five tasks: A and C carry updates recorded on 10/01/2026 for Nov/Dec 2025 (back-dated
    # beyond GIAMSAT_BACKDATE_DAYS), "Không hạn" has no deadline; the other two are clean: 10 × 2/5.
    cl1 = criterion("CL1", "culture")
    assert cl1["points"] == 4.0
    lost = {i["id"]: i["note"] for i in cl1["items"] if i["effect"] == 0}
    assert set(lost) == {t["a"].pk, t["c"].pk, undated.pk}
    assert "ghi lùi ngày" in lost[t["a"].pk] and "không có thời hạn" in lost[undated.pk]
    assert all(i["kind"] == "task" for i in cl1["items"])
    assert criterion("CL1", "science")["points"] == 10.0  # nothing wrong in its work
    # Frozen with the result: an adjustment scores again from the stored facts, the same points.
    adjustment_add(actor=SYSTEM, evaluation=evaluation, organization_id=orgs["culture"].pk, points=1,
                   reason="Khen thưởng", document_number="12/QĐ")
    OutreachActivity.objects.create(organization=orgs["culture"], channel=channel, title="Sau", date=D(2025, 11, 3))
    assert criterion("TT1", "culture")["points"] == 6.67 and criterion("CL1", "culture")["points"] == 4.0
