"""What a reorganization moves of reporting (organizations.parts, ADR 0031): the predecessor's duties to
report under a rule (every successor takes them), its place as a rule's recipient, and its report drafts of
open periods (to the first successor); sent reports stay with it."""

from giamsat.organizations.parts import Line, Part, Plan, register
from giamsat.reporting.models import Report, ReportingRule


def _open_reports(plan: Plan):
    return (Report.objects.filter(organization_id__in=plan.predecessor_ids, period__is_closed=False)
            .exclude(state=Report.State.SENT).select_related("period", "organization"))


def _plan(plan: Plan) -> tuple[list[Line], list[Line]]:
    moves = []
    through = ReportingRule.reporters.through.objects.filter(organization_id__in=plan.predecessor_ids)
    for rule in ReportingRule.objects.filter(pk__in=through.values("reportingrule_id"), is_active=True):
        for org_id in set(rule.reporters.values_list("pk", flat=True)) & set(plan.predecessor_ids):
            to = plan.targets(org_id, shared=True)
            if to:
                moves.append(Line("rule_reporter", rule.pk, str(rule), org_id, to, note="nghĩa vụ báo cáo"))
    for rule in ReportingRule.objects.filter(recipient_id__in=plan.predecessor_ids, is_active=True):
        to = plan.targets(rule.recipient_id)
        if to:
            moves.append(Line("rule_recipient", rule.pk, str(rule), rule.recipient_id, to, note="nơi nhận báo cáo"))
    for report in _open_reports(plan):
        to = plan.targets(report.organization_id)
        if to:
            moves.append(Line("report", report.pk, str(report), report.organization_id, to[:1],
                              note=report.get_state_display()))
    sent = Report.objects.filter(organization_id__in=plan.predecessor_ids, state=Report.State.SENT)
    stays = [Line("report", r.pk, str(r), r.organization_id, note="đã gửi")
             for r in sent.select_related("period", "organization")]
    return moves, stays


def _apply(line: Line) -> dict | None:
    if line.what == "rule_reporter":
        rule = ReportingRule.objects.get(pk=line.object_id)
        had = set(rule.reporters.values_list("pk", flat=True))
        if line.from_id not in had:
            return None
        added = [o for o in line.to_ids if o not in had]
        rule.reporters.remove(line.from_id)
        rule.reporters.add(*added)
        return {"kind": "reporter", "rule": rule.pk, "removed": line.from_id, "added": added}
    if line.what == "rule_recipient":
        rule = ReportingRule.objects.get(pk=line.object_id)
        if rule.recipient_id != line.from_id:
            return None
        rule.recipient_id = line.to_ids[0]
        rule.save(update_fields=["recipient", "updated_at"])
        return {"kind": "recipient", "rule": rule.pk, "recipient": line.from_id}
    report = Report.objects.get(pk=line.object_id)
    clash = Report.objects.filter(period_id=report.period_id, organization_id=line.to_ids[0], version=report.version)
    if report.organization_id != line.from_id or clash.exists():
        return None  # the successor has its own report for that period: the draft stays where it was
    report.organization_id = line.to_ids[0]
    report.save(update_fields=["organization", "updated_at"])
    return {"kind": "report", "report": report.pk, "organization": line.from_id}


def _revert(transfer) -> None:
    undo = transfer.undo
    if undo["kind"] == "reporter":
        rule = ReportingRule.objects.get(pk=undo["rule"])
        rule.reporters.remove(*undo["added"])
        rule.reporters.add(undo["removed"])
    elif undo["kind"] == "recipient":
        rule = ReportingRule.objects.get(pk=undo["rule"])
        rule.recipient_id = undo["recipient"]
        rule.save(update_fields=["recipient", "updated_at"])
    else:
        report = Report.objects.get(pk=undo["report"])
        report.organization_id = undo["organization"]
        report.save(update_fields=["organization", "updated_at"])


def _acted(transfers, since) -> list[str]:
    """A moved draft edited, approved or sent after the move (its row changed after the transfer's)."""
    moved = {t.object_id: t.created_at for t in transfers if t.undo.get("kind") == "report"}
    changed = Report.objects.filter(pk__in=moved).values_list("pk", "updated_at")
    n = sum(1 for pk, at in changed if at > moved[pk])
    return [f"{n} báo cáo đã chuyển được sửa hoặc gửi"] if n else []


register(Part("reporting", "Nghĩa vụ báo cáo, nơi nhận báo cáo, báo cáo chưa gửi", "Báo cáo đã gửi (giữ lại)",
              20, _plan, _apply, _revert, _acted))
