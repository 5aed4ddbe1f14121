"""An agency's own periodic report as DOCX for signing (Decree 30/2020 form): its organization and the body
above it, "Số: …/BC-<abbreviation>", the place and date, BÁO CÁO with the plan and the period, "Kính gửi"
the recipient the plan names, the four parts the agency wrote, "Nơi nhận" and the signature block."""

import io

from django.conf import settings
from django.utils import timezone

from giamsat.aggregate.data import clean, lower_first, text_lines
from giamsat.aggregate.headings import abbreviation
from giamsat.core.wordml import _cell, _date_line, _docx_font, _no_borders, _para, decree30_header, new_document

PARTS = (
    ("results", "I. KẾT QUẢ ĐẠT ĐƯỢC"),
    ("shortcomings", "II. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN"),
    ("next_tasks", "III. NHIỆM VỤ, GIẢI PHÁP KỲ TỚI"),
    ("proposals", "IV. ĐỀ XUẤT, KIẾN NGHỊ"),
)


def signature(doc, *, recipients: list[str], signer: str = "THỦ TRƯỞNG CƠ QUAN") -> None:
    """"Nơi nhận:" with its lines (bottom left) and the signer's title with room to sign (bottom right)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    _cell(left, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in recipients:
        _docx_font(left.add_paragraph().add_run(line), size=11)
    _cell(right, signer, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_font(p.add_run("(Ký, ghi rõ họ tên, đóng dấu)"), size=14, italic=True)


def report_docx(report, *, today=None) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    today = today or timezone.localdate()
    center = WD_ALIGN_PARAGRAPH.CENTER
    period, org = report.period, report.organization
    plan = period.rule.document
    title = f"Kết quả thực hiện {plan.label} {lower_first(period.label)}"
    doc = new_document(f"Báo cáo {title}")
    place = plan.place or settings.GIAMSAT_PROVINCE
    decree30_header(doc, org, number=f"Số:        /BC-{abbreviation(org)}", place_date=_date_line(place, today))
    _para(doc, "", after=6)
    _para(doc, "BÁO CÁO", bold=True, align=center, indent=False, after=0)
    _para(doc, title, bold=True, align=center, indent=False, after=12)
    rule = period.rule
    addressee = rule.recipient.name if rule.recipient_id else clean(rule.recipient_text)
    if addressee:
        _para(doc, f"Kính gửi: {addressee}.", align=center, indent=False, after=12)
    _para(doc, f"Thực hiện {plan.label} ({clean(plan.title)}), {org.name} báo cáo kết quả thực hiện "
               f"{lower_first(period.label)} (số liệu từ ngày {period.start:%d/%m/%Y} đến ngày "
               f"{period.end:%d/%m/%Y}) như sau:")
    if report.nothing_to_report:
        _para(doc, "Trong kỳ, đơn vị không phát sinh nội dung báo cáo.")
    for field, heading in PARTS:
        _para(doc, heading, bold=True)
        for line in text_lines(getattr(report, field)) or ["Không phát sinh."]:
            _para(doc, line if line.startswith(("-", "+")) else f"- {line}")
    _para(doc, f"Trên đây là báo cáo kết quả thực hiện {lower_first(period.label)} của {org.name}./.")
    signature(doc, recipients=["- Như trên;", "- Lưu: VT."])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
