"""Word (DOCX) building blocks in the administrative style of Decree 30/2020/NĐ-CP: the page (A4, margins,
Times New Roman 14 pt), Times New Roman runs, justified paragraphs, borderless layout tables, fast table rows,
and the top of a document (issuer, number, national motto, place and date). Used by every DOCX the system
writes: the aggregated report, agencies' reports and urging letters (aggregate), the evaluation report
(evaluation); those apps are siblings and cannot import each other, so the one version lives here."""

import copy
import datetime as dt
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings

from giamsat.core.text import clean_ooxml as clean

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
    # Decree 30: days below 10 and the months 1 and 2 take a leading zero ("ngày 05 tháng 02", "tháng 6").
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _fixed_widths(table, widths) -> None:
    """Columns of these widths whatever the text (Word otherwise shares the width evenly and wraps)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width.twips))
    for row in table.rows:
        for cell, width in zip(_row_cells(table, row), widths, strict=True):
            cell.width = width


HEADER_WIDTHS_CM = (6.5, 10.0)  # the issuer's block and the national motto: 16.5 cm between the margins
CELL_MARGINS_CM = 0.4  # Word's default left and right cell margins together


def width_em(text: str, *, bold: bool = False) -> float:
    """The width of `text` in Times New Roman, in ems, estimated (capitals ≈ 0.7 em, a bold one 0.75)."""
    em = 0.0
    for ch in text:
        if ch == " ":
            em += 0.25
        elif ch.isupper():
            em += 0.75 if bold else 0.7
        elif ch.isalnum():
            em += 0.5
        else:
            em += 0.3
    return em


def fit_lines(text: str, *, width_cm: float, size: int, bold: bool = False) -> list[str]:
    """`text` broken at spaces into lines that fit `width_cm` at `size` points, as officials break
    "ỦY BAN NHÂN DÂN / TỈNH LAI CHÂU": the document decides where a line ends, not Word."""
    room_pt = (width_cm - CELL_MARGINS_CM) / 2.54 * 72
    words = text.split()

    def fits(line: str) -> bool:
        return width_em(line, bold=bold) * size <= room_pt

    if fits(text) or not words:
        return [text]
    halves = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    balanced = [h for h in halves if fits(h[0]) and fits(h[1])]
    if balanced:  # two lines of about the same length
        return list(min(balanced, key=lambda h: max(width_em(h[0]), width_em(h[1]))))
    lines: list[str] = []
    for word in words:
        if lines and width_em(f"{lines[-1]} {word}", bold=bold) * size <= room_pt:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _lines(cell, text: str, *, width_cm: float, size: int, bold: bool = False, italic: bool = False,
           first: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for i, line in enumerate(fit_lines(text, width_cm=width_cm, size=size, bold=bold)):
        p = cell.paragraphs[0] if first and i == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _docx_font(p.add_run(line), size=size, bold=bold, italic=italic)


def decree30_header(doc, issuer, *, number: str, place_date: str, subject: str = "") -> None:
    """The top of a Decree 30 document: the governing body and the issuer (bold) with the number (and a
    công văn's "V/v …") on the left; the national motto, the motto line and the place and date on the
    right. Fixed column widths and 12–13 pt, so that no line wraps."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    header = doc.add_table(rows=1, cols=2)
    _no_borders(header)
    _fixed_widths(header, [Cm(w) for w in HEADER_WIDTHS_CM])
    left, right = header.rows[0].cells
    (lw, rw), cell_ = HEADER_WIDTHS_CM, {"first": True}
    parent = (
        issuer.parent.name
        if issuer is not None and issuer.parent_id
        else f"Ủy ban nhân dân tỉnh {settings.GIAMSAT_PROVINCE}"
    ).upper()
    own = (issuer.name if issuer else "CƠ QUAN THEO DÕI").upper()
    if own != parent:
        _lines(left, parent, width_cm=lw, size=12, first=True)
        cell_["first"] = False
    _lines(left, own, width_cm=lw, size=12, bold=True, first=cell_["first"])
    p = left.add_paragraph()  # the number's blank is kept as typed: the clerk writes the number in it
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_font(p.add_run(number), size=13)
    if subject:
        _lines(left, subject, width_cm=lw, size=12)
    _lines(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", width_cm=rw, size=12, bold=True, first=True)
    _lines(right, "Độc lập - Tự do - Hạnh phúc", width_cm=rw, size=13, bold=True)
    _lines(right, place_date, width_cm=rw, size=13, italic=True)


def new_document(title: str):
    """An A4 Word document in Times New Roman 14 pt with Decree 30's margins (appendix I: top/bottom
    20–25 mm, left 30–35 mm, right 15–20 mm); every DOCX the system writes starts from it."""
    from docx import Document as Docx
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Docx()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    doc.core_properties.title = title
    doc.core_properties.author = "giamsat"
    doc.core_properties.language = "vi-VN"
    return doc
