"""Tables written in text: Markdown pipe tables, "a | b" rows, 2-level headers, time as the first column.

Each document here is written for the test and reproduces one layout seen in real plans.
"""

from datetime import date

from giamsat.ingest import extract_bytes

MARKDOWN = """\
| ỦY BAN NHÂN DÂN TỈNH A ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
| --- | --- |
| Số: 12/KH-UBND | *A, ngày 06 tháng 8 năm 2024* |

KẾ HOẠCH
Triển khai Chỉ thị số 13/CT-TTg

PHỤ LỤC
| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện/ hoàn thành |
| --- | --- | --- | --- | --- |
| I | Nhóm nhiệm vụ về thể chế |  |  |  |
| 1 | Rà soát quy định theo Nghị định số 06/2022/NĐ-CP. | Sở Tư pháp | Sở Nội vụ, các đơn vị có liên quan | Tháng 8/2024 |
| 2 | Xây dựng cơ sở dữ liệu dùng chung của tỉnh. | Sở Khoa học và Công nghệ | Sở Tài chính | 2024 - 2025 |
| II | Nhóm nhiệm vụ về nguồn lực |  |  |  |
| 1 | Bố trí kinh phí thực hiện các nhiệm vụ. | Sở Tài chính | Các sở, ban, ngành | Năm 2022 và hàng năm |
"""


def _tasks(text: str):
    return extract_bytes(text.encode("utf-8"), "kh.txt").tasks


def test_markdown_pipe_table_rows_are_tasks_with_their_group():
    tasks = [t for t in _tasks(MARKDOWN) if t.source == "appendix"]
    assert [t.name for t in tasks] == [
        "Rà soát quy định theo Nghị định số 06/2022/NĐ-CP",
        "Xây dựng cơ sở dữ liệu dùng chung của tỉnh",
        "Bố trí kinh phí thực hiện các nhiệm vụ",
    ]
    assert tasks[0].lead == ["Sở Tư pháp"]
    assert tasks[0].coordinators == ["Sở Nội vụ", "các đơn vị có liên quan"]
    assert tasks[0].deadline.due == date(2024, 8, 31)
    assert tasks[1].deadline.due == date(2025, 12, 31)
    assert tasks[2].deadline.recurring
    # numbering restarts in each group: numbers are made unique, the group is kept
    assert [t.no for t in tasks] == ["I.1", "I.2", "II.1"]
    assert tasks[2].group.startswith("II. Nhóm nhiệm vụ về nguồn lực")


def test_markdown_header_block_gives_number_and_a_table_citation_is_a_reference():
    result = extract_bytes(MARKDOWN.encode("utf-8"), "kh.txt")
    assert result.document.number == "12/KH-UBND"
    numbers = [r.number for r in result.references]
    assert "06/2022/NĐ-CP" in numbers
    assert "12/KH-UBND" not in numbers


NO_OUTER_PIPES = """\
DANH MỤC NHIỆM VỤ
TT | Nội dung công việc | Sản phẩm, hình thức văn bản | Cơ quan chủ trì thực hiện | Cơ quan phối hợp thực hiện | Thời gian trình
1 | Hoàn thiện hồ sơ dự án luật | Hồ sơ | Sở Tư pháp | Sở Nội vụ | Quý III, năm 2022
 | Thống kê, kiểm kê nguồn lực của tỉnh | Đề án | Sở Tài chính | Sở Xây dựng | Năm 2025; Năm 2030
2 | Trình phê duyệt quy hoạch | Quyết định | Sở Xây dựng | Sở Tài chính | Tháng 12, năm 2022
"""


def test_cells_without_outer_pipes_and_an_unnumbered_row():
    tasks = _tasks(NO_OUTER_PIPES)
    assert [t.name for t in tasks] == [
        "Hoàn thiện hồ sơ dự án luật",
        "Thống kê, kiểm kê nguồn lực của tỉnh",
        "Trình phê duyệt quy hoạch",
    ]
    assert [t.deadline.due for t in tasks] == [date(2022, 9, 30), date(2025, 12, 31), date(2022, 12, 31)]
    assert tasks[1].lead == ["Sở Tài chính"]
    assert tasks[0].product == "Hồ sơ"


TIME_FIRST = """\
NỘI DUNG CHI TIẾT
Thời gian | Nội dung công việc | Cơ quan chịu trách nhiệm quản lý nhà nước theo quy định | Thực hiện
 |  |  | Đơn vị chủ trì | Đơn vị phối hợp
I | GIAI ĐOẠN 1: LẬP NHIỆM VỤ
1 | Lập nhiệm vụ quy hoạch
10-11/2019 | Xây dựng khung định hướng quy hoạch | Cơ quan lập quy hoạch | Ban Quản lý quy hoạch | - Vụ Vật liệu xây dựng; - Vụ Pháp chế.
 | Lấy ý kiến các bộ, ngành | Cơ quan lập quy hoạch | Vụ Vật liệu xây dựng | - Văn phòng Bộ.
01/2020 | Phê duyệt nhiệm vụ lập quy hoạch | Thủ tướng Chính phủ |  |
"""


