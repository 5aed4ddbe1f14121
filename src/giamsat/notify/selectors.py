"""Reads of the notify app."""

from django.db.models import QuerySet

from giamsat.notify.models import ChannelSettings, Delivery
from giamsat.notify.senders import senders


def channels_of(user) -> ChannelSettings:
    """The user's choice, or the default one (not saved) when they never chose."""
    return ChannelSettings.objects.filter(user=user).first() or ChannelSettings(user=user)


def configured_channels() -> set[str]:
    """The outside channels the operator configured (the others are not offered)."""
    return {channel for channel, sender in senders().items() if sender.configured()}


def delivery_log() -> QuerySet[Delivery]:
    """Every outside delivery, newest first (the route table lets only the office and administrators in)."""
    return Delivery.objects.exclude(channel="in_app").select_related("user", "user__organization")
