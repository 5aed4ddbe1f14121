"""Fields read from text: references in unusual forms, reporting rules, targets, metadata.

Each document is written for the test and reproduces a form seen in real documents.
"""

from datetime import date

from giamsat.ingest import extract_bytes
from giamsat.ingest.refs import find_numbers


def _extract(text: str):
    return extract_bytes(text.encode("utf-8"), "vb.txt")


def test_letters_cited_by_their_own_identifiers_are_references():
    text = ("Xét đề nghị của các đơn vị: Công ty A tại Văn bản số 05/2026/VLN/CV-LV ngày 21/4/2026; "
            "Công ty B tại Văn bản số 01-GCN-MT ngày 21/4/2026; Công ty C tại Văn bản số 21.4/GĐN "
            "ngày 20/4/2026; Công ty D tại Văn bản số 13.4/2026/ĐN-VL ngày 13/4/2026; "
            "Công ty E tại Văn bản số 305/QLTC ngày 20/4/2026.")
    assert [n.number for n in find_numbers(text)] == [
        "05/2026/VLN/CV-LV", "01-GCN-MT", "21.4/GĐN", "13.4/2026/ĐN-VL", "305/QLTC"]


def test_standing_committee_resolutions_are_numbers():
    text = "Căn cứ Nghị quyết số 1210/2016/UBTVQH13 và Nghị quyết số 26/2022/UBTVQH15; Luật số 55/2024/QH15."
    assert [n.number for n in find_numbers(text)] == ["1210/2016/UBTVQH13", "26/2022/UBTVQH15", "55/2024/QH15"]


def test_a_count_after_so_is_not_a_reference():
    assert find_numbers("Văn bản số 5 ngày 20/4/2026 và tổng số 12 đơn vị.") == []


def _rules(sentence: str):
    text = f"KẾ HOẠCH\nIII. TỔ CHỨC THỰC HIỆN\n1. {sentence}\n"
    return [(r.period, r.due_day, r.due_month) for r in _extract(text).reporting]


def test_reporting_rule_forms():
    assert _rules("Các sở định kỳ hàng năm (trước ngày 10/12) hoặc đột xuất báo cáo Ủy ban nhân dân tỉnh.") \
        == [("annual", 10, 12)]
    assert _rules("Các sở định kỳ 6 tháng báo cáo kết quả về Sở Nội vụ trước ngày 15 tháng 6 "
                  "và trước ngày 01 tháng 12 để tổng hợp.") == [("6-month", 15, 6), ("6-month", 1, 12)]
    assert _rules("Các đơn vị báo cáo kết quả trước ngày 15/11 hằng năm gửi Sở Nội vụ.") == [("annual", 15, 11)]
    assert _rules("Các đơn vị gửi báo cáo về Văn phòng trước ngày 15 của tháng cuối quý.") == [("quarterly", 15, None)]
    assert _rules("Các đơn vị gửi báo cáo về Văn phòng trước ngày 05 của tháng liền kề.") == [("monthly", 5, None)]
    assert _rules("Hoàn thành và báo cáo UBND tỉnh trước ngày 08/02/2025.") == [("once", 8, 2)]


def test_a_plan_issued_after_the_signature_of_its_decision_is_read():
    text = ("QUYẾT NGHỊ:\nĐiều 1. Ban hành kèm theo Nghị quyết này Chương trình hành động.\n"
            "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nTM. CHÍNH PHỦ\nTHỦ TƯỚNG\n\nNguyễn Văn A\n\n"
            "CHƯƠNG TRÌNH HÀNH ĐỘNG\n(Kèm theo Nghị quyết số 88/NQ-CP ngày 22 tháng 7 năm 2022 của Chính phủ)\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Các bộ định kỳ trước ngày 31 tháng 12 hàng năm gửi Bộ Tài chính "
            "kết quả thực hiện để tổng hợp, báo cáo Thủ tướng Chính phủ.\n")
    assert [(r.period, r.due_day, r.due_month) for r in _extract(text).reporting] == [("annual", 31, 12)]


def _targets(text: str):
    return [(t.value, t.comparator, t.year) for t in _extract(text).targets]


