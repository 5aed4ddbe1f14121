from datetime import date

import pytest

from giamsat.ingest.deadlines import parse_deadline, search_deadline

CASES = [
    # text, kind, due, start, recurring, recurrence
    ("Tháng 6/2025", "month", date(2025, 6, 30), None, False, None),
    ("tháng 3/2025", "month", date(2025, 3, 31), None, False, None),
    ("Tháng 02/2024", "month", date(2024, 2, 29), None, False, None),
    ("tháng 06 năm 2025", "month", date(2025, 6, 30), None, False, None),
    ("Quý 1/2026", "quarter", date(2026, 3, 31), None, False, None),
    ("Quý I/2026", "quarter", date(2026, 3, 31), None, False, None),
    ("quý IV năm 2025", "quarter", date(2025, 12, 31), None, False, None),
    ("Quý II/2026", "quarter", date(2026, 6, 30), None, False, None),
    ("6 tháng đầu năm 2026", "half", date(2026, 6, 30), None, False, None),
    ("06 tháng cuối năm 2025", "half", date(2025, 12, 31), None, False, None),
    ("Năm 2025", "year", date(2025, 12, 31), None, False, None),
    ("2025-2030", "range", date(2030, 12, 31), date(2025, 1, 1), False, None),
    ("Giai đoạn 2025 - 2030", "range", date(2030, 12, 31), date(2025, 1, 1), False, None),
    ("Giai đoạn 2025 – 2030", "range", date(2030, 12, 31), date(2025, 1, 1), False, None),
    ("trước ngày 15/6/2026", "date", date(2026, 6, 15), None, False, None),
    ("ngày 15/6/2026", "date", date(2026, 6, 15), None, False, None),
    ("Trước ngày 05/02/2026", "date", date(2026, 2, 5), None, False, None),
    ("15-6-2026", "date", date(2026, 6, 15), None, False, None),
    ("ngày 15 tháng 6 năm 2026", "date", date(2026, 6, 15), None, False, None),
    ("Thường xuyên", "continuous", None, None, True, None),
    ("Thường xuyên trong năm 2025 và các năm tiếp theo", "continuous", date(2025, 12, 31), None, True, "annual"),
    ("Thường xuyên trong\nnăm 2025 và các năm\ntiếp theo", "continuous", date(2025, 12, 31), None, True, "annual"),
    ("Hằng năm", "year", None, None, True, "annual"),
    ("Hàng năm", "year", None, None, True, "annual"),
    ("Quý 1/2026 và các năm tiếp theo", "quarter", date(2026, 3, 31), None, True, "annual"),
    ("Hằng quý", "quarter", None, None, True, "quarterly"),
    ("Hằng tháng", "month", None, None, True, "monthly"),
    ("Từ tháng 4/2025 đến tháng 12/2025", "range", date(2025, 12, 31), date(2025, 4, 1), False, None),
    ("Thực hiện thường xuyên bắt đầu từ tháng 4/2025", "continuous", None, date(2025, 4, 1), True, None),
    ("  Tháng   6/2025  ", "month", date(2025, 6, 30), None, False, None),
    ("Theo chỉ đạo của UBND tỉnh", "none", None, None, False, None),
    ("", "none", None, None, False, None),
    # bare "M/YYYY" and month ranges "10-11/2019" (not 10 November)
    ("6/2025", "month", date(2025, 6, 30), None, False, None),
    ("01/2020", "month", date(2020, 1, 31), None, False, None),
    ("10-11/2019", "range", date(2019, 11, 30), date(2019, 10, 1), False, None),
    ("01-4/2021", "range", date(2021, 4, 30), date(2021, 1, 1), False, None),
    # a list of periods shares the year written after it; the first milestone is the deadline
    ("Quý III, IV/2026", "quarter", date(2026, 9, 30), None, False, None),
    ("Quý III, IV/2026, 2027", "quarter", date(2026, 9, 30), None, False, None),
    ("Quý III, năm 2022", "quarter", date(2022, 9, 30), None, False, None),
    ("Tháng 12, năm 2022", "month", date(2022, 12, 31), None, False, None),
    ("2025 và những năm tiếp theo", "year", date(2025, 12, 31), None, True, "annual"),
    ("trước ngày 05 của tháng liền kề", "month", None, None, True, "monthly"),
    ("trước ngày 31/01 năm liền kề", "year", None, None, True, "annual"),
    # the date of a cited document is not a deadline
    ("Theo Điều 17 Nghị định số 52/2015/NĐ-CP ngày 28/5/2015 của Chính phủ", "none", None, None, False, None),
    ("Theo các mốc tại Quyết định số 12/QĐ-UBND ngày 05/3/2025", "none", None, None, False, None),
]


@pytest.mark.parametrize(("text", "kind", "due", "start", "recurring", "recurrence"), CASES)
def test_parse_deadline_forms(text, kind, due, start, recurring, recurrence):
    d = parse_deadline(text)
    assert (d.kind, d.due, d.start, d.recurring, d.recurrence) == (kind, due, start, recurring, recurrence)


def test_text_is_whitespace_normalised():
    assert parse_deadline("Thường xuyên trong\n năm 2025").text == "Thường xuyên trong năm 2025"


def test_default_year_for_recurring_and_yearless():
    assert parse_deadline("Hằng năm", default_year=2026).due == date(2026, 12, 31)
    assert parse_deadline("Tháng 6", default_year=2026).due == date(2026, 6, 30)
    assert parse_deadline("Tháng 6").due is None


def test_invalid_dates_do_not_raise():
    assert parse_deadline("ngày 31/02/2026").kind == "none"
    assert parse_deadline("tháng 13/2025").kind == "none"


def test_search_deadline_in_sentence():
    d = search_deadline("xây dựng kế hoạch cụ thể (hoàn thành trong tháng 3/2025); định kỳ sơ kết")
    assert d is not None and d.due == date(2025, 3, 31) and d.text == "tháng 3/2025"
    assert search_deadline("Tuyên truyền thường xuyên, sâu rộng") is None


def test_a_range_of_two_days_is_due_on_the_second():
    d = parse_deadline("29/6/2026 - 09/7/2026")
    assert (d.kind, d.start, d.due) == ("range", date(2026, 6, 29), date(2026, 7, 9))
    assert parse_deadline("10/7/2026 – 13/7/2026").due == date(2026, 7, 13)
