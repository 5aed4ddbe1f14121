"""What the page frame (base.html: header, menus, assets) asks on every request and is the same for every
request of a process: page addresses and static file addresses, worked out once (issue #25, ADR 0051).

`reverse` costs ≈15 µs a call and `static` ≈10 µs (the manifest's hashed name, joined and quoted); the frame
asked about thirty of them on every page. The answers depend only on the address's name, the script prefix
the server is mounted under, the URL configuration and the static files' settings: the keys below, and a
change of settings (tests) forgets them all.

Also the stamp of the signed-in frame's kept rows (the user and their organization, ADR 0055): below."""

import uuid
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import models, transaction
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=256)
def _url(url_name: str, prefix: str, urlconf) -> str:
    return reverse(url_name, urlconf=urlconf)


def url_of(url_name: str) -> str:
    """`reverse(url_name)` (no arguments), once per process, script prefix and URL configuration."""
    return _url(url_name, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=64)
def _static(path: str, static_url: str) -> str:
    return static(path)


def static_of(path: str) -> str:
    """`{% static path %}`, once per process (the manifest of hashed names is read once per process too)."""
    return _static(path, settings.STATIC_URL)


@receiver(setting_changed)
def forget(**kwargs) -> None:
    """A test changed a setting (URLs, static storage, …): nothing worked out before holds."""
    _url.cache_clear()
    _static.cache_clear()


# The signed-in frame's rows (accounts.session_user, ADR 0055): every kept user-and-organization row is kept
# under one stamp in the `default` cache, renewed by every write of a user or an organization. The stamp lives
# here, below both apps, so that the organizations' manager can renew it too. The agencies' scopes are checked
# against a stamp of their own the same way (organizations.selectors, ADR 0055's second part).
FRAME_CACHE_ALIAS = "default"  # where the sessions are (SESSION_ENGINE cached_db)
FRAME_STAMP_KEY = "giamsat-frame-stamp"
FRAME_STAMP_TIMEOUT = 7 * 24 * 3600  # an evicted or expired stamp is made again: every row is then read anew


def frame_keep_seconds() -> int:
    """GIAMSAT_FRAME_CACHE_SECONDS: how long a kept row (or a process's memo checked against a stamp) is
    trusted at most, the bound for a write no renewal sees; 0 or less: the database is read every time."""
    return int(getattr(settings, "GIAMSAT_FRAME_CACHE_SECONDS", 60))


def renew_stamp(key: str) -> None:
    """A new random value: whatever was kept under the old one is read anew, on every process sharing the
    cache (a random value, not a counter: no read-modify-write to race on, an evicted key is never an old
    value)."""
    caches[FRAME_CACHE_ALIAS].set(key, uuid.uuid4().hex, FRAME_STAMP_TIMEOUT)


def renew_stamp_now_and_on_commit(key: str) -> None:
    """At once (a reader meanwhile keeps the old rows under this new stamp) and when the transaction commits
    (the stamp then left was never seen with the old rows). Outside a transaction: twice at once."""
    renew_stamp(key)
    transaction.on_commit(lambda: renew_stamp(key))


def current_stamp(key: str, found: dict | None = None) -> str:
    """The stamp under `key` (from `found`, a `get_many` that read it, or read now); an evicted one is made
    again (another reader's, if it made one first)."""
    cache = caches[FRAME_CACHE_ALIAS]
    stamp = found.get(key) if found is not None else cache.get(key)
    if stamp is None:
        stamp = uuid.uuid4().hex
        if not cache.add(key, stamp, FRAME_STAMP_TIMEOUT):
            stamp = cache.get(key) or stamp
    return stamp


def renew_frame_rows() -> None:
    """Every kept user row is read from the database on its next use, on every process sharing the cache."""
    renew_stamp(FRAME_STAMP_KEY)


def renew_frame_rows_now_and_on_commit() -> None:
    renew_stamp_now_and_on_commit(FRAME_STAMP_KEY)


class BulkWritesQuerySet(models.QuerySet):
    """A queryset whose bulk writes — which send no save or delete signal — call `written()` after them."""

    def written(self) -> None:
        raise NotImplementedError

    def update(self, **kwargs):
        changed = super().update(**kwargs)
        self.written()
        return changed

    def delete(self):
        deleted = super().delete()
        self.written()
        return deleted

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        self.written()
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        changed = super().bulk_update(objs, fields, *args, **kwargs)
        self.written()
        return changed


class FrameRowsQuerySet(BulkWritesQuerySet):
    """The bulk writes of users and organizations renew the frame's stamp (their signals cover save and
    delete: accounts.session_user)."""

    def written(self) -> None:
        renew_frame_rows_now_and_on_commit()
