"""The notification channels' settings (ADR 0041): operator-configured, read when used, each with its default
so tests can point the chat senders at a local server (override_settings)."""

from django.conf import settings

DEFAULTS = {
    "GIAMSAT_ZALO_OA_TOKEN": "",
    "GIAMSAT_ZALO_API_URL": "https://openapi.zalo.me/v3.0/oa/message/cs",
    "GIAMSAT_TELEGRAM_BOT_TOKEN": "",
    "GIAMSAT_TELEGRAM_API_URL": "https://api.telegram.org",
    # Minutes to wait before the 2nd, 3rd, … attempt; after the last one the message is given up (failed).
    "GIAMSAT_NOTIFY_RETRY_MINUTES": "5,30,120,720",
    # Local hour from which `giamsat notify-send` sends the day's digest to users who chose it.
    "GIAMSAT_NOTIFY_DIGEST_HOUR": 7,
    # Seconds a chat API may take to answer before the attempt counts as failed (and is retried).
    "GIAMSAT_NOTIFY_TIMEOUT": 10,
    # Channel → dotted path of a sender class, to replace or add one (senders.Sender).
    "GIAMSAT_NOTIFY_SENDERS": {},
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])


def retry_minutes() -> list[int]:
    raw = get("GIAMSAT_NOTIFY_RETRY_MINUTES")
    parts = raw if isinstance(raw, list | tuple) else str(raw).split(",")
    return [int(str(p).strip()) for p in parts if str(p).strip()]
