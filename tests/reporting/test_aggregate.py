"""The aggregated report: generated from the cycle, opened with python-docx and openpyxl, content checked."""

import datetime as dt
import io

import pytest
from docx import Document as Docx
from openpyxl import load_workbook

from giamsat.aggregate.data import aggregate_data, aggregate_resolve_period
from giamsat.aggregate.xlsx import safe_cell
from giamsat.core.actors import SYSTEM
from giamsat.tasks.services import progress_update_create, task_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/aggregate"


@pytest.fixture
def tricky(province, cycle):
    """Spreadsheet-formula text from users, and an agency without a report whose update speaks for it."""
    progress_update_create(
        user=province["users"]["focal_science"],
        task=province["tasks"]["science"],
        state="in_progress",
        narrative="Khảo sát hạ tầng dữ liệu",
        difficulties='=HYPERLINK("http://x.example","bấm")',
        proposals="+1 máy chủ",
        reported_on=dt.date(2026, 1, 6),
    )
    task_create(
        actor=SYSTEM,
        document=province["doc"],
        number="4",
        name="=1+1 Nhiệm vụ thử",
        deadline_text="Năm 2026",
        leads=[province["orgs"]["science"]],
    )
    return cycle


def _docx_text(content: bytes) -> tuple[str, Docx]:
    doc = Docx(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts), doc


def test_docx_in_administrative_style(client, province, tricky, bearer):
    response = client.get(
        URL,
        {"document": province["doc"].pk, "period": "2026-01", "format": "docx"},
        **bearer(province["users"]["office"]),
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert 'filename="bao-cao-tong-hop-2653-kh-ubnd-2026-01.docx"' in response["Content-Disposition"]
    text, doc = _docx_text(response.content)
    header = doc.tables[0].rows[0].cells
    assert "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU" in header[0].text and "VĂN PHÒNG UBND TỈNH" in header[0].text
    assert (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text
        and "Độc lập - Tự do - Hạnh phúc" in header[1].text
    )
    assert "Lai Châu, ngày 10 tháng 01 năm 2026" in header[1].text
    paragraphs = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in paragraphs
    assert "Kết quả thực hiện Kế hoạch số 2653/KH-UBND tháng 01/2026" in paragraphs
    order = [
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "1. Kết quả chung",
        "2. Kết quả theo nhóm nhiệm vụ",
        "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        "PHỤ LỤC",
    ]
    assert [paragraphs.index(h) for h in order] == sorted(paragraphs.index(h) for h in order)
    assert "số liệu từ ngày 15/12/2025 đến ngày 14/01/2026" in text
    assert "Tổng số nhiệm vụ: 4, trong đó: chưa triển khai: 2; chưa hoàn thành – trong hạn: 2." in text
    # Section I: the result of the period; section II: the sent report speaks for Sở VHTTDL,
    # the update for Sở KH&CN.
    assert "Sở VHTTDL (nhiệm vụ 1): Đăng 12 tin, bài trên Cổng thông tin điện tử" in text
    section_two = "\n".join(paragraphs[paragraphs.index(order[3]) : paragraphs.index(order[4])])
    assert (
        "- Sở VHTTDL: Nhiệm vụ 1. Tuyên truyền mục tiêu của tỉnh: Thiếu kinh phí in ấn tài liệu"
        in section_two
    )
    assert '- Sở KH&CN (nhiệm vụ 2): =HYPERLINK("http://x.example","bấm")' in section_two
    section_three = "\n".join(paragraphs[paragraphs.index(order[4]) : paragraphs.index(order[5])])
    assert "Đề nghị bổ sung kinh phí" in section_three and "+1 máy chủ" in section_three
    assert "1 gửi đúng hạn, 0 gửi muộn, 0 chưa gửi (quá hạn), 1 chưa đến hạn" in text
    # Appendix: every task with its lead, deadline, status and latest update.
    appendix = doc.tables[-1]
    assert [c.text for c in appendix.rows[0].cells] == [
        "TT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Thời hạn",
        "Tình trạng",
        "Cập nhật gần nhất",
    ]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in appendix.rows[1:]}
    assert set(rows) == {"1", "2", "3", "4"}
    assert rows["1"][2] == "Sở VHTTDL" and rows["1"][3] == "Tháng 6/2026 (hạn 30/06/2026)"
    assert rows["1"][4] == "Chưa hoàn thành – trong hạn"
    assert rows["1"][5].startswith("05/01/2026 – Sở VHTTDL: Đang thực hiện 40%")
    assert rows["3"][2] == "Sở VHTTDL; Sở KH&CN" and rows["3"][5] == "Chưa có cập nhật"
    assert rows["2"][5].startswith("06/01/2026 – Sở KH&CN")
    # Times New Roman everywhere (Decree 30/2020).
    assert doc.styles["Normal"].font.name == "Times New Roman"
    fonts = {run.font.name for p in doc.paragraphs for run in p.runs}
    fonts |= {
        run.font.name
        for t in doc.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for run in p.runs
    }
    assert fonts <= {"Times New Roman", None}


