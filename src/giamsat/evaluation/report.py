"""The DOCX "Báo cáo kết quả đánh giá, xếp loại" for the emulation council, in the form of Decree 30/2020/NĐ-CP
(issuer block and national motto, place and date, title, numbered sections, signature block, recipients),
with the ranking table and the criteria set annexed."""

import io

from django.conf import settings
from django.utils import timezone

from giamsat.core.wordml import _date_line, _docx_font, new_document
from giamsat.evaluation.formulas import FORMULAS
from giamsat.evaluation.models import Criterion


def _vn(value) -> str:
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _run(paragraph, text, *, size=14, bold=False, italic=False):
    return _docx_font(paragraph.add_run(text), size=size, bold=bold, italic=italic)


def _para(container, text="", *, size=14, bold=False, italic=False, center=False, indent=True, after=6):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    p = container.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        p.paragraph_format.first_line_indent = Cm(1)
    p.paragraph_format.space_after = Pt(after)
    if text:
        _run(p, text, size=size, bold=bold, italic=italic)
    return p


def _cell(cell, text, *, size=12, bold=False, center=False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = cell.paragraphs[0]
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, str(text), size=size, bold=bold)


def _table(doc, headers, rows, *, size=12):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, size=size, bold=True, center=True)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            _cell(cell, text, size=size)
    return table


def ranking_report(evaluation, rows) -> bytes:
    doc = new_document(f"Báo cáo kết quả đánh giá, xếp loại {evaluation.period_label}")
    province = getattr(settings, "GIAMSAT_PROVINCE", "")
    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    _cell(left, f"ỦY BAN NHÂN DÂN TỈNH {province}".upper().strip(), size=13, center=True)
    _run(_para(left, center=True, after=0), "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH", size=13, bold=True)
    _run(_para(left, center=True, after=0), "Số:        /BC-VP", size=13)
    _cell(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, center=True)
    _run(_para(right, center=True, after=0), "Độc lập - Tự do - Hạnh phúc", size=14, bold=True)
    _run(_para(right, center=True, after=0), _date_line(province or "……", timezone.localdate()), italic=True)

    level = evaluation.get_level_display().lower()
    _para(doc, "", after=6)
    _para(doc, "BÁO CÁO", bold=True, center=True, after=0)
    _para(doc, f"Kết quả đánh giá, xếp loại {level} {evaluation.period_label}", bold=True, center=True, after=12)
    snap = evaluation.criteria_snapshot
    _para(doc, f"Căn cứ {snap.get('name')} (phiên bản {snap.get('version')}) và số liệu theo dõi trên hệ thống "
               f"giám sát thực hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 tính đến ngày "
               f"{evaluation.as_of:%d/%m/%Y}, Văn phòng Ủy ban nhân dân tỉnh báo cáo kết quả đánh giá, xếp loại "
               f"{level} {evaluation.period_label} như sau:")
    results = [r.result for r in rows]
    _para(doc, "I. KẾT QUẢ CHUNG", bold=True)
    counts = {}
    for r in results:
        counts[r.band] = counts.get(r.band, 0) + 1
    bands = "; ".join(f"loại {b['name']}: {counts.get(b['name'], 0)}" for b in snap.get("bands", []))
    _para(doc, f"Số cơ quan, đơn vị được đánh giá: {len(results)}; trong đó {bands}.")
    if results:
        average = sum(float(r.score) for r in results) / len(results)
        _para(doc, f"Điểm bình quân: {_vn(average)} điểm; cao nhất {_vn(results[0].score)} điểm "
                   f"({results[0].organization.name}); thấp nhất {_vn(results[-1].score)} điểm "
                   f"({results[-1].organization.name}).")
    _para(doc, "II. KẾT QUẢ XẾP HẠNG, XẾP LOẠI", bold=True)
    _table(doc, ["Hạng", "Cơ quan, đơn vị", "Người đứng đầu", "Điểm", "Xếp loại", "So với kỳ trước"],
           [[r.result.rank, r.result.organization.name, r.result.head_name, _vn(r.result.score), r.result.band,
             "" if r.score_change is None else f"{r.score_change:+.2f}".replace(".", ",")] for r in rows], size=11)
    _para(doc, "", after=0)
    _para(doc, "III. ĐỀ NGHỊ", bold=True)
    _para(doc, "Văn phòng Ủy ban nhân dân tỉnh kính trình Hội đồng Thi đua - Khen thưởng tỉnh xem xét, sử dụng kết "
               "quả đánh giá, xếp loại nêu trên làm căn cứ đánh giá, xếp loại mức độ hoàn thành nhiệm vụ năm của tập "
               "thể và người đứng đầu cơ quan, đơn vị, và bình xét thi đua, khen thưởng theo quy định.")
    sign = doc.add_table(rows=1, cols=2)
    recipients, signer = sign.rows[0].cells
    _run(recipients.paragraphs[0], "Nơi nhận:", size=12, bold=True, italic=True)
    for line in ["- Hội đồng Thi đua - Khen thưởng tỉnh;", "- Thường trực UBND tỉnh;",
                 "- Các cơ quan, đơn vị được đánh giá;", "- Lưu: VT."]:
        _run(_para(recipients, indent=False, after=0), line, size=11)
    _cell(signer, "CHÁNH VĂN PHÒNG", bold=True, center=True)

    doc.add_page_break()
    _para(doc, "PHỤ LỤC", bold=True, center=True, after=0)
    _para(doc, f"{snap.get('name')} (phiên bản {snap.get('version')})", bold=True, center=True, after=0)
    _para(doc, f"(Kèm theo Báo cáo kết quả đánh giá, xếp loại {evaluation.period_label})", italic=True,
          center=True, after=12)
    kinds = dict(Criterion.Kind.choices)
    _table(doc, ["Mã", "Nhóm, tiêu chí", "Loại", "Điểm tối đa", "Cách tính"],
           [[c["code"], f"{c['group']}: {c['name']}", kinds.get(c["kind"], ""), _vn(c["max_points"]),
             FORMULAS[c["formula"]].label if c["formula"] in FORMULAS else ""] for c in snap.get("criteria", [])],
           size=11)
    _para(doc, "", after=0)
    _para(doc, f"Hệ số: cơ quan chủ trì {_vn(snap.get('lead_weight', 1))}, cơ quan phối hợp "
               f"{_vn(snap.get('coordinator_weight', 0))}; mức ưu tiên của nhiệm vụ nhân 1 đến 3. Điểm thưởng tối "
               f"đa {_vn(snap.get('bonus_cap', 0))} điểm, điểm trừ tối đa {_vn(snap.get('penalty_cap', 0))} điểm; "
               "tổng điểm từ 0 đến 100.")
    bands = snap.get("bands", [])
    parts = []
    for i, b in enumerate(bands):
        upper = "100" if i == 0 else f"dưới {_vn(bands[i - 1]['min'])}"
        parts.append(f"loại {b['name']}: từ {_vn(b['min'])} đến {upper} điểm")
    _para(doc, "Xếp loại: " + "; ".join(parts) + ".")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
