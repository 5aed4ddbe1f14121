"""A document's text cut into the parts officials cite, wrapped lines joined back."""

from giamsat.qa.bm25 import query_terms
from giamsat.qa.sections import split_sections

TEXT = """QUYẾT ĐỊNH
Ban hành Quy chế phối hợp

Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc phối hợp giữa các
sở, ban, ngành trong thực hiện Nghị quyết 57-NQ/TW.
Điều 2. Nguyên tắc phối hợp
- Bảo đảm sự lãnh đạo thống nhất.
- Phát huy trách nhiệm người đứng đầu.
Mục 2. TRÁCH NHIỆM
Sở Khoa học và Công nghệ là cơ quan thường trực.
PHỤ LỤC
Danh mục nhiệm vụ năm 2026
"""


def test_articles_parts_and_appendix_are_cut_with_their_paths():
    sections = split_sections(TEXT)
    assert [s.path for s in sections] == ["", "Chương I", "Điều 1", "Điều 2", "Mục 2", "Phụ lục"]
    article = sections[2]
    assert article.text == ("Điều 1. Phạm vi điều chỉnh\nQuy chế này quy định việc phối hợp giữa các sở, ban, ngành "
                            "trong thực hiện Nghị quyết 57-NQ/TW.")
    assert sections[3].text.splitlines()[1:] == ["- Bảo đảm sự lãnh đạo thống nhất.",
                                                "- Phát huy trách nhiệm người đứng đầu."]
    assert [s.anchor for s in sections] == ["muc-dau", "muc-chuong-i", "muc-dieu-1", "muc-dieu-2", "muc-muc-2",
                                            "muc-phu-luc"]


def test_roman_and_numbered_headings_make_a_path_and_long_parts_are_cut():
    body = "\n".join(f"- Nội dung thứ {i} về tuyên truyền chuyển đổi số trong cơ quan nhà nước." for i in range(40))
    sections = split_sections(f"I- MỤC TIÊU\n1. Mục tiêu chung\n{body}\n1.1. Chi tiết\nMột câu.\nII. TỔ CHỨC\n")
    paths = [s.path for s in sections]
    assert paths[0] == "I" and "I.1" in paths and "I.1.1" in paths and paths[-1] == "II"
    pieces = [s for s in sections if s.path == "I.1"]
    assert len(pieces) > 1 and all(len(s.text) <= 1000 for s in pieces)
    assert pieces[1].anchor == "muc-i-1-p1" and pieces[1].title.endswith("Mục tiêu chung")


def test_the_query_folds_accents_spellings_and_drops_question_words():
    assert query_terms("Tỉ lệ bao nhiêu phần trăm?") == query_terms("ty le") == ["ti", "le", "ti_le"]
    assert "gdp" in query_terms("GRDP năm 2030 là gì") and "gi" not in query_terms("GRDP năm 2030 là gì")
