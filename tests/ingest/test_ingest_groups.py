"""Suggested solution groups (Resolution 57, section III) for tasks, from their words."""

import pytest

from giamsat.ingest.groups import classify_solution_group


@pytest.mark.parametrize(("text", "group"), [
    ("Tuyên truyền các quan điểm chỉ đạo, mục tiêu của Trung ương", 1),
    ("Tuyên truyền về sự thay đổi nhận thức, quyết liệt lãnh đạo, chỉ đạo tạo xung lực mới", 1),
    ("Tuyên truyền việc hoàn thiện thể chế, đưa thể chế thành lợi thế cạnh tranh", 2),
    ("Đầu tư, hoàn thiện hạ tầng cho khoa học, công nghệ", 3),
    ("Phát triển, trọng dụng nhân lực chất lượng cao, nhân tài", 4),
    ("Đẩy mạnh chuyển đổi số trong hoạt động của các cơ quan trong hệ thống chính trị", 5),
    ("Hỗ trợ doanh nghiệp đổi mới sáng tạo", 6),
    ("Tăng cường hợp tác quốc tế về khoa học", 7),
    ("Xây dựng chuyên trang trên truyền hình", 1),
    ("Mua sắm bàn ghế", None),
])
def test_classify(text, group):
    assert classify_solution_group(text) == group
