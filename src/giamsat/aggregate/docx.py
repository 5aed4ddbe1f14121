"""The aggregated report as DOCX, in the administrative style of Decree 30/2020/NĐ-CP (national motto, issuer
block, place and date, title, numbered sections, appendix table, Times New Roman)."""

import io

from giamsat.aggregate.data import AggregateData, clean, latest_text, lower_first, text_lines, title_text
from giamsat.aggregate.headings import abbreviation
from giamsat.core.wordml import (
    _cell,
    _date_line,
    _docx_font,
    _no_borders,
    _para,
    _repeat_header,
    _row_cells,
    _rows_xml,
    decree30_header,
    new_document,
)
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


def aggregate_docx(data: AggregateData) -> bytes:
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    center = WD_ALIGN_PARAGRAPH.CENTER
    doc = new_document(f"Báo cáo {title_text(data)}")

    issuer = data.issuer
    decree30_header(doc, issuer, number=f"Số:        /BC-{abbreviation(issuer) or 'UBND'}",
                    place_date=_date_line(data.place, data.generated_on))
    _para(doc, "", after=6)
    _para(doc, "BÁO CÁO", size=14, bold=True, align=center, indent=False, after=0)
    _para(doc, title_text(data), size=14, bold=True, align=center, indent=False, after=12)
    if data.addressee:
        _para(doc, f"Kính gửi: {data.addressee}.", size=14, align=center, indent=False, after=12)

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
