"""The urging letter (Công văn đôn đốc) in Decree 30 form (#21): opened with python-docx, every part checked."""

import io

import pytest
from docx import Document as Docx

from giamsat.aggregate.urging_letter import outstanding, urging_letter_docx
from giamsat.core.actors import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(province, periods):
    """Sở VHTTDL leads a task due in December 2025 (overdue on 10/01/2026) and has sent no report for
    Tháng 12/2025 (due 15/12/2025)."""
    from giamsat.tasks.services import task_create

    return task_create(actor=SYSTEM, document=province["doc"], number="9", name="Số hóa tài liệu lưu trữ",
                       deadline_text="Tháng 12/2025", leads=[province["orgs"]["culture"]])


def test_what_is_outstanding(province, late):
    culture, science = province["orgs"]["culture"], province["orgs"]["science"]
    items = outstanding([culture, science])
    assert [t.name for t in items[0].overdue] == ["Số hóa tài liệu lưu trữ"]
    assert [p.label for p in items[0].missing] == ["Tháng 12/2025"]
    assert items[1].overdue == [] and [p.label for p in items[1].missing] == ["Tháng 12/2025"]
    assert outstanding([culture], task_ids=[province["tasks"]["culture"].pk])[0].overdue == []


def test_the_letter_has_every_part(province, late):
    culture, science = province["orgs"]["culture"], province["orgs"]["science"]
    content = urging_letter_docx(outstanding([culture, science]), text="Đề nghị các sở khẩn trương.",
                                 drafter=province["orgs"]["office"])
    word = Docx(io.BytesIO(content))
    left, right = word.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs][:2] == ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"]
    assert "Số:        /UBND-VP" in left.text
    assert "V/v đôn đốc thực hiện nhiệm vụ" in left.text.replace("\n", " ")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right.text and "Lai Châu, ngày 10 tháng 01 năm 2026" in right.text
    paragraphs = [p.text for p in word.paragraphs]
    start = paragraphs.index("Kính gửi:")
    assert paragraphs[start + 1:start + 3] == ["- Sở Văn hóa, Thể thao và Du lịch;", "- Sở Khoa học và Công nghệ."]
    assert "Đề nghị các sở khẩn trương." in paragraphs
    text = "\n".join(paragraphs)
    assert "1. Sở Văn hóa, Thể thao và Du lịch" in paragraphs and "2. Sở Khoa học và Công nghệ" in paragraphs
    assert "- Số hóa tài liệu lưu trữ (Kế hoạch số 2653/KH-UBND ngày 06/06/2025, hạn 31/12/2025);" in text
    assert "- Báo cáo Tháng 12/2025 theo Kế hoạch số 2653/KH-UBND ngày 06/06/2025 (hạn gửi 15/12/2025);" in text
    assert "trước ngày 17/01/2026./." in text
    sign = word.tables[-1].rows[0].cells
    assert sign[0].text.startswith("Nơi nhận:") and "- Như trên;" in sign[0].text
    assert "TM. ỦY BAN NHÂN DÂN" in sign[1].text and "CHỦ TỊCH" in sign[1].text


def test_one_agency_on_one_line(province, late):
    word = Docx(io.BytesIO(urging_letter_docx(outstanding([province["orgs"]["science"]]))))
    assert "Kính gửi: Sở Khoa học và Công nghệ." in [p.text for p in word.paragraphs]


def test_the_letter_to_every_agency_with_something_outstanding(client, province, late):
    client.force_login(province["users"]["office"])
    response = client.get("/bao-cao/don-doc/cong-van.docx")
    assert response.status_code == 200
    paragraphs = [p.text for p in Docx(io.BytesIO(response.content)).paragraphs]
    start = paragraphs.index("Kính gửi:")
    assert paragraphs[start + 1:start + 3] == ["- Sở Khoa học và Công nghệ;", "- Sở Văn hóa, Thể thao và Du lịch."]
    client.force_login(province["users"]["focal_culture"])
    assert client.get("/bao-cao/don-doc/cong-van.docx").status_code == 403