def test_xlsx_one_sheet_per_table_with_filters_and_safe_cells(client, province, tricky, bearer):
    province["orgs"]["culture"].identifier_code = "000.00.12.H34"
    province["orgs"]["culture"].save(update_fields=["identifier_code"])
    response = client.get(
        URL,
        {"document": province["doc"].pk, "period": "2026-01", "format": "xlsx"},
        **bearer(province["users"]["leader"]),
    )
    assert response.status_code == 200 and response["Content-Type"].endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Thông tin",
        "Theo tình trạng",
        "Theo nhóm",
        "Nhiệm vụ",
        "Kết quả trong kỳ",
        "Khó khăn",
        "Đề xuất",
        "Nộp báo cáo",
    ]
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
    tasks = book["Nhiệm vụ"]
    header = [c.value for c in tasks[1]]
    assert header[:4] == ["TT", "Nhiệm vụ", "Nhóm", "Cơ quan chủ trì"] and "Tình trạng" in header
    rows = {r[0]: r for r in tasks.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"1", "2", "3", "4"}
    assert rows["1"][header.index("Tình trạng")] == "Chưa hoàn thành – trong hạn"  # labels, no codes (#21)
    assert "Mã tình trạng" not in header
    assert rows["1"][header.index("Hạn hoàn thành")] == dt.datetime(2026, 6, 30)
    assert rows["4"][1] == "'=1+1 Nhiệm vụ thử"
    status = {r[0]: r[1] for r in book["Theo tình trạng"].iter_rows(min_row=2, values_only=True)}
    assert status == {"Chưa triển khai": 2, "Chưa hoàn thành – trong hạn": 2}  # labels, no internal codes (#21)
    difficulties = [r[1] for r in book["Khó khăn"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x.example","bấm")' in difficulties
    assert "'+1 máy chủ" in [r[1] for r in book["Đề xuất"].iter_rows(min_row=2, values_only=True)]
    # No cell anywhere is a formula, and no text cell starts with a formula character.
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), (
                        ws.title,
                        cell.coordinate,
                        cell.value,
                    )
    submissions = {r[0]: r[1:3] for r in book["Nộp báo cáo"].iter_rows(min_row=2, values_only=True)}
    assert submissions == {
        "Sở Văn hóa, Thể thao và Du lịch": ("000.00.12.H34", "Đúng hạn"),  # its identifier (QCVN 102)
        "Sở Khoa học và Công nghệ": (None, "Chưa đến hạn"),  # no identifier recorded: a blank cell
    }
    assert rows["1"][header.index("Mã định danh / mã ĐVHC cơ quan chủ trì")] == "000.00.12.H34"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+84", "'+84"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("Bình thường", "Bình thường"),
        ("a\x00b", "ab"),
        (12, 12),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_aggregate_permissions_and_bad_input(client, province, cycle, bearer):
    doc = province["doc"].pk
    params = {"document": doc, "period": "2026-01", "format": "docx"}
    users = province["users"]
    for role, code in [
        ("admin", 200),
        ("office", 200),
        ("leader", 200),
        ("inspector", 403),
        ("focal_culture", 403),
        ("head_culture", 403),
    ]:
        response = client.get(URL, params, **bearer(users[role]))
        assert response.status_code == code, role
        if code == 403:
            assert "cơ quan theo dõi" in response.json()["detail"]
    assert client.get(URL, params).status_code == 401
    office = bearer(users["office"])
    bad = client.get(URL, {**params, "period": "2026-13"}, **office)
    assert bad.status_code == 400 and "YYYY-MM" in bad.json()["detail"]
    assert (
        client.get(URL, {**params, "format": "pdf"}, **office)
        .json()["detail"]
        .startswith("Định dạng không hợp lệ")
    )
    assert client.get(URL, {**params, "document": 99999}, **office).status_code == 404
    no_period = client.get(URL, {"document": doc}, **office)  # period is required
    assert no_period.status_code == 422 and no_period.json()["code"] == "validation"


def test_period_resolution(province, rule, periods):
    from giamsat.reporting.models import ReportingRule
    from giamsat.reporting.period_services import periods_open

    doc = province["doc"]
    assert aggregate_resolve_period(doc, "2026-01").period == periods["2026-01"]
    quarter = aggregate_resolve_period(doc, "2026-Q1")  # no quarterly rule: computed from the key
    assert (quarter.label, quarter.start, quarter.end, quarter.period) == (
        "Quý I/2026",
        dt.date(2025, 12, 15),
        dt.date(2026, 3, 14),
        None,
    )
    ReportingRule.objects.create(document=doc, frequency="6-month", due_day=15, due_month=6)
    periods_open(dt.date(2026, 1, 10))
    # In December the monthly and the six-monthly periods both end; the monthly one is the month's report.
    assert aggregate_resolve_period(doc, "2025-12").label == "Tháng 12/2025"
    assert aggregate_resolve_period(doc, "2025-12", frequency="6-month").label == "6 tháng cuối năm 2025"
    assert aggregate_resolve_period(doc, "2025-h2").label == "6 tháng cuối năm 2025"


def test_status_counts_are_taken_at_the_cut_off(province, cycle):
    """An update after the cut-off (14/01) does not count in January's report."""
    import time_machine

    task = province["tasks"]["science"]
    with time_machine.travel(dt.datetime(2026, 1, 20, 9, tzinfo=dt.timezone(dt.timedelta(hours=7)))):
        progress_update_create(
            user=province["users"]["focal_science"],
            task=task,
            state="done",
            links=["https://minhchung.example/1"],
            narrative="Hoàn thành",
            reported_on=dt.date(2026, 1, 18),
        )
        period = aggregate_resolve_period(province["doc"], "2026-01")
        data = aggregate_data(province["doc"], period)
        assert data.as_of == dt.date(2026, 1, 14)
        assert dict((c, n) for c, _, n in data.counts) == {"not_started": 2, "in_progress": 1}
        feb = aggregate_data(province["doc"], aggregate_resolve_period(province["doc"], "2026-02"))
        assert dict((c, n) for c, _, n in feb.counts)["done_on_time"] == 1


def test_aggregate_page_downloads_and_shows_errors(client, province, cycle):
    client.force_login(province["users"]["office"])
    page = client.get("/bao-cao/tong-hop/")
    assert page.status_code == 200 and "Tháng 1/2026" in page.content.decode()
    assert '<option value="2026-01">Tháng 1/2026</option>' in page.content.decode()  # chosen in words (#21)
    file = client.get(
        "/bao-cao/tong-hop/", {"document": province["doc"].pk, "period": "2026-01", "format": "xlsx"}
    )
    assert file.status_code == 200 and file["Content-Disposition"].startswith("attachment;")
    bad = client.get(
        "/bao-cao/tong-hop/", {"document": province["doc"].pk, "period": "tháng 1", "format": "docx"}
    )
    assert bad.status_code == 400 and "Kỳ đã chọn không có trong danh sách" in bad.content.decode()


def test_appendix_rows_written_as_xml_read_back_like_python_docx_cells():
    """`_rows_xml` writes what `_cell` and `cell.width` would: lines, tabs, markup-like text, widths, fonts."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from giamsat.core.wordml import _rows_xml

    doc = Docx()
    table = doc.add_table(rows=0, cols=3)
    widths = [Cm(1.2), Cm(8), Cm(4.5)]
    for tr in _rows_xml([["1", "dòng một\ndòng hai", "a\tb <c> & \"d\"\x07"]], widths, size=11):
        table._tbl.append(tr)
    reread = Docx(_saved(doc)).tables[0]
    cells = reread.rows[0].cells
    assert [c.text for c in cells] == ["1", "dòng một\ndòng hai", 'a\tb <c> & "d"']
    assert [c.width.twips for c in cells] == [w.twips for w in widths]  # what `cell.width = w` stores
    assert cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert cells[1].paragraphs[1].alignment == WD_ALIGN_PARAGRAPH.LEFT
    run = cells[1].paragraphs[1].runs[0]
    assert (run.font.name, run.font.size, run.bold) == ("Times New Roman", Pt(11), False)


def _saved(doc) -> io.BytesIO:
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out


def test_paragraphs_copied_from_their_first_build_keep_text_and_format():
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from giamsat.core.wordml import _para

    doc = Docx()
    for text in ("Kết quả: 12 tin, bài", "dòng một\ndòng hai\tcột <b> & c"):
        _para(doc, text)  # the first builds the format through python-docx, the second copies it
    _para(doc, "PHỤ LỤC", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=0)
    paragraphs = Docx(_saved(doc)).paragraphs[-3:]
    assert [p.text for p in paragraphs] == ["Kết quả: 12 tin, bài", "dòng một\ndòng hai\tcột <b> & c", "PHỤ LỤC"]
    for p in paragraphs[:2]:
        fmt = p.paragraph_format
        assert (p.alignment, fmt.first_line_indent.twips, fmt.space_after) == (
            WD_ALIGN_PARAGRAPH.JUSTIFY, Cm(1).twips, Pt(6))
        assert (p.runs[0].font.name, p.runs[0].font.size, p.runs[0].bold) == ("Times New Roman", Pt(14), False)
    last = paragraphs[2]
    assert (last.alignment, last.paragraph_format.first_line_indent, last.runs[0].bold) == (
        WD_ALIGN_PARAGRAPH.CENTER, None, True)
