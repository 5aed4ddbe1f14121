"""The history page explains itself (issue #16): Vietnamese names, readable values, no Python dicts."""

import pytest

pytestmark = pytest.mark.django_db


def test_history_shows_vietnamese_fields_and_readable_values(province, login):
    task = province["tasks"]["culture"]
    office = login(province["users"]["office"])
    office.post(f"/nhiem-vu/{task.pk}/sua/", {"name": task.name, "number": "1", "deadline_text": "Quý 3/2026",
                                              "lock_version": 0})
    office.post(f"/nhiem-vu/{task.pk}/quyet-dinh/", {"kind": "paused", "note": "Chờ kinh phí", "confirm": "on"})
    page = login(province["users"]["inspector"]).get("/lich-su/", {"type": "tasks.task", "id": task.pk})
    html = page.content.decode()
    assert "Thời hạn (như ghi trong văn bản)" in html and "Tháng 6/2026</span> → Quý 3/2026" in html
    assert "Hạn hoàn thành (lần đầu)" in html and "30/06/2026</span> → 30/09/2026" in html
    assert "Sự kiện: Tạm dừng" in html and "Lý do, ghi chú" in html and "Chờ kinh phí" in html
    assert "Nhiệm vụ số" in html and "Giao diện web" in html
    for english in ("{'", "tasks.task #", "deadline_text", "task_paused", "'state'"):
        assert english not in html, english


def test_values_are_read_as_people_read_them():
    from giamsat.audit.readable import readable
    from giamsat.tasks.models import ProgressUpdate

    state = ProgressUpdate._meta.get_field("state")
    assert readable("done", state) == "Đã hoàn thành"
    assert readable("2026-01-10") == "10/01/2026" and readable("2026-01-10T09:05:00+07:00") == "09:05 10/01/2026"
    assert readable(True) == "Có" and readable(None) == "—"
