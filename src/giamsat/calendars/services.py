"""A user's calendar address: made (again) and revoked by its owner, audited; the secret is shown once."""

import hashlib
import secrets

from django.db import transaction

from giamsat.audit.services import audit_event
from giamsat.calendars.models import CalendarFeed


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def feed_create(*, user) -> str:
    """A new secret address for `user` (any previous one stops working); returns the secret, shown once."""
    secret = secrets.token_urlsafe(32)
    CalendarFeed.objects.filter(user=user).delete()
    feed = CalendarFeed.objects.create(user=user, key_hash=secret_hash(secret), key_prefix=secret[:6])
    audit_event("calendar_feed_created", feed, prefix=feed.key_prefix)
    return secret


@transaction.atomic
def feed_revoke(*, user) -> bool:
    """The address stops working at once; False when there was none."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        return False
    audit_event("calendar_feed_revoked", feed, prefix=feed.key_prefix)
    feed.delete()
    return True
