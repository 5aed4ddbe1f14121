"""The monitoring office's aggregated report for a document and a period, as DOCX and XLSX.

`aggregate_data` gathers everything once (task statuses as of the data cut-off, results, difficulties and
proposals of the period, submissions); `aggregate_docx` lays it out in the administrative style of Decree
30/2020/NĐ-CP (national motto, issuer block, place and date, title, numbered sections, appendix table,
Times New Roman); `aggregate_xlsx` writes one sheet per table with filters and a frozen header.
"""

import copy
import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from giamsat.accounts.access import can_aggregate
from giamsat.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from giamsat.core.spreadsheet import neutralize
from giamsat.documents.models import Document
from giamsat.organizations.models import Organization
from giamsat.reporting import conf
from giamsat.reporting.models import Report, ReportingPeriod
from giamsat.reporting.periods import parse_period_key, period_ending
from giamsat.reporting.selectors import NOTHING, period_submissions, period_updates
from giamsat.tasks.models import ProgressUpdate, SolutionGroup, Task, TaskAssignment
from giamsat.tasks.selectors import task_status, with_status_facts
from giamsat.tasks.status import DONE_CODES, LABELS

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# When several rules have a period ending in the same month, the shortest one is the report of that month.
_SPAN_ORDER = ["monthly", "quarterly", "6-month", "9-month", "annual", "once"]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text) -> str:
    """Text safe for OOXML (no control characters)."""
    return _CONTROL.sub("", str(text or "")).strip()


@dataclass
class PeriodRef:
    key: str
    label: str
    start: dt.date
    end: dt.date
    due_date: dt.date | None = None
    period: ReportingPeriod | None = None  # the opened period, when the document has a rule for it


def aggregate_resolve_period(document: Document, key: str, *, frequency: str = "") -> PeriodRef:
    """`2025-06` (the period whose cut-off is in June 2025: the monthly one if the document has a monthly
    rule, else the longer one ending then), `2025-Q2`, `2025-H1`, `2025-9M` or `2025`."""
    parsed = parse_period_key(key)
    if parsed is None:
        raise ApplicationError(
            "Kỳ không hợp lệ: dùng dạng YYYY-MM (ví dụ 2025-06), hoặc 2025-Q2, 2025-H1, 2025-9M, 2025.",
            code="invalid_period",
        )
    freq, year, month = parsed
    if frequency and frequency not in _SPAN_ORDER:
        raise ApplicationError("Tần suất kỳ báo cáo không hợp lệ.", code="invalid_period")
    periods = ReportingPeriod.objects.filter(rule__document=document).select_related(
        "rule", "rule__recipient"
    )
    if freq == "monthly":
        periods = periods.filter(end__year=year, end__month=month)
    else:
        periods = periods.filter(key=key.upper() if "-" in key else key, rule__frequency=freq)
    if frequency:
        periods = periods.filter(rule__frequency=frequency)
    found = sorted(periods, key=lambda p: (_SPAN_ORDER.index(p.rule.frequency), p.rule_id))
    if found:
        p = found[0]
        return PeriodRef(p.key or key, p.label, p.start, p.end, p.due_date, p)
    try:
        spec = period_ending(frequency or freq, year, month, grace_days=conf.get("GIAMSAT_REPORT_DUE_DAYS"))
    except ValueError as exc:
        raise ApplicationError(
            "Không có kỳ báo cáo nào như vậy cho văn bản này.", code="invalid_period"
        ) from exc
    return PeriodRef(spec.key, spec.label, spec.start, spec.end, spec.due_date, None)


@dataclass
class TaskRow:
    task: Task
    group: str
    leads: str
    coordinators: str
    deadline: str
    status_code: str
    status_label: str
    latest: ProgressUpdate | None


@dataclass
class GroupSummary:
    name: str
    counts: Counter
    results: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class AggregateData:
    document: Document
    period: PeriodRef
    as_of: dt.date
    generated_on: dt.date
    issuer: Organization | None
    place: str
    counts: list[tuple[str, str, int]]  # code, label, count (non-zero, in LABELS order)
    total: int
    due_done_ratio: int | None
    overdue_ratio: int | None
    groups: list[GroupSummary]
    shortcomings: list[tuple[str, str]]  # organization, text
    proposals: list[tuple[str, str]]
    tasks: list[TaskRow]
    submissions: list[tuple[Organization, object]] = field(default_factory=list)

    @property
    def submission_counts(self) -> Counter:
        return Counter(sub.code for _, sub in self.submissions)


