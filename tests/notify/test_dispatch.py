"""The one dispatcher (ADR 0041): in-app always, the chosen outside channels, the log, retries with
back-off, the daily digest; Zalo and Telegram spoken to through a local HTTP server that checks payloads."""

import datetime as dt
import unicodedata

import pytest
from django.core import mail
from django.utils import timezone

from giamsat.notify.dispatch import deliver, deliver_due, digests_build, notify, run
from giamsat.notify.models import ChannelSettings, Delivery
from giamsat.reporting.models import Notification

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=7))
TEXT = unicodedata.normalize("NFD", "Đôn đốc: nhiệm vụ 2 đã quá hạn 3 ngày")  # decomposed on purpose


def _choose(user, **fields):
    return ChannelSettings.objects.create(user=user, **{"email": False, **fields})


def test_telegram_gets_the_text_and_the_link_and_the_log_says_sent(province, channels):
    user = province["users"]["focal_science"]
    _choose(user, telegram=True, telegram_chat_id="-100200300")
    rows = notify(user, "urging", TEXT, "/nhiem-vu/2/", now=True)
    [request] = channels.requests
    assert request["path"] == "/telegram/bot123:ABC/sendMessage"
    assert request["json"]["chat_id"] == "-100200300"
    text = request["json"]["text"]
    assert text.startswith("Đôn đốc: nhiệm vụ 2") and unicodedata.is_normalized("NFC", text)
    assert text.endswith("https://giamsat.laichau.example/nhiem-vu/2/")
    by_channel = {r.channel: r for r in rows}
    assert set(by_channel) == {"in_app", "telegram"}  # e-mail turned off, Zalo not chosen
    sent = by_channel["telegram"]
    assert (sent.state, sent.attempts, sent.last_error) == ("sent", 1, "") and sent.delivered_at
    assert '"ok": true' in sent.answer
    assert Notification.objects.get(user=user).message == "Đôn đốc: nhiệm vụ 2 đã quá hạn 3 ngày"


def test_a_failing_zalo_answer_is_logged_and_retried_later(province, channels):
    user = province["users"]["focal_culture"]
    _choose(user, zalo=True, zalo_user_id="8877665544332211")
    channels.answer(200, {"error": -216, "message": "Access token is invalid"})
    start = timezone.now()
    [row] = [r for r in notify(user, "alert", "Cảnh báo đỏ: nhiệm vụ 1", "/nhiem-vu/1/", now=True, at=start)
             if r.channel == "zalo"]
    request = channels.requests[0]
    assert request["headers"]["access_token"] == "zalo-oa-token"
    assert request["json"]["recipient"] == {"user_id": "8877665544332211"}
    assert request["json"]["message"]["text"].startswith("Cảnh báo đỏ: nhiệm vụ 1")
    assert row.state == "pending" and row.attempts == 1 and "-216" in row.last_error
    assert row.next_attempt_at == start + dt.timedelta(minutes=5)
    assert deliver_due(now=start + dt.timedelta(minutes=4)) == 0 and len(channels.requests) == 1  # not yet due
    assert deliver_due(now=start + dt.timedelta(minutes=6)) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == ("sent", 2, "") and len(channels.requests) == 2
    assert deliver_due(now=start + dt.timedelta(hours=9)) == 0 and len(channels.requests) == 2  # never twice


