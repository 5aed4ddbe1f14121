"""The official urging letter (Công văn đôn đốc) as DOCX, in the Decree 30/2020 form of a công văn: the
issuing body, "Số: …/UBND-…" left blank for the clerk, "V/v đôn đốc …", the place and date, "Kính gửi" the
agencies, the office's own text, each agency's overdue tasks and missing reports, "Nơi nhận" and the
signature block. What is outstanding is read here (three queries whatever the number of agencies)."""

import datetime as dt
import io
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.utils import timezone

from giamsat.aggregate.data import clean, text_lines
from giamsat.aggregate.headings import abbreviation
from giamsat.aggregate.report_docx import signature
from giamsat.core.wordml import _date_line, _para, decree30_header, new_document
from giamsat.documents.models import with_document
from giamsat.organizations.models import Organization
from giamsat.reporting.models import Report, ReportingPeriod
from giamsat.reporting.reporters import period_reporter_ids
from giamsat.tasks.models import Task, TaskAssignment
from giamsat.tasks.selectors import with_current_status

DEFAULT_SUBJECT = "V/v đôn đốc thực hiện nhiệm vụ và chế độ báo cáo theo Nghị quyết số 57-NQ/TW"
ANSWER_WITHIN_DAYS = 7


@dataclass
class Outstanding:
    organization: Organization
    overdue: list[Task] = field(default_factory=list)
    missing: list[ReportingPeriod] = field(default_factory=list)


def outstanding(organizations, *, today: dt.date | None = None, task_ids=None) -> list[Outstanding]:
    """Each agency's overdue tasks (those it leads; only `task_ids` when given) and the reports it has not
    sent for periods past their due date."""
    today = today or timezone.localdate()
    orgs = list(organizations)
    by_org = {o.pk: Outstanding(o) for o in orgs}
    leads = TaskAssignment.objects.filter(role=TaskAssignment.Role.LEAD, organization_id__in=list(by_org))
    if task_ids is not None:
        leads = leads.filter(task_id__in=list(task_ids))
    lead_of: dict[int, list[int]] = {}
    for task_id, org_id in leads.values_list("task_id", "organization_id"):
        lead_of.setdefault(task_id, []).append(org_id)
    tasks = with_current_status(Task.objects.filter(pk__in=list(lead_of)), today=today).filter(cur_code="overdue")
    for task in with_document(tasks).order_by("cur_due", "id"):
        for org_id in lead_of[task.pk]:
            by_org[org_id].overdue.append(task)
    periods = list(with_document(ReportingPeriod.objects.filter(is_closed=False, due_date__lt=today),
                                 "rule__document").order_by("due_date", "id"))
    reporters = period_reporter_ids(periods, among=set(by_org))
    sent = set(Report.objects.filter(period__in=periods, state=Report.State.SENT)
               .values_list("period_id", "organization_id"))
    for period in periods:
        for org_id in reporters.get(period.pk, ()):
            if org_id in by_org and (period.pk, org_id) not in sent:
                by_org[org_id].missing.append(period)
    return [by_org[o.pk] for o in orgs]


def _addressees(doc, names: list[str]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if not names:  # nothing outstanding anywhere: the letter goes to every agency
        names = ["Các sở, ban, ngành tỉnh", "Ủy ban nhân dân các xã, phường"]
    if len(names) == 1:
        _para(doc, f"Kính gửi: {names[0]}.", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=12)
        return
    _para(doc, "Kính gửi:", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=0)
    for i, name in enumerate(names):
        end = "." if i == len(names) - 1 else ";"
        _para(doc, f"- {name}{end}", indent=False, after=0).paragraph_format.left_indent = _cm(5)
    _para(doc, "", after=6)


def _cm(n):
    from docx.shared import Cm

    return Cm(n)


def urging_letter_docx(items: list[Outstanding], *, text: str = "", subject: str = "", drafter=None,
                       today: dt.date | None = None) -> bytes:
    """The letter to the agencies of `items`. `text`: the office's own words (the letter's opening);
    `drafter`: the drafting unit, whose abbreviation ends the number ("Số: …/UBND-VP")."""
    today = today or timezone.localdate()
    province = settings.GIAMSAT_PROVINCE
    body = SimpleNamespace(name=f"Ủy ban nhân dân tỉnh {province}", parent_id=None)
    doc = new_document(subject or DEFAULT_SUBJECT)
    decree30_header(doc, body, number=f"Số:        /UBND-{abbreviation(drafter) or '……'}",
                    place_date=_date_line(province, today), subject=subject or DEFAULT_SUBJECT)
    _para(doc, "", after=6)
    _addressees(doc, [i.organization.name for i in items])
    for line in text_lines(text) or [
        "Thực hiện Nghị quyết số 57-NQ/TW và các kế hoạch triển khai của tỉnh, Ủy ban nhân dân tỉnh đề nghị "
        "các cơ quan, đơn vị khẩn trương thực hiện các nội dung còn chậm sau đây:"
    ]:
        _para(doc, line)
    for n, item in enumerate(items, start=1):
        _para(doc, f"{n}. {item.organization.name}", bold=True)
        _para(doc, "a) Nhiệm vụ quá hạn:" if item.overdue else "a) Nhiệm vụ quá hạn: không có.", italic=True)
        for task in item.overdue:
            due = f", hạn {task.cur_due:%d/%m/%Y}" if task.cur_due else ""
            _para(doc, f"- {clean(task.name)} ({task.document.label}{due});")
        _para(doc, "b) Báo cáo chưa gửi:" if item.missing else "b) Báo cáo chưa gửi: không có.", italic=True)
        for period in item.missing:
            _para(doc, f"- Báo cáo {period.label} theo {period.rule.document.label} "
                       f"(hạn gửi {period.due_date:%d/%m/%Y});")
    answer_by = today + dt.timedelta(days=ANSWER_WITHIN_DAYS)
    _para(doc, f"Đề nghị các cơ quan, đơn vị khẩn trương hoàn thành, cập nhật kết quả trên hệ thống giám sát "
               f"và báo cáo Ủy ban nhân dân tỉnh (qua Văn phòng Ủy ban nhân dân tỉnh) trước ngày "
               f"{answer_by:%d/%m/%Y}./.")
    signature(doc, recipients=["- Như trên;", "- Chủ tịch, các PCT UBND tỉnh;", "- Lưu: VT."],
              signer="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
