"""Task tables in column-aligned text (`pdftotext -layout` of a PDF): cells split over lines, short
cells centred on the tallest one, cells the layout ran together, numbers at the margin, page numbers.

The document is written for the test and reproduces that layout.
"""

from datetime import date

from giamsat.ingest import extract_bytes

LAYOUT = """\
                              PHỤ LỤC
              DANH MỤC CÁC NHIỆM VỤ TRỌNG TÂM GIAI ĐOẠN 2026 - 2030

                                                       Cơ quan, tổ chức     Cá nhân phụ trách      Thời hạn
TT                 Nhiệm vụ cụ thể
                                                         đảng chủ trì        chỉ đạo, đôn đốc     thực hiện
I    Các nhiệm vụ cần làm ngay trong năm 2026

     Tổ chức học tập, quán triệt Chương trình hành
     động này đến toàn thể cán bộ, đảng viên và Nhân                        Bí thư Đảng ủy các
                                                        Các cấp ủy, tổ                            Trước ngày
1    dân trong tỉnh; tạo sự thống nhất trong nhận                               xã, phường
                                                          chức đảng                               15/10/2026
     thức và hành động của cả hệ thống chính trị.
                                                     7

II   Nhiệm vụ thực hiện theo lộ trình đến năm 2030

II.1 Hoàn thiện thể chế, chính sách về môi trường
     Rà soát các văn bản quy phạm pháp luật về bảo                        Đồng chí Phó Chủ tịch
                                                         Đảng ủy UBND
 2   vệ môi trường trên địa bàn tỉnh                                       UBND tỉnh phụ trách   2026 - 2030
                                                             tỉnh
                                                                          Đồng chí Phó Chủ tịch
     Xây dựng Kế hoạch quản lý chất thải rắn giai Đảng ủy UBND
 3                                                                         UBND tỉnh phụ trách   2026 - 2027
     đoạn 2026 - 2030                                        tỉnh
12 Xây dựng cơ sở dữ liệu môi trường cấp tỉnh    Sở Nông nghiệp      Đồng chí Phó Chủ tịch 2028 - 2030
                                                        và Môi trường
"""


def test_layout_table_rows_become_tasks_with_their_cells():
    tasks = [t for t in extract_bytes(LAYOUT.encode("utf-8"), "ctr.txt").tasks if t.source == "appendix"]
    assert [t.name for t in tasks] == [
        "Tổ chức học tập, quán triệt Chương trình hành động này đến toàn thể cán bộ, đảng viên và Nhân dân "
        "trong tỉnh; tạo sự thống nhất trong nhận thức và hành động của cả hệ thống chính trị",
        "Rà soát các văn bản quy phạm pháp luật về bảo vệ môi trường trên địa bàn tỉnh",
        "Xây dựng Kế hoạch quản lý chất thải rắn giai đoạn 2026 - 2030",
        "Xây dựng cơ sở dữ liệu môi trường cấp tỉnh",
    ]
    # the agency column, not the person in charge, and not the task text it was run into
    assert [t.lead for t in tasks] == [
        ["Các cấp ủy, tổ chức đảng"], ["Đảng ủy UBND tỉnh"], ["Đảng ủy UBND tỉnh"],
        ["Sở Nông nghiệp và Môi trường"],
    ]
    assert [t.deadline.due for t in tasks] == [
        date(2026, 10, 15), date(2030, 12, 31), date(2027, 12, 31), date(2030, 12, 31)]
    # group rows ("I", "II.1") are groups, not tasks
    assert tasks[0].group.startswith("I. Các nhiệm vụ cần làm ngay")
    assert tasks[1].group.startswith("II.1. Hoàn thiện thể chế")


def test_text_without_a_task_header_keeps_its_lines():
    text = "KẾ HOẠCH\nTT    Nội dung        Mục tiêu\n1     Tỷ lệ hồ sơ trực tuyến     80%\n2     Số xã có wifi   100\n"
    extraction = extract_bytes(text.encode("utf-8"), "kh.txt")
    assert [t for t in extraction.tasks if t.source == "appendix"] == []