def test_targets_take_the_horizon_of_their_heading_and_an_appendix_repeat_is_dropped():
    text = ("KẾ HOẠCH\nBảo vệ môi trường\nI. MỤC TIÊU\n1. Các chỉ tiêu chủ yếu giai đoạn 2026 - 2030\n"
            "- Tỷ lệ che phủ rừng duy trì ổn định ở mức 60%.\n"
            "- Bố trí tối thiểu 2% tổng chi ngân sách cho sự nghiệp môi trường.\n"
            "II. TỔ CHỨC THỰC HIỆN\nCác sở triển khai thực hiện.\n"
            "PHỤ LỤC 1\nCÁC CHỈ TIÊU CHỦ YẾU GIAI ĐOẠN 2026-2030\n"
            "Tỷ lệ che phủ rừng 60% UBND tỉnh\n")
    assert _targets(text) == [(60.0, "=", 2030), (2.0, ">=", 2030)]


def test_an_annual_plan_gives_its_year_and_a_comparator_carries_over():
    text = ("KẾ HOẠCH\nChuyển đổi số năm 2026\nI. MỤC TIÊU\n"
            "- Tối thiểu 50% hồ sơ được xử lý trực tuyến, 20% hồ sơ được thanh toán trực tuyến.\n")
    assert _targets(text) == [(50.0, ">=", 2026), (20.0, ">=", 2026)]


def test_a_minimum_count_and_a_requirement():
    text = ("KẾ HOẠCH\nI. MỤC TIÊU\n- Phấn đấu mỗi năm đấu giá từ 05 mỏ khoáng sản trở lên.\n"
            "- Yêu cầu 100% các dự án thực hiện nghiêm túc quy định về ký quỹ.\n")
    assert _targets(text) == [(5.0, ">=", None)]


def test_party_number_a_date_over_two_lines_and_the_issuer_in_normal_case():
    text = ("TỈNH ỦY LÀO CAI\n*\nSố 359-KH/TU\nLào Cai, ngày 15 tháng 3\nnăm 2026\n"
            "KẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW\n")
    doc = _extract(text).document
    assert (doc.number, doc.date.isoformat(), doc.issuer) == ("359-KH/TU", "2026-03-15", "Tỉnh ủy Lào Cai")


def test_issuer_of_a_ministry_in_normal_case():
    text = "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG\nSố: 09/KH-BTNMT\nHà Nội, ngày 06 tháng 8 năm 2024\nKẾ HOẠCH\nTriển khai\n"
    assert _extract(text).document.issuer == "Bộ Tài nguyên và Môi trường"


SCANNED_HEADER = """\
SỞ CÔNG THƯƠNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
ĐOÀN KIỂM TRA Độc lập - Tự do - Hạnh phúc
THEO QUYẾT ĐỊNH
SỐ 1050/QĐ-SCT Lào Cai, ngày 10 tháng 3 năm 2026

Số: 1105\u2044KH-ĐKT

KẾ HOẠCH
Kiểm tra việc sử dụng vật liệu nổ công nghiệp
"""


def test_the_number_line_with_a_colon_wins_over_a_number_in_the_issuer_name():
    # the issuer's own name ends with the decision that set it up; OCR ran the place onto that line
    # and read the slash of the real number as a fraction slash
    meta = extract_bytes(SCANNED_HEADER.encode("utf-8"), "kh.txt").document
    assert (meta.number, meta.place, meta.date) == ("1105/KH-ĐKT", "Lào Cai", date(2026, 3, 10))


def test_a_city_prefix_stays_in_the_place():
    text = "TRƯỜNG ĐẠI HỌC A\nSố: 12/KH-DCT\nTP. Hồ Chí Minh, ngày 23 tháng 6 năm 2026\nKẾ HOẠCH\nKhảo sát\n"
    assert extract_bytes(text.encode("utf-8"), "kh.txt").document.place == "TP. Hồ Chí Minh"


def test_periodic_reporting_without_a_day_gives_a_rule_per_period():
    text = "KẾ HOẠCH\nChuyển đổi số\nIII. TỔ CHỨC THỰC HIỆN\n" \
           "3. Định kỳ 06 tháng và hằng năm, các sở báo cáo kết quả về UBND tỉnh.\n"
    rules = extract_bytes(text.encode("utf-8"), "kh.txt").reporting
    assert [(r.period, r.due_day, r.to) for r in rules] == [
        ("6-month", None, "UBND tỉnh"), ("annual", None, "UBND tỉnh")]
