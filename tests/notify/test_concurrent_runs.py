"""Two `notify-send` runs at once send each message once (PostgreSQL: select_for_update(skip_locked=True))."""

import threading
import time

import pytest
from django.db import connection, connections

from giamsat.notify.dispatch import deliver_due, notify
from giamsat.notify.models import ChannelSettings, Delivery

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
def test_two_runs_at_once_send_each_message_once(province, channels, monkeypatch):
    from giamsat.notify import senders

    user = province["users"]["focal_science"]
    ChannelSettings.objects.create(user=user, email=False, telegram=True, telegram_chat_id="42")
    for n in range(6):
        notify(user, "notice", f"Thông báo số {n}")
    send = senders.TelegramSender.send

    def slow(self, *args):  # keep each row locked a while, so the runs overlap
        time.sleep(0.2)
        return send(self, *args)

    monkeypatch.setattr(senders.TelegramSender, "send", slow)
    counts = []

    def run():
        try:
            counts.append(deliver_due())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(counts) == 6 and len(channels.requests) == 6
    assert sorted(r["json"]["text"] for r in channels.requests) == [f"Thông báo số {n}" for n in range(6)]
    assert set(Delivery.objects.filter(channel="telegram").values_list("state", "attempts")) == {("sent", 1)}