def _group_name(task: Task) -> str:
    section = clean(task.section)
    if section:
        # A bare section number ("V.1") reads better as "Mục V.1".
        return f"Mục {section}" if re.fullmatch(r"[IVXLC0-9.\-]+", section) else section
    if task.solution_group:
        return SolutionGroup(task.solution_group).label
    if task.source == "appendix":
        return "Nhiệm vụ tại phụ lục của văn bản"
    return "Các nhiệm vụ khác"


def _deadline(task: Task) -> str:
    due = task.status.due
    text = clean(task.deadline_text)
    if due and text:
        return f"{text} (hạn {due:%d/%m/%Y})"
    return text or (f"{due:%d/%m/%Y}" if due else "Không xác định")


def _meaningful(text: str) -> bool:
    return bool(clean(text)) and clean(text).rstrip(".").lower() != NOTHING.rstrip(".").lower()


def aggregate_data(document: Document, period: PeriodRef, *, today: dt.date | None = None) -> AggregateData:
    today = today or timezone.localdate()
    as_of = min(today, period.end)  # figures as of the data cut-off (Decree 09/2019, art. 12)
    latest_id = Subquery(
        ProgressUpdate.objects.filter(task=OuterRef("pk"), is_lead=True, reported_on__lte=as_of)
        .order_by("-reported_on", "-id")
        .values("id")[:1]
    )
    # Computed as of the cut-off, not read from the stored (today's) status; nothing is written.
    tasks = with_status_facts(
        Task.objects.filter(document=document).annotate(latest_id=latest_id).order_by("position", "id"),
        leads_only=True,
    )
    # Coordinators as plain names (a task for "các sở, ban, ngành, UBND các xã" has a hundred of them).
    coordinator_names: dict[int, list[str]] = {}
    for task_id, name, short_name in (
        TaskAssignment.objects.filter(task__document=document, role=TaskAssignment.Role.COORDINATOR)
        .order_by("task_id", "id")
        .values_list("task_id", "organization__name", "organization__short_name")
    ):
        coordinator_names.setdefault(task_id, []).append(short_name or name)
    for task in tasks:
        task.status = task_status(task, today=as_of)
    latest = ProgressUpdate.objects.select_related("organization").in_bulk(
        [t.latest_id for t in tasks if t.latest_id]
    )

    rows, groups = [], {}
    for task in tasks:
        name = _group_name(task)
        groups.setdefault(name, GroupSummary(name, Counter()))
        groups[name].counts[task.status.code] += 1
        assignments = list(task.assignments.all())
        rows.append(
            TaskRow(
                task=task,
                group=name,
                leads="; ".join(a.organization.display_name for a in assignments if a.role == "lead")
                or clean(task.lead_text),
                coordinators="; ".join(coordinator_names.get(task.pk, [])),
                deadline=_deadline(task),
                status_code=task.status.code,
                status_label=task.status.label,
                latest=latest.get(task.latest_id),
            )
        )
    counts = Counter(t.status.code for t in tasks)
    due_tasks = [t for t in tasks if t.status.code in DONE_CODES | {"overdue"}]
    done_of_due = sum(1 for t in due_tasks if t.status.code in DONE_CODES)

    updates = period_updates(
        document_id=document.pk, organization_ids=None, start=period.start, end=period.end
    )
    group_of = {row.task.pk: row.group for row in rows}
    for u in updates:
        if u.state == ProgressUpdate.State.NOTHING or not _meaningful(u.narrative):
            continue
        ref = f"nhiệm vụ {u.task.number}" if u.task.number else "nhiệm vụ"
        groups[group_of[u.task_id]].results.append(
            f"{u.organization.display_name} ({ref}): {clean(u.narrative)}"
        )

    # Difficulties and proposals: an agency's sent report speaks for it (it was edited and approved);
    # agencies without one are represented by what they wrote in their progress updates.
    shortcomings, proposals, reported_orgs = [], [], set()
    submissions = []
    if period.period is not None:
        submissions = period_submissions(period.period, today=today)
        sent = (
            Report.objects.filter(period=period.period, state=Report.State.SENT)
            .select_related("organization")
            .order_by("organization__name", "-version")
        )
        for report in sent:
            if report.organization_id in reported_orgs:
                continue  # the latest version only
            reported_orgs.add(report.organization_id)
            if _meaningful(report.shortcomings):
                shortcomings.append((report.organization.display_name, clean(report.shortcomings)))
            if _meaningful(report.proposals):
                proposals.append((report.organization.display_name, clean(report.proposals)))
    for u in updates:
        if u.organization_id in reported_orgs:
            continue
        ref = f" (nhiệm vụ {u.task.number})" if u.task.number else ""
        if _meaningful(u.difficulties):
            shortcomings.append((u.organization.display_name + ref, clean(u.difficulties)))
        if _meaningful(u.proposals):
            proposals.append((u.organization.display_name + ref, clean(u.proposals)))

    rule = period.period.rule if period.period is not None else None
    issuer = rule.recipient if rule is not None and rule.recipient_id else document.issuer
    return AggregateData(
        document=document,
        period=period,
        as_of=as_of,
        generated_on=today,
        issuer=issuer,
        place=document.place or settings.GIAMSAT_PROVINCE,
        counts=[(code, label, counts[code]) for code, label in LABELS.items() if counts.get(code)],
        total=len(tasks),
        due_done_ratio=round(100 * done_of_due / len(due_tasks)) if due_tasks else None,
        overdue_ratio=round(100 * counts.get("overdue", 0) / len(tasks)) if tasks else None,
        groups=list(groups.values()),
        shortcomings=shortcomings,
        proposals=proposals,
        tasks=rows,
        submissions=submissions,
    )


