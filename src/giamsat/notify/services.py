"""Writes of the notify app: a user's choice of channels (audited)."""

import re

from django.db import transaction

from giamsat.audit.services import audit_event
from giamsat.core.errors import ApplicationError
from giamsat.notify.models import ChannelSettings

CHAT_ID = re.compile(r"^-?[0-9]{1,20}$|^@[A-Za-z0-9_]{5,32}$")
ZALO_ID = re.compile(r"^[0-9]{6,30}$")


@transaction.atomic
def channels_set(*, user, email: bool, zalo: bool, zalo_user_id: str, telegram: bool, telegram_chat_id: str,
                 digest: bool) -> ChannelSettings:
    """Save one's own channels. A chat channel needs its id; in-app is always on."""
    zalo_user_id, telegram_chat_id = zalo_user_id.strip(), telegram_chat_id.strip()
    if zalo and not zalo_user_id:
        raise ApplicationError("Muốn nhận qua Zalo, hãy nhập mã người dùng Zalo của bạn.")
    if zalo_user_id and not ZALO_ID.match(zalo_user_id):
        raise ApplicationError("Mã người dùng Zalo chỉ gồm chữ số (6–30 chữ số).")
    if telegram and not telegram_chat_id:
        raise ApplicationError("Muốn nhận qua Telegram, hãy nhập mã cuộc trò chuyện (chat id) của bạn.")
    if telegram_chat_id and not CHAT_ID.match(telegram_chat_id):
        raise ApplicationError("Mã cuộc trò chuyện Telegram là một số (có thể có dấu trừ) hoặc @tên_kênh.")
    choice, _ = ChannelSettings.objects.select_for_update().get_or_create(user=user)
    choice.email, choice.zalo, choice.zalo_user_id = email, zalo, zalo_user_id
    choice.telegram, choice.telegram_chat_id, choice.digest = telegram, telegram_chat_id, digest
    choice.save()
    audit_event("notification_channels_set", choice, email=email, zalo=zalo, telegram=telegram, digest=digest)
    return choice
