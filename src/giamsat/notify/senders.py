"""The pluggable senders (ADR 0041): one interface, one class per outside channel.

A sender says whether the operator configured it, where a user receives on it, and sends one text. It never
raises for a delivery problem: it answers an `Outcome`, which the dispatcher logs and retries. Zalo and
Telegram are spoken to over plain HTTPS JSON (urllib); their URLs are settings, so tests use a local server.
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

from giamsat.core.mail import mail_configured
from giamsat.notify import conf
from giamsat.notify.models import Channel


@dataclass
class Outcome:
    ok: bool
    answer: str = ""  # what the remote said (shortened), kept on the log row
    error: str = ""  # for the office, in Vietnamese
    retry: bool = True  # False: retrying cannot help (chat not found, bot blocked)
    wait_minutes: int = 0  # the remote asked to wait this long (Telegram's retry_after)


class Sender:
    channel: str = ""
    limit = 4000  # characters a message may hold on the channel

    def configured(self) -> bool:
        raise NotImplementedError

    def address(self, user, choice) -> str:
        """Where `user` receives on this channel ("" when they gave nothing); `choice`: their ChannelSettings."""
        raise NotImplementedError

    def send(self, address: str, subject: str, text: str) -> Outcome:
        raise NotImplementedError


class EmailSender(Sender):
    channel = Channel.EMAIL
    limit = 100_000

    def configured(self) -> bool:
        return mail_configured()

    def address(self, user, choice) -> str:
        return user.email or ""

    def send(self, address, subject, text):
        try:
            EmailMessage(f"[giamsat] {subject}", text, settings.DEFAULT_FROM_EMAIL, [address]).send()
        except Exception as exc:  # SMTP down, address refused: logged, retried
            return Outcome(False, error=f"Không gửi được thư: {exc}"[:500])
        return Outcome(True, answer="Máy chủ thư đã nhận.")


def _post_json(url: str, payload: dict, headers: dict | None = None) -> tuple[int, dict | None, str]:
    """(HTTP status, JSON answer or None, raw answer) of one POST; status 0 when nothing answered."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=int(conf.get("GIAMSAT_NOTIFY_TIMEOUT"))) as response:
            status, raw = response.status, response.read(20_000).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read(20_000).decode("utf-8", "replace")
    except (OSError, ValueError) as exc:  # refused, timed out, bad URL
        return 0, None, str(exc)
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    return status, data if isinstance(data, dict) else None, raw


class ZaloSender(Sender):
    """Zalo Official Account's customer-service message API (v3): header `access_token`, JSON
    `{"recipient": {"user_id": …}, "message": {"text": …}}`; answer `{"error": 0, …}` when sent."""

    channel = Channel.ZALO
    limit = 2000

    def configured(self) -> bool:
        return bool(conf.get("GIAMSAT_ZALO_OA_TOKEN") and conf.get("GIAMSAT_ZALO_API_URL"))

    def address(self, user, choice) -> str:
        return choice.zalo_user_id if choice is not None else ""

    def send(self, address, subject, text):
        status, data, raw = _post_json(
            conf.get("GIAMSAT_ZALO_API_URL"),
            {"recipient": {"user_id": address}, "message": {"text": text}},
            {"access_token": conf.get("GIAMSAT_ZALO_OA_TOKEN")},
        )
        if status == 200 and data is not None and data.get("error") == 0:
            return Outcome(True, answer=raw[:1000])
        if status == 0:
            return Outcome(False, error=f"Không kết nối được Zalo: {raw}"[:500])
        reason = (data or {}).get("message") or raw
        return Outcome(False, answer=raw[:1000], error=f"Zalo từ chối (mã {(data or {}).get('error', status)}): "
                                                       f"{reason}"[:500])


class TelegramSender(Sender):
    """Telegram Bot API `sendMessage`: POST {api}/bot{token}/sendMessage with `{"chat_id", "text"}`; answer
    `{"ok": true, …}` when sent, else `error_code`, `description` and, when throttled, `retry_after`."""

    channel = Channel.TELEGRAM
    limit = 4000

    def configured(self) -> bool:
        return bool(conf.get("GIAMSAT_TELEGRAM_BOT_TOKEN") and conf.get("GIAMSAT_TELEGRAM_API_URL"))

    def address(self, user, choice) -> str:
        return choice.telegram_chat_id if choice is not None else ""

    def send(self, address, subject, text):
        base = str(conf.get("GIAMSAT_TELEGRAM_API_URL")).rstrip("/")
        status, data, raw = _post_json(f"{base}/bot{conf.get('GIAMSAT_TELEGRAM_BOT_TOKEN')}/sendMessage",
                                       {"chat_id": address, "text": text, "disable_web_page_preview": True})
        if status == 200 and data is not None and data.get("ok") is True:
            return Outcome(True, answer=raw[:1000])
        if status == 0:
            return Outcome(False, error=f"Không kết nối được Telegram: {raw}"[:500])
        data = data or {}
        wait = int((data.get("parameters") or {}).get("retry_after") or 0)
        code = data.get("error_code", status)
        # 400 (chat not found) and 403 (the user blocked the bot) do not heal by waiting.
        return Outcome(False, answer=raw[:1000], retry=code not in (400, 403), wait_minutes=-(-wait // 60),
                       error=f"Telegram từ chối (mã {code}): {data.get('description') or raw}"[:500])


BUILT_IN = {Channel.EMAIL: EmailSender, Channel.ZALO: ZaloSender, Channel.TELEGRAM: TelegramSender}


def senders() -> dict[str, Sender]:
    """The outside channels' senders: the built-in ones, replaced or added by GIAMSAT_NOTIFY_SENDERS."""
    classes = dict(BUILT_IN)
    for channel, path in (conf.get("GIAMSAT_NOTIFY_SENDERS") or {}).items():
        classes[channel] = import_string(path)
    return {channel: cls() for channel, cls in classes.items()}