def test_time_first_two_level_header_groups_and_blank_time_filled_down():
    tasks = _tasks(TIME_FIRST)
    assert [t.name for t in tasks] == [
        "Xây dựng khung định hướng quy hoạch",
        "Lấy ý kiến các bộ, ngành",
        "Phê duyệt nhiệm vụ lập quy hoạch",
    ]
    # "Đơn vị chủ trì" under "Thực hiện" is the lead, not the role column before it ...
    assert tasks[0].lead == ["Ban Quản lý quy hoạch"]
    assert tasks[1].lead == ["Vụ Vật liệu xây dựng"]
    # ... unless the row names nobody there
    assert tasks[2].lead == ["Thủ tướng Chính phủ"]
    assert tasks[0].coordinators == ["Vụ Vật liệu xây dựng", "Vụ Pháp chế"]
    assert [t.deadline.due for t in tasks] == [date(2019, 11, 30), date(2019, 11, 30), date(2020, 1, 31)]
    assert tasks[0].group == "I.1"
    assert [t.no for t in tasks] == ["1", "2", "3"]


def test_a_vertical_bar_in_prose_is_not_a_table():
    text = "KẾ HOẠCH\nTỷ lệ A|B được giữ nguyên trong câu văn này.\n"
    result = extract_bytes(text.encode("utf-8"), "kh.txt")
    assert result.tasks == []


BROKEN = """\
KẾ HOẠCH TRIỂN KHAI NGHỊ ĐỊNH
| TT | Nội dung hoạt động | Cơ quan chủ trì | Cơ quan phối hợp |
| --- | --- | --- | --- |
Thời gian thực hiện
1
Tổ chức tuyên truyền, phổ biến Nghị định
a)
Tổ chức Hội nghị phổ biến Nghị định đến các địa phương.
Cục Lâm nghiệp và Kiểm lâm
Vụ Pháp chế; các cơ quan, đơn vị có liên quan
Quý III, IV/2026
b)
Tổ chức các chương trình truyền thông phù hợp.
Cục Lâm nghiệp và Kiểm lâm, Sở Nông nghiệp và Môi trường
Các cơ quan, đơn vị có liên quan
Thường xuyên
2
Huy động nguồn lực, thúc đẩy hợp tác quốc tế.
Sở Nông nghiệp và Môi trường các tỉnh
Vụ Hợp tác quốc tế
Thường xuyên
"""


def test_broken_table_header_pipe_row_then_one_cell_per_line_with_lettered_items():
    tasks = _tasks(BROKEN)
    assert [t.name for t in tasks] == [
        "Tổ chức Hội nghị phổ biến Nghị định đến các địa phương",
        "Tổ chức các chương trình truyền thông phù hợp",
        "Huy động nguồn lực, thúc đẩy hợp tác quốc tế",
    ]
    assert [t.no for t in tasks] == ["1.a", "1.b", "2"]
    assert tasks[0].group == "1"
    assert tasks[0].lead == ["Cục Lâm nghiệp và Kiểm lâm"]
    assert tasks[0].coordinators == ["Vụ Pháp chế", "các cơ quan, đơn vị có liên quan"]
    assert tasks[0].deadline.due == date(2026, 9, 30)
    assert tasks[1].deadline.recurring and tasks[1].deadline.due is None
    assert tasks[2].coordinators == ["Vụ Hợp tác quốc tế"]


EOFFICE_CSV = """\
Số ký hiệu,Ngày văn bản,Trích yếu,Đơn vị chủ trì,Hạn xử lý,Tình trạng
12/UBND-KT,05/03/2026,Báo cáo kết quả chuyển đổi số quý I,Sở Khoa học và Công nghệ,15/04/2026,Đang xử lý
13/UBND-KT,06/03/2026,Rà soát thủ tục hành chính,Sở Tư pháp,30/06/2026,Chưa xử lý
"""


def test_eoffice_export_keeps_the_due_dates():
    result = extract_bytes(EOFFICE_CSV.encode("utf-8"), "export.csv")
    tasks = [t for t in result.tasks if t.source == "appendix"]
    assert [(t.name, t.lead, t.deadline.due) for t in tasks] == [
        ("Báo cáo kết quả chuyển đổi số quý I", ["Sở Khoa học và Công nghệ"], date(2026, 4, 15)),
        ("Rà soát thủ tục hành chính", ["Sở Tư pháp"], date(2026, 6, 30)),
    ]
