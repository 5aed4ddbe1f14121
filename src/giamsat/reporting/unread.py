"""The unread-notification count of the menu, shown on every page, read from the cache (issue #25).

Each user's count is kept under a *stamp*, a random value renewed after every committed write of that user's
notifications (create, bulk create, mark read, delete): a reader that finds the current stamp with a count
uses it; otherwise it counts (one indexed query) and keeps the count under the stamp it read *before*
counting, so a write that commits meanwhile renews the stamp and the next page counts again. No page ever
shows a count older than the last committed write, and no write pays more than one cache write per user.
The writes go through `NotificationQuerySet` (Notification's manager) and the model's signals, so callers
need not remember it.
"""

import uuid

from django.apps import apps
from django.core.cache import caches
from django.db import models, transaction

CACHE_ALIAS = "default"
TIMEOUT = 24 * 3600  # a count not read for a day is dropped; the next page counts again


def _stamp_key(user_id: int) -> str:
    return f"giamsat-unread-stamp:{user_id}"


def _count_key(user_id: int, stamp: str) -> str:
    return f"giamsat-unread:{user_id}:{stamp}"


def unread_count(user) -> int:
    """How many of `user`'s notifications are unread: from the cache while nothing was written since."""
    notifications = apps.get_model("reporting", "Notification")  # models.py imports this module
    cache = caches[CACHE_ALIAS]
    stamp = cache.get(_stamp_key(user.pk))
    if stamp is None:
        stamp = uuid.uuid4().hex
        if not cache.add(_stamp_key(user.pk), stamp, TIMEOUT):  # another request set one just now: use it
            stamp = cache.get(_stamp_key(user.pk)) or stamp
    count = cache.get(_count_key(user.pk, stamp))
    if count is None:
        count = notifications.objects.filter(user_id=user.pk, read_at__isnull=True).count()
        cache.set(_count_key(user.pk, stamp), count, TIMEOUT)
    return count


def renew(ids: set[int]) -> None:
    caches[CACHE_ALIAS].set_many({_stamp_key(i): uuid.uuid4().hex for i in ids}, TIMEOUT)


def renew_on_commit(ids: set[int]) -> None:
    transaction.on_commit(lambda: renew(ids))


def forget(user_ids) -> None:
    """Renew the stamps of these users once the current transaction commits (now, outside one)."""
    ids = {i for i in user_ids if i is not None}
    if ids:
        renew_on_commit(ids)


class NotificationQuerySet(models.QuerySet):
    """The bulk writes renew the stamps of the users they touch (the model's signals cover save/delete)."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        created = super().bulk_create(objs, *args, **kwargs)
        forget(o.user_id for o in objs)
        return created

    def update(self, **kwargs):
        users = set(self.values_list("user_id", flat=True).distinct())
        changed = super().update(**kwargs)
        forget(users)
        return changed

    def delete(self):
        users = set(self.values_list("user_id", flat=True).distinct())
        deleted = super().delete()
        forget(users)
        return deleted


def _one_changed(sender, instance, **kwargs):
    forget([instance.user_id])


models.signals.post_save.connect(_one_changed, sender="reporting.Notification",
                                 dispatch_uid="giamsat-unread-save")
models.signals.post_delete.connect(_one_changed, sender="reporting.Notification",
                                   dispatch_uid="giamsat-unread-delete")