def text_lines(text: str) -> list[str]:
    """The items of a multi-line text, without their "- " / "+ " bullet marks."""
    out = []
    for line in clean(text).split("\n"):
        line = re.sub(r"^[-+•*]\s+", "", line.strip())
        if line:
            out.append(line)
    return out


def _docx_items(doc, items: list[tuple[str, str]]) -> None:
    """ "- Agency: text" for a one-line contribution; "- Agency:" then "+ item" lines for a list."""
    for org, text in items:
        lines = text_lines(text)
        if len(lines) == 1:
            _para(doc, f"- {org}: {lines[0]}")
            continue
        _para(doc, f"- {org}:")
        for line in lines:
            _para(doc, f"+ {line}")


def _latest_text(update: ProgressUpdate | None) -> str:
    if update is None:
        return "Chưa có cập nhật"
    state = update.get_state_display() + (f" {update.percent}%" if update.percent is not None else "")
    narrative = clean(update.narrative)
    if len(narrative) > 300:
        narrative = narrative[:297].rstrip() + "…"
    text = f"{update.reported_on:%d/%m/%Y} – {update.organization.display_name}: {state}"
    return f"{text}. {narrative}" if narrative else text


def lower_first(text: str) -> str:
    """ "Quý II/2025" → "quý II/2025": lower-casing the whole label would break the Roman numeral."""
    return text[:1].lower() + text[1:]


def title_text(data: AggregateData) -> str:
    doc = data.document
    ref = f"{doc.doc_type} số {doc.number}" if doc.number else doc.doc_type
    return f"Kết quả thực hiện {ref} {lower_first(data.period.label)}"


# ------------------------------------------------------------------------------------------------ DOCX


_RUN_PROPERTIES: dict = {}  # (size, bold, italic) → a finished <w:rPr>, copied into each run


def _docx_font(run, *, size=None, bold=None, italic=None):
    """Times New Roman (also for Vietnamese as East Asian text), size, bold, italic. The properties are built
    through python-docx once per combination and copied afterwards: building them takes half a millisecond
    a run, seconds for a 1 000-task appendix."""
    element = run._element
    if element.rPr is not None:
        element.remove(element.rPr)
    element.insert(0, copy.deepcopy(_run_properties(size, bold, italic)))
    return run


def _run_properties(size, bold, italic):
    """The finished <w:rPr> of one combination, built once on a run outside any document."""
    key = (size, bold, italic)
    if key not in _RUN_PROPERTIES:
        from docx.oxml import OxmlElement
        from docx.text.run import Run

        run = Run(OxmlElement("w:r"), None)
        _docx_font_slow(run, size=size, bold=bold, italic=italic)
        _RUN_PROPERTIES[key] = run._element.rPr
    return _RUN_PROPERTIES[key]