def test_retries_stop_after_the_last_delay_and_blocked_bots_at_once(province, channels):
    zalo_user, tg_user = province["users"]["focal_culture"], province["users"]["focal_science"]
    _choose(zalo_user, zalo=True, zalo_user_id="123456789")
    _choose(tg_user, telegram=True, telegram_chat_id="42")
    for _ in range(3):
        channels.answer(500, {"error": -32, "message": "Server busy"})
    start = timezone.now()
    notify(zalo_user, "notice", "Thông báo", now=True, at=start)
    deliver_due(now=start + dt.timedelta(minutes=6))
    deliver_due(now=start + dt.timedelta(minutes=40))
    zalo = Delivery.objects.get(channel="zalo")
    assert (zalo.state, zalo.attempts, zalo.next_attempt_at) == ("failed", 3, None)
    channels.answer(403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"})
    [tg] = [r for r in notify(tg_user, "notice", "Thông báo", now=True) if r.channel == "telegram"]
    assert tg.state == "failed" and tg.attempts == 1 and "bot was blocked" in tg.last_error


def test_unreachable_api_is_retried(province, channels, settings):
    settings.GIAMSAT_TELEGRAM_API_URL = "http://127.0.0.1:9"  # nothing listens there
    user = province["users"]["focal_science"]
    _choose(user, telegram=True, telegram_chat_id="42")
    [row] = [r for r in notify(user, "notice", "Thông báo", now=True) if r.channel == "telegram"]
    assert row.state == "pending" and "Không kết nối được Telegram" in row.last_error


def test_email_by_default_an_organization_means_its_agency_users_and_mailboxes_without_account(
        province, channels):
    users = province["users"]
    users["focal_culture"].email = "svhttdl@laichau.example"
    users["focal_culture"].save()
    rows = notify(province["orgs"]["culture"], "feedback", "Phản ánh PA-1 chuyển đơn vị trả lời",
                  "/phan-anh/1/", emails=["vanthu@svhttdl.example"], now=True)
    assert sorted((r.channel, r.user_id or 0) for r in rows) == sorted([
        ("in_app", users["focal_culture"].pk), ("in_app", users["head_culture"].pk),
        ("email", users["focal_culture"].pk), ("email", 0)])
    assert sorted(m.to[0] for m in mail.outbox) == ["svhttdl@laichau.example", "vanthu@svhttdl.example"]
    assert mail.outbox[0].subject == "[giamsat] Phản ánh PA-1 chuyển đơn vị trả lời"
    assert all(r.state == "sent" for r in rows)


def test_nothing_goes_to_a_channel_the_operator_did_not_configure(province, settings):
    settings.GIAMSAT_TELEGRAM_BOT_TOKEN = ""
    user = province["users"]["focal_science"]
    _choose(user, telegram=True, telegram_chat_id="42")
    assert [r.channel for r in notify(user, "notice", "Thông báo")] == ["in_app"]


def test_a_key_sends_a_notice_once_per_user(province, channels):
    user = province["users"]["focal_culture"]
    assert len(notify(user, "alert", "Cảnh báo vàng", key="alert:task:1:yellow")) == 1
    assert notify(user, "alert", "Cảnh báo vàng", key="alert:task:1:yellow") == []
    assert Notification.objects.filter(user=user).count() == 1


def test_the_daily_digest_gathers_the_day_in_one_message(province, channels):
    user = province["users"]["focal_science"]
    _choose(user, telegram=True, telegram_chat_id="42", digest=True)
    morning = dt.datetime(2026, 1, 10, 6, 0, tzinfo=TZ)
    notify(user, "reminder", "Nhắc gửi báo cáo Tháng 01/2026", "/bao-cao/", now=True, at=morning)
    notify(user, "urging", "Đôn đốc 1 nhiệm vụ quá hạn", "/nhiem-vu/", now=True, at=morning)
    assert channels.requests == [] and Delivery.objects.filter(state="held").count() == 2
    assert Notification.objects.filter(user=user).count() == 2  # in-app still at once
    assert digests_build(now=morning) == []  # before the digest hour (7:00)
    assert run(now=morning.replace(hour=8)) == (1, 1)
    [request] = channels.requests
    assert request["json"]["text"].splitlines()[0] == "Bản tin giamsat ngày 10/01/2026 (2 mục):"
    assert "1. Nhắc gửi báo cáo Tháng 01/2026 — https://giamsat.laichau.example/bao-cao/" in request["json"]["text"]
    assert "2. Đôn đốc 1 nhiệm vụ quá hạn" in request["json"]["text"]
    held = Delivery.objects.filter(kind="reminder", channel="telegram")
    assert set(held.values_list("state", flat=True)) == {"merged"}
    # Later the same day: what arrives waits for tomorrow's digest.
    notify(user, "notice", "Thông báo mới", at=morning.replace(hour=9))
    assert digests_build(now=morning.replace(hour=10)) == []
    assert len(digests_build(now=morning + dt.timedelta(days=1, hours=2))) == 1


def test_a_delivery_is_sent_once_even_if_asked_twice(province, channels):
    user = province["users"]["focal_science"]
    _choose(user, telegram=True, telegram_chat_id="42")
    [row] = [r for r in notify(user, "notice", "Thông báo") if r.channel == "telegram"]
    assert deliver([row.pk, row.pk]) == 1 and len(channels.requests) == 1
