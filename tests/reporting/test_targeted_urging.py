"""Urging as offices do it (#21): one agency or one task's leads, in the office's own words; notified,
recorded with who urged, audited; the history on the organization's and the task's pages; refusals."""

import pytest

from giamsat.core.errors import ApplicationError, PermissionDeniedError
from giamsat.reporting.models import Notification, Reminder
from giamsat.reporting.urging import urge, urging_history

pytestmark = pytest.mark.django_db


def test_the_office_urges_one_agency(province):
    from giamsat.audit.models import AuditEntry

    office, culture = province["users"]["office"], province["orgs"]["culture"]
    rows = urge(user=office, organization=culture, text="Đề nghị Sở gửi báo cáo tháng 12 trước ngày 15/01/2026.")
    assert {r.kind for r in rows} == {"manual"} and {r.sent_by for r in rows} == {office}
    assert {r.recipient.username for r in rows} == {"svhttdl", "ld-svhttdl"}
    note = Notification.objects.get(user=province["users"]["focal_culture"])
    assert note.message == "Đôn đốc của cơ quan theo dõi" and note.url == "/bao-cao/"
    assert "trước ngày 15/01/2026" in rows[0].message and "Văn phòng UBND tỉnh" in rows[0].message
    assert AuditEntry.objects.filter(event="reminder_sent", object_id=culture.pk).exists()
    history = urging_history(office, organization=culture)
    assert len(history) == 1 and history[0].kind_label == "Đôn đốc trực tiếp" and history[0].recipients == 2
    assert history[0].sent_by == "vanphong"
    # The agency sees its own urgings; another agency does not.
    assert len(urging_history(province["users"]["focal_culture"], organization=culture)) == 1
    assert urging_history(province["users"]["focal_science"], organization=culture) == []


def test_urging_a_task_reaches_its_leads(province):
    task = province["tasks"]["both"]  # led by Sở VHTTDL and Sở KH&CN
    rows = urge(user=province["users"]["office"], task=task, text="Khẩn trương tổ chức hội nghị.")
    assert {r.organization.code for r in rows} == {"svhttdl", "skhcn"} and {r.task for r in rows} == {task}
    assert len(urging_history(province["users"]["office"], task=task)) == 2
    assert Notification.objects.filter(url=f"/nhiem-vu/{task.pk}/").count() == 3  # both focal points, the head


def test_refusals_send_nothing(province):
    office = province["users"]["office"]
    with pytest.raises(PermissionDeniedError):
        urge(user=province["users"]["focal_culture"], organization=province["orgs"]["science"], text="x")
    with pytest.raises(ApplicationError, match="Nhập nội dung"):
        urge(user=office, organization=province["orgs"]["culture"], text="   ")
    with pytest.raises(ApplicationError, match="không chủ trì"):
        urge(user=office, organization=province["orgs"]["culture"], task=province["tasks"]["science"], text="x")
    with pytest.raises(ApplicationError, match="Chọn cơ quan"):
        urge(user=office, text="x")
    assert not Reminder.objects.exists() and not Notification.objects.exists()


def test_the_pages(client, province):
    culture = province["orgs"]["culture"]
    client.force_login(province["users"]["office"])
    response = client.post("/bao-cao/don-doc/truc-tiep/", {"co_quan": culture.pk, "noi_dung": "Đề nghị gửi ngay."})
    assert response.status_code == 302 and response["Location"] == f"/co-quan/{culture.pk}/#don-doc"
    page = client.get(f"/co-quan/{culture.pk}/").content.decode()
    assert "Đã gửi đôn đốc" in page and "Đề nghị gửi ngay." in page and "Đôn đốc trực tiếp" in page
    response = client.post("/bao-cao/don-doc/truc-tiep/", {"co_quan": culture.pk, "noi_dung": ""}, follow=True)
    assert "Nhập nội dung đôn đốc." in response.content.decode() and Reminder.objects.count() == 2
    client.force_login(province["users"]["focal_culture"])
    assert client.post("/bao-cao/don-doc/truc-tiep/", {"co_quan": culture.pk, "noi_dung": "x"}).status_code == 403
    page = client.get(f"/co-quan/{culture.pk}/").content.decode()
    assert "Đề nghị gửi ngay." in page and 'name="noi_dung"' not in page  # its history, no form
