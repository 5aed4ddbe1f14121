"""Fields read from text: references in unusual forms, reporting rules, targets, metadata.

Each document is written for the test and reproduces a form seen in real documents.
"""

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
