"""An agency exports its own periodic report as DOCX for signing (#21): Decree 30 header with its own
abbreviation, BÁO CÁO with the plan and period, Kính gửi the recipient, its four parts, signature."""

import io

import pytest
from docx import Document as Docx

pytestmark = pytest.mark.django_db


def test_an_agency_downloads_its_report_for_signing(client, province, cycle):
    report = cycle["report"]
    client.force_login(province["users"]["focal_culture"])
    response = client.get(f"/bao-cao/{report.pk}/docx/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-2026-01-svhttdl.docx"'
    word = Docx(io.BytesIO(response.content))
    left, right = word.tables[0].rows[0].cells
    assert "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" in left.text.replace("\n", " ")
    assert "Số:        /BC-SVHTTDL" in left.text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right.text and "Lai Châu, ngày 10 tháng 01 năm 2026" in right.text
    paragraphs = [p.text for p in word.paragraphs]
    assert "BÁO CÁO" in paragraphs
    assert "Kết quả thực hiện Kế hoạch số 2653/KH-UBND ngày 06/06/2025 tháng 01/2026" in paragraphs
    assert "Kính gửi: Văn phòng UBND tỉnh." in paragraphs
    order = ["I. KẾT QUẢ ĐẠT ĐƯỢC", "II. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN", "III. NHIỆM VỤ, GIẢI PHÁP KỲ TỚI",
             "IV. ĐỀ XUẤT, KIẾN NGHỊ"]
    assert [paragraphs.index(h) for h in order] == sorted(paragraphs.index(h) for h in order)
    text = "\n".join(paragraphs)
    assert "Đăng 12 tin, bài trên Cổng thông tin điện tử" in text and "Thiếu kinh phí in ấn tài liệu" in text
    sign = word.tables[-1].rows[0].cells
    assert sign[0].text.startswith("Nơi nhận:") and "THỦ TRƯỞNG CƠ QUAN" in sign[1].text


def test_another_agency_cannot_download_it(client, province, cycle):
    client.force_login(province["users"]["focal_science"])
    assert client.get(f"/bao-cao/{cycle['report'].pk}/docx/").status_code == 404
    client.force_login(province["users"]["office"])
    assert client.get(f"/bao-cao/{cycle['report'].pk}/docx/").status_code == 200


def test_the_report_page_links_to_its_docx(client, province, cycle):
    client.force_login(province["users"]["head_culture"])
    page = client.get(f"/bao-cao/{cycle['report'].pk}/").content.decode()
    assert f'href="/bao-cao/{cycle["report"].pk}/docx/"' in page and "Tải báo cáo (DOCX) để trình ký" in page
