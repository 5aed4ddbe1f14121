"""The aggregated report as DOCX, in the administrative style of Decree 30/2020/NĐ-CP (national motto, issuer
block, place and date, title, numbered sections, appendix table, Times New Roman)."""

import copy
import datetime as dt
import io
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings

from giamsat.aggregate.data import AggregateData, clean, latest_text, lower_first, text_lines, title_text
from giamsat.metrics.definitions import format_value
from giamsat.tasks.status import LABELS


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
            f"Nhiệm vụ đến hạn đã hoàn thành đạt {format_value('due_done_share', data.due_done_ratio)} "
            f"({data.figures['tasks_due_done']}/{data.figures['tasks_due']} nhiệm vụ đến hạn); số nhiệm vụ quá "
            f"hạn chiếm {format_value('overdue_share', data.overdue_ratio)} tổng số nhiệm vụ.",
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

    if data.outreach:
        _para(doc, "3. Hoạt động tuyên truyền theo kênh", bold=True)
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ["Kênh", "Số hoạt động", "Số lượng", "Người, lượt tiếp cận"],
                              strict=True):
            _cell(cell, text, bold=True, align=center)
        for r in data.outreach:
            cells = table.add_row().cells
            _cell(cells[0], r.label)
            for cell, n in zip(cells[1:], (r.activities, r.quantity, r.reach), strict=True):
                _cell(cell, f"{n:,}".replace(",", "."), align=center)
        _para(doc, "", after=0)

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
        [row.task.number or "", row.task.name, row.leads, row.deadline, row.status_label, latest_text(row.latest)]
        for row in data.tasks
    ]
    for tr in _rows_xml(rows, widths, size=11):
        table._tbl.append(tr)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
