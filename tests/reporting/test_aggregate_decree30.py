"""The aggregated report's Decree 30 parts (#21): "Số: …/BC-<issuer's abbreviation>", "Kính gửi" when the
plan names whom it reports to, headings from the plan's own section titles, a header whose lines fit."""

import io

import pytest
from docx import Document as Docx

from giamsat.aggregate.headings import abbreviation, section_titles
from giamsat.core.wordml import CELL_MARGINS_CM, HEADER_WIDTHS_CM, width_em

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/aggregate"


def _get(client, province, bearer) -> Docx:
    response = client.get(URL, {"document": province["doc"].pk, "period": "2026-01", "format": "docx"},
                          **bearer(province["users"]["office"]))
    assert response.status_code == 200
    return Docx(io.BytesIO(response.content))


def test_section_titles_are_read_from_the_plan():
    text = "I. MỤC ĐÍCH\n1. Mục đích\nII. NHIỆM VỤ, GIẢI PHÁP\n1. Hoàn thiện thể chế. Rà soát các văn bản\n" \
           "2. PHÁT TRIỂN HẠ TẦNG SỐ\n2.1. Mạng 5G"
    titles = section_titles(text)
    assert titles["II.1"] == "Hoàn thiện thể chế" and titles["II.2"] == "Phát triển hạ tầng số"
    assert titles["2.1"] == "Mạng 5G" and titles["II"] == "Nhiệm vụ, giải pháp"


def test_the_number_the_addressee_and_the_headings(client, province, cycle, bearer):
    from giamsat.reporting.models import ReportingRule

    doc = province["doc"]
    doc.full_text = "II. NHIỆM VỤ, GIẢI PHÁP\n1. Tuyên truyền, nâng cao nhận thức\n2. Phát triển hạ tầng dữ liệu"
    doc.save()
    tasks = province["tasks"]
    for key, section in (("culture", "II.1"), ("science", "II.2"), ("both", "V.3")):
        tasks[key].section = section
        tasks[key].save()
    word = _get(client, province, bearer)
    header = word.tables[0].rows[0].cells
    assert "Số:        /BC-VP" in header[0].text  # the office receives the reports: it issues this one
    paragraphs = [p.text for p in word.paragraphs]
    assert "2.1. Tuyên truyền, nâng cao nhận thức" in paragraphs
    assert "2.2. Phát triển hạ tầng dữ liệu" in paragraphs
    assert "2.3. Mục V.3" in paragraphs  # no such heading in the plan: its number, as before
    assert not any(p.startswith("Kính gửi") for p in paragraphs)  # the recipient is the issuer itself

    # A plan reporting to a body outside the system: the province reports, to it.
    ReportingRule.objects.filter(document=doc).update(recipient=None, recipient_text="Bộ Khoa học và Công nghệ")
    word = _get(client, province, bearer)
    assert "Số:        /BC-UBND" in word.tables[0].rows[0].cells[0].text
    paragraphs = [p.text for p in word.paragraphs]
    assert "Kính gửi: Bộ Khoa học và Công nghệ." in paragraphs
    assert paragraphs.index("Kính gửi: Bộ Khoa học và Công nghệ.") == paragraphs.index("BÁO CÁO") + 2


def test_the_header_lines_fit_their_columns(client, province, cycle, bearer):
    from docx.oxml.ns import qn

    word = _get(client, province, bearer)
    table = word.tables[0]
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [round(w / 2.54 * 1440) for w in HEADER_WIDTHS_CM]
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    for cell, width in zip(table.rows[0].cells, HEADER_WIDTHS_CM, strict=True):
        room = (width - CELL_MARGINS_CM) / 2.54 * 72
        for p in cell.paragraphs:
            for run in p.runs:
                assert width_em(run.text, bold=bool(run.bold)) * run.font.size.pt <= room, run.text
    assert [p.text for p in table.rows[0].cells[0].paragraphs][:2] == ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"]


def test_abbreviations(province):
    assert abbreviation(province["orgs"]["ubnd"]) == "UBND"
    assert abbreviation(province["orgs"]["culture"]) == "SVHTTDL"


@pytest.mark.parametrize("day, expected", [
    ("2026-02-05", "Lai Châu, ngày 05 tháng 02 năm 2026"),
    ("2026-06-25", "Lai Châu, ngày 25 tháng 6 năm 2026"),
    ("2026-12-09", "Lai Châu, ngày 09 tháng 12 năm 2026"),
])
def test_the_place_and_date_line_pads_only_days_below_10_and_months_1_and_2(day, expected):
    # Decree 30 (VN-CONVENTIONS.md): every Word document of the system writes its date line this one way.
    import datetime as dt

    from giamsat.core.wordml import _date_line

    assert _date_line("Lai Châu", dt.date.fromisoformat(day)) == expected
