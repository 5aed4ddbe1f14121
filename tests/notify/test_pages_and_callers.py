"""The channels page (one's own choice, refusals in Vietnamese), the office's delivery log, and the callers
that go through the dispatcher: `giamsat remind` and feedback routing (ADR 0041)."""

import io

import pytest
from django.core.management import call_command

from giamsat.notify.models import ChannelSettings, Delivery
from giamsat.reporting.models import Reminder

pytestmark = pytest.mark.django_db


def test_a_user_chooses_channels_and_bad_ids_are_refused(client, province, channels):
    user = province["users"]["focal_culture"]
    client.force_login(user)
    page = client.get("/tai-khoan/kenh-thong-bao/").content.decode()
    assert "Zalo" in page and "Telegram" in page and "Gộp thành một bản tin mỗi ngày" in page
    bad = client.post("/tai-khoan/kenh-thong-bao/", {"telegram": "on", "telegram_chat_id": ""})
    assert bad.status_code == 400 and "hãy nhập mã cuộc trò chuyện" in bad.content.decode()
    assert not ChannelSettings.objects.exists()
    bad = client.post("/tai-khoan/kenh-thong-bao/", {"zalo": "on", "zalo_user_id": "abc"})
    assert bad.status_code == 400 and "chỉ gồm chữ số" in bad.content.decode()
    ok = client.post("/tai-khoan/kenh-thong-bao/", {"telegram": "on", "telegram_chat_id": "-1001234",
                                                     "digest": "on"})
    assert ok.status_code == 302
    choice = ChannelSettings.objects.get(user=user)
    assert (choice.email, choice.telegram, choice.telegram_chat_id, choice.digest) == (False, True, "-1001234", True)
    profile = client.get("/tai-khoan/").content.decode()
    assert "Trong hệ thống, Telegram (gộp thành bản tin mỗi ngày)" in profile


def test_unconfigured_channels_are_not_offered(client, province, settings):
    settings.GIAMSAT_ZALO_OA_TOKEN = settings.GIAMSAT_TELEGRAM_BOT_TOKEN = ""
    client.force_login(province["users"]["focal_culture"])
    page = client.get("/tai-khoan/kenh-thong-bao/").content.decode()
    assert "Zalo" not in page and "Telegram" not in page


def test_the_office_reads_the_delivery_log(client, province, channels):
    from giamsat.notify.dispatch import notify

    user = province["users"]["focal_science"]
    ChannelSettings.objects.create(user=user, email=False, telegram=True, telegram_chat_id="42")
    channels.answer(502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})
    notify(user, "urging", "Đôn đốc 1 nhiệm vụ quá hạn", now=True)
    client.force_login(province["users"]["office"])
    page = client.get("/nhat-ky-gui-thong-bao/?channel=telegram").content.decode()
    assert "Đôn đốc 1 nhiệm vụ quá hạn" in page and "Chờ gửi" in page and "Bad Gateway" in page
    assert client.get("/nhat-ky-gui-thong-bao/?state=sent").content.decode().count("Đôn đốc 1 nhiệm vụ") == 0
    assert client.get("/nhat-ky-gui-thong-bao/?state=khong-co").status_code == 400
    client.force_login(user)
    assert client.get("/nhat-ky-gui-thong-bao/").status_code == 403


def test_remind_goes_to_the_chosen_channels(province, channels):
    from giamsat.reporting.models import ReportingRule

    ReportingRule.objects.create(document=province["doc"], frequency="monthly", due_day=15,
                                 recipient=province["orgs"]["office"], recipient_text="Văn phòng UBND tỉnh")
    user = province["users"]["focal_culture"]
    user.email = "svhttdl@laichau.example"
    user.save()
    ChannelSettings.objects.create(user=user, email=False, telegram=True, telegram_chat_id="777")
    call_command("remind", "--today", "2026-01-12", stdout=io.StringIO())
    texts = [r["json"]["text"] for r in channels.requests if r["json"].get("chat_id") == "777"]
    assert any(t.startswith("Kính gửi Sở Văn hóa") and "báo cáo Tháng 01/2026" in t for t in texts)
    assert not Reminder.objects.filter(recipient=user, channel="email").exists()  # e-mail turned off
    assert Reminder.objects.filter(recipient=user, channel="in_app").exists()
    assert Delivery.objects.filter(user=user, channel="telegram", kind="reminder", state="sent").exists()


def test_feedback_routed_to_an_agency_is_a_notice_on_its_channels(province, channels):
    from django.contrib.auth.models import AnonymousUser

    from giamsat.feedback.services import feedback_route, feedback_submit

    user = province["users"]["focal_culture"]
    ChannelSettings.objects.create(user=user, email=False, zalo=True, zalo_user_id="99887766")
    item = feedback_submit(user=AnonymousUser(), kind="complaint", subject="Cổng dịch vụ công chậm",
                           content="Nộp hồ sơ trực tuyến bị lỗi.", name="Nguyễn Văn A", contact="a@example.vn",
                           files=[], address="10.0.0.1")
    feedback_route(user=province["users"]["office"], feedback=item, agencies=[province["orgs"]["culture"]])
    row = Delivery.objects.get(user=user, channel="zalo")
    assert row.kind == "feedback" and row.state == "pending" and item.tracking_code in row.subject
    call_command("notify-send", stdout=io.StringIO())
    row.refresh_from_db()
    assert row.state == "sent"
    assert channels.requests[-1]["json"]["recipient"] == {"user_id": "99887766"}