def _docx_font_slow(run, *, size=None, bold=None, italic=None):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = "Times New Roman"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    return run


_PARAGRAPH_PROPERTIES: dict = {}  # (align, indent, after) → a finished <w:pPr>, copied into each paragraph


def _para(container, text="", *, size=14, bold=False, italic=False, align=None, indent=True, after=6):
    """A paragraph in the administrative style: justified (or `align`), first line indented 1 cm, `after`
    points of space after. Formatting is built through python-docx once per combination and copied, the run
    written as XML (a report lists every result of the period: thousands of paragraphs nationally)."""
    p = container.add_paragraph()
    key = (align, indent, after)
    properties = _PARAGRAPH_PROPERTIES.get(key)
    if properties is None:
        _paragraph_format_slow(p, align=align, indent=indent, after=after)
        _PARAGRAPH_PROPERTIES[key] = copy.deepcopy(p._p.pPr)
    else:
        p._p.insert(0, copy.deepcopy(properties))
    if text:
        p._p.append(_run_xml(clean(text), size=size, bold=bold, italic=italic))
    return p


def _paragraph_format_slow(p, *, align, indent, after):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    p.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Cm(1)


def _run_xml(text: str, *, size, bold, italic):
    """<w:r> with the run properties and `text`; like python-docx's `run.text`, a line break becomes <w:br/>
    and a tab <w:tab/>."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    return parse_xml(f"<w:r {nsdecls('w')}>{_rpr_xml(size, bold, italic)}{_text_xml(text, '<w:br/>')}</w:r>")


def _rpr_xml(size, bold, italic) -> str:
    from lxml import etree

    return etree.tostring(_run_properties(size, bold, italic), encoding="unicode")


def _text_xml(text: str, newline: str) -> str:
    """<w:t> pieces of `text`, tabs as <w:tab/> and line breaks as `newline`."""
    return newline.join(
        "<w:tab/>".join(f'<w:t xml:space="preserve">{xml_escape(part)}</w:t>' for part in line.split("\t"))
        for line in text.split("\n")
    )


def _no_borders(table):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _repeat_header(row):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _row_cells(table, row) -> list:
    """The cells of one row from its own XML. python-docx's `row.cells` lays out the grid of the whole table
    each time, which made a 1 000-row appendix quadratic (seconds); this table has no merged cells."""
    from docx.table import _Cell

    return [_Cell(tc, table) for tc in row._tr.tc_lst]


def _cell(cell, text, *, size=12, bold=False, italic=False, align=None):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.text = ""
    lines = clean(text).split("\n") or [""]
    for i, line in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.LEFT
        _docx_font(p.add_run(line), size=size, bold=bold, italic=italic)


def _rows_xml(rows: list[list[str]], widths, *, size: int) -> list:
    """Table rows (<w:tr>) of plain-text cells, written as XML and parsed once: what `_cell` and `cell.width`
    make, first column centred, without building each element through python-docx (a 1 000-task appendix
    took seconds that way). Lines become paragraphs, tabs <w:tab/>."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    rpr = _rpr_xml(size, False, False)
    out = [f"<w:tbl {nsdecls('w')}>"]
    for texts in rows:
        out.append("<w:tr>")
        for i, (text, width) in enumerate(zip(texts, widths, strict=True)):
            jc = "center" if i == 0 else "left"
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width.twips}" w:type="dxa"/></w:tcPr>')
            for line in clean(text).split("\n"):
                out.append(f'<w:p><w:pPr><w:jc w:val="{jc}"/></w:pPr><w:r>{rpr}{_text_xml(line, "")}</w:r></w:p>')
            out.append("</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return list(parse_xml("".join(out)))


def _date_line(place: str, day: dt.date) -> str:
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def aggregate_docx(data: AggregateData) -> bytes:
    from docx import Document as Docx
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    center = WD_ALIGN_PARAGRAPH.CENTER
    doc = Docx()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    from docx.oxml.ns import qn

    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    # Decree 30/2020, appendix I: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    props = doc.core_properties
    props.title = f"Báo cáo {title_text(data)}"
    props.author = "giamsat"
    props.language = "vi-VN"

    # Issuer block (left) and national motto (right).
    issuer = data.issuer
    header = doc.add_table(rows=1, cols=2)
    _no_borders(header)
    left, right = header.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(10)
    parent = (
        issuer.parent.name
        if issuer is not None and issuer.parent_id
        else f"Ủy ban nhân dân tỉnh {settings.GIAMSAT_PROVINCE}"
    ).upper()
    _cell(left, parent, size=13, align=center)
    p = left.add_paragraph()
    p.alignment = center
    _docx_font(p.add_run((issuer.name if issuer else "CƠ QUAN THEO DÕI").upper()), size=13, bold=True)
    p = left.add_paragraph()
    p.alignment = center
    _docx_font(p.add_run("Số:        /BC-"), size=13)
    _cell(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, align=center)
    p = right.add_paragraph()
    p.alignment = center
    _docx_font(p.add_run("Độc lập - Tự do - Hạnh phúc"), size=14, bold=True)
    p = right.add_paragraph()
    p.alignment = center
    _docx_font(p.add_run(_date_line(data.place, data.generated_on)), size=14, italic=True)

    _para(doc, "", after=6)
    _para(doc, "BÁO CÁO", size=14, bold=True, align=center, indent=False, after=0)
    _para(doc, title_text(data), size=14, bold=True, align=center, indent=False, after=12)

    period = data.period
    doc_ref = data.document.label
    by = issuer.name if issuer else "Cơ quan theo dõi"
    _para(
        doc,
        f"Thực hiện {doc_ref} ({clean(data.document.title)}), {by} báo cáo kết quả thực hiện "
        f"{lower_first(period.label)} (số liệu từ ngày {period.start:%d/%m/%Y} "
        f"đến ngày {period.end:%d/%m/%Y}) "
        "như sau:",
    )

    _para(doc, "I. KẾT QUẢ ĐẠT ĐƯỢC", bold=True, indent=True)
    _para(doc, "1. Kết quả chung", bold=True)
    _para(
        doc,
        f"Tổng số nhiệm vụ: {data.total}, trong đó: "
        + "; ".join(f"{label.lower()}: {n}" for _, label, n in data.counts)
        + "."
        if data.counts
        else "Văn bản chưa có nhiệm vụ nào được theo dõi.",
    )
    if data.due_done_ratio is not None:
        _para(
            doc,
            f"Nhiệm vụ đến hạn đã hoàn thành đạt {data.due_done_ratio}%; số nhiệm vụ quá hạn chiếm "
            f"{data.overdue_ratio}% tổng số nhiệm vụ.",
        )
    if data.submissions:
        c = data.submission_counts
        _para(
            doc,
            f"Chế độ báo cáo: {len(data.submissions)} cơ quan, đơn vị phải báo cáo; {c['on_time']} gửi "
            f"đúng hạn, {c['late']} gửi muộn, {c['missing']} chưa gửi (quá hạn), "
            f"{c['pending']} chưa đến hạn.",
        )
    counts_table = doc.add_table(rows=1, cols=3)
    counts_table.style = "Table Grid"
    for cell, text in zip(
        counts_table.rows[0].cells, ["Tình trạng", "Số nhiệm vụ", "Tỷ lệ (%)"], strict=True
    ):
        _cell(cell, text, bold=True, align=center)
    for _, label, n in data.counts:
        cells = counts_table.add_row().cells
        _cell(cells[0], label)
        _cell(cells[1], str(n), align=center)
        _cell(cells[2], f"{100 * n / data.total:.1f}".replace(".", ","), align=center)
    _para(doc, "", after=0)

    _para(doc, "2. Kết quả theo nhóm nhiệm vụ", bold=True)
    for i, group in enumerate(data.groups, start=1):
        _para(doc, f"2.{i}. {group.name}", bold=True, italic=True)
        parts = "; ".join(
            f"{LABELS[code].lower()}: {n}"
            for code, n in sorted(group.counts.items(), key=lambda kv: list(LABELS).index(kv[0]))
        )
        _para(doc, f"Nhóm có {group.total} nhiệm vụ ({parts}).")
        for line in group.results or ["Trong kỳ không có kết quả mới được báo cáo."]:
            _para(doc, f"- {line}")

    _para(doc, "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", bold=True)
    if data.shortcomings:
        _docx_items(doc, data.shortcomings)
    else:
        _para(doc, "Các cơ quan, đơn vị không báo cáo khó khăn, vướng mắc trong kỳ (không phát sinh).")

    _para(doc, "III. ĐỀ XUẤT, KIẾN NGHỊ", bold=True)
    if data.proposals:
        _docx_items(doc, data.proposals)
    else:
        _para(doc, "Không phát sinh.")

    _para(doc, f"Trên đây là báo cáo kết quả thực hiện {lower_first(period.label)} của {by}./.")
    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    recipients, signer = sign.rows[0].cells
    _cell(recipients, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in ["- Như trên;", "- Lưu: VT."]:
        _docx_font(recipients.add_paragraph().add_run(line), size=11)
    _cell(signer, "THỦ TRƯỞNG CƠ QUAN", size=14, bold=True, align=center)
    p = signer.add_paragraph()
    p.alignment = center
    _docx_font(p.add_run("(Ký, ghi rõ họ tên, đóng dấu)"), size=14, italic=True)

    # Appendix on landscape pages: the table is wide.
    appendix = doc.add_section(WD_SECTION.NEW_PAGE)
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Cm(29.7), Cm(21)
    appendix.left_margin, appendix.right_margin = Cm(2), Cm(1.5)
    _para(doc, "PHỤ LỤC", bold=True, align=center, indent=False, after=0)
    _para(doc, "DANH MỤC NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN", bold=True, align=center, indent=False, after=0)
    _para(
        doc,
        f"(Kèm theo Báo cáo {lower_first(title_text(data))}; tình trạng tính đến ngày {data.as_of:%d/%m/%Y})",
        italic=True,
        align=center,
        indent=False,
        after=6,
        size=13,
    )
    headers = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình trạng", "Cập nhật gần nhất"]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    _repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, size=12, bold=True, align=center)
    widths = [Cm(1.2), Cm(8), Cm(4.5), Cm(3.5), Cm(3.2), Cm(5.8)]
    for cell, width in zip(_row_cells(table, table.rows[0]), widths, strict=True):
        cell.width = width
    rows = [
        [row.task.number or "", row.task.name, row.leads, row.deadline, row.status_label, _latest_text(row.latest)]
        for row in data.tasks
    ]
    for tr in _rows_xml(rows, widths, size=11):
        table._tbl.append(tr)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------ XLSX

def safe_cell(value):
    """Clean text, and neutralize what a spreadsheet would run as a formula (core.spreadsheet)."""
    return neutralize(clean(value)) if isinstance(value, str) else value


def aggregate_xlsx(data: AggregateData) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    book.set_properties({"title": f"Báo cáo {title_text(data)}", "author": "giamsat", "language": "vi-VN"})
    head = book.add_format(
        {
            "bold": True,
            "bg_color": "#EEF2F7",
            "border": 1,
            "text_wrap": True,
            "valign": "top",
            "font_name": "Times New Roman",
        }
    )
    text = book.add_format({"text_wrap": True, "valign": "top", "font_name": "Times New Roman"})
    date = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top", "font_name": "Times New Roman"})
    number = book.add_format({"valign": "top", "font_name": "Times New Roman"})

    def sheet(name: str, headers: list[tuple[str, int]], rows: list[list]):
        ws = book.add_worksheet(name)
        for col, (title, width) in enumerate(headers):
            ws.write_string(0, col, title, head)
            ws.set_column(col, col, width)
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values):
                if value is None or value == "":
                    ws.write_blank(r, c, None, text)
                elif isinstance(value, dt.date):
                    ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date)
                elif isinstance(value, int | float):
                    ws.write_number(r, c, value, number)
                else:
                    ws.write_string(r, c, safe_cell(value), text)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
        return ws

    period = data.period
    sheet(
        "Thông tin",
        [("Mục", 28), ("Nội dung", 90)],
        [
            ["Văn bản", data.document.label],
            ["Trích yếu", data.document.title],
            ["Kỳ báo cáo", period.label],
            ["Số liệu từ ngày", period.start],
            ["Đến ngày (chốt số liệu)", period.end],
            ["Hạn gửi báo cáo", period.due_date or ""],
            ["Tình trạng nhiệm vụ tính đến", data.as_of],
            ["Ngày lập", data.generated_on],
            ["Cơ quan lập", data.issuer.name if data.issuer else ""],
            ["Tổng số nhiệm vụ", data.total],
            [
                "Nhiệm vụ đến hạn đã hoàn thành (%)",
                data.due_done_ratio if data.due_done_ratio is not None else "",
            ],
            ["Nhiệm vụ quá hạn (%)", data.overdue_ratio if data.overdue_ratio is not None else ""],
        ],
    )
    sheet(
        "Theo tình trạng",
        [("Mã", 16), ("Tình trạng", 34), ("Số nhiệm vụ", 14), ("Tỷ lệ (%)", 12)],
        [[code, label, n, round(100 * n / data.total, 1)] for code, label, n in data.counts],
    )
    status_cols = list(LABELS)
    sheet(
        "Theo nhóm",
        [("Nhóm nhiệm vụ", 60), ("Tổng số", 10)] + [(LABELS[c], 16) for c in status_cols],
        [[g.name, g.total] + [g.counts.get(c, 0) for c in status_cols] for g in data.groups],
    )
    sheet(
        "Nhiệm vụ",
        [
            ("TT", 6),
            ("Nhiệm vụ", 60),
            ("Nhóm", 30),
            ("Cơ quan chủ trì", 30),
            ("Cơ quan phối hợp", 30),
            ("Thời hạn", 26),
            ("Hạn hoàn thành", 14),
            ("Tình trạng", 28),
            ("Mã tình trạng", 14),
            ("Ngày cập nhật gần nhất", 14),
            ("Cập nhật gần nhất", 60),
        ],
        [
            [
                r.task.number,
                r.task.name,
                r.group,
                r.leads,
                r.coordinators,
                clean(r.task.deadline_text),
                r.task.status.due or "",
                r.status_label,
                r.status_code,
                r.latest.reported_on if r.latest else "",
                _latest_text(r.latest),
            ]
            for r in data.tasks
        ],
    )
    sheet(
        "Kết quả trong kỳ",
        [("Nhóm nhiệm vụ", 40), ("Kết quả", 100)],
        [[g.name, line] for g in data.groups for line in g.results],
    )
    sheet(
        "Khó khăn",
        [("Cơ quan, đơn vị", 40), ("Tồn tại, hạn chế, nguyên nhân", 100)],
        [[org, line] for org, t in data.shortcomings for line in text_lines(t)],
    )
    sheet(
        "Đề xuất",
        [("Cơ quan, đơn vị", 40), ("Đề xuất, kiến nghị", 100)],
        [[org, line] for org, t in data.proposals for line in text_lines(t)],
    )
    if data.submissions:
        sheet(
            "Nộp báo cáo",
            [("Cơ quan, đơn vị", 50), ("Tình trạng", 22), ("Gửi lúc", 18), ("Phiên bản", 10)],
            [
                [
                    org.name,
                    sub.label,
                    timezone.localtime(sub.first_sent.sent_at).strftime("%d/%m/%Y %H:%M")
                    if sub.first_sent
                    else "",
                    sub.report.version if sub.report else "",
                ]
                for org, sub in data.submissions
            ],
        )
    book.close()
    return out.getvalue()


# ------------------------------------------------------------------------------------------------ entry


def _slug(text: str) -> str:
    from giamsat.core.text import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "van-ban"


def aggregate_file(
    *, user, document_id: int, period_key: str, fmt: str, frequency: str = "", today: dt.date | None = None
) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of the aggregated report; for the office, admins and leaders."""
    if not can_aggregate(user):
        raise PermissionDeniedError("Chỉ cơ quan theo dõi, quản trị và lãnh đạo tỉnh lập báo cáo tổng hợp.")
    if fmt not in FORMATS:
        raise ApplicationError("Định dạng không hợp lệ: chọn docx hoặc xlsx.", code="invalid_format")
    document = Document.objects.select_related("issuer", "issuer__parent").filter(pk=document_id).first()
    if document is None:
        raise NotFoundError("Không tìm thấy văn bản.")
    period = aggregate_resolve_period(document, period_key, frequency=frequency)
    data = aggregate_data(document, period, today=today)
    content = aggregate_docx(data) if fmt == "docx" else aggregate_xlsx(data)
    name = f"bao-cao-tong-hop-{_slug(document.number or document.doc_type)}-{period.key.lower()}.{fmt}"
    return name, FORMATS[fmt], content
