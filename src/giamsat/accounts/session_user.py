"""The user of a session with their organization, from the shared cache: no query on most pages (issue #25,
ADR 0055).

Every signed-in request needs its user row and the organization's row (the header names it). They are kept
in the `default` cache — the one sessions already live in: a directory shared by the processes of one
server, Redis shared by every node (`GIAMSAT_CACHE_URL`) — under a *stamp*, one random value for all users
and organizations, renewed by every write of a user or an organization:

- the models' `post_save`/`post_delete` signals (below) and the bulk writes of their querysets
  (`core.frame.FrameRowsQuerySet`: `update`, `delete`, `bulk_create`, `bulk_update`) renew it **at once
  and again when the transaction commits**: a page read between the two may keep the old row under the
  first new stamp, never under the one the commit leaves;
- a restore and the synthetic data (rows written beside the ORM) call `core.frame.renew_frame_rows`;
- a kept row lives `GIAMSAT_FRAME_CACHE_SECONDS` at most (60 by default; 0 reads the database on every
  request as before), the bound for a write no path above sees (raw SQL, a data migration).

A reader reads the stamp with the row (one round trip). A row kept under another stamp, or none, is read
from the database — with its SQL compiled once per process (core.compiled) — and kept under the stamp read
*before* it. So a deactivation, a role change, a password change (the session's hash), a new organization
or its renaming applies on the next request on every process and node sharing the cache; a logout deletes
the session itself. One stamp for all users makes a write invalidate every kept row: writes of accounts are
rare (a sign-in's `last_login`, an administrator's edit), and each costs every signed-in user one query on
their next page.

The kept value is the row's column values (not a pickled model), keyed by the list of columns, so that a
process of another version during a deployment never reads a row of another shape.
"""

import hashlib

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, models

from giamsat.core.compiled import CompiledQuery
from giamsat.core.frame import (
    FRAME_CACHE_ALIAS,
    FRAME_STAMP_KEY,
    current_stamp,
    frame_keep_seconds,
    renew_frame_rows_now_and_on_commit,
)


class _Prepared:
    """The columns, the key's shape and the compiled query, worked out on first use (models loaded)."""

    def __init__(self):
        from giamsat.organizations.models import Organization

        self.user_model, self.org_model = get_user_model(), Organization
        self.user_columns = [f.attname for f in self.user_model._meta.concrete_fields]
        self.org_columns = [f.attname for f in Organization._meta.concrete_fields]
        shape = ",".join([self.user_model._meta.label, *self.user_columns, Organization._meta.label,
                          *self.org_columns])
        self.shape = hashlib.sha1(shape.encode()).hexdigest()[:10]
        users, orgs = self.user_columns, self.org_columns
        self.query = CompiledQuery(
            lambda args: self.user_model._default_manager.filter(pk=args.pk).order_by()
            .values_list(*users, *(f"organization__{name}" for name in orgs))
        )

    def built(self, row):
        if row is None:
            return None
        n = len(self.user_columns)
        user = self.user_model.from_db(DEFAULT_DB_ALIAS, self.user_columns, row[:n])
        org_values = row[n:]
        user.organization = (self.org_model.from_db(DEFAULT_DB_ALIAS, self.org_columns, org_values)
                             if user.organization_id is not None else None)
        return user


_prepared: _Prepared | None = None


def _prepare() -> _Prepared:
    global _prepared
    if _prepared is None:
        _prepared = _Prepared()
    return _prepared


def session_user(user_id):
    """The user with this id and their organization, active or not (None: no such user); the backend decides
    whether they may act. No query while the row is kept under the current stamp."""
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    prepared = _prepare()
    seconds = frame_keep_seconds()
    if seconds <= 0:
        return prepared.built(prepared.query.first(pk=pk))
    cache = caches[FRAME_CACHE_ALIAS]
    key = f"giamsat-frame-user:{prepared.shape}:{pk}"
    found = cache.get_many([FRAME_STAMP_KEY, key])  # one round trip to Redis
    stamp = current_stamp(FRAME_STAMP_KEY, found)
    kept = found.get(key)
    if kept is not None and kept[0] == stamp:
        return prepared.built(kept[1])
    row = prepared.query.first(pk=pk)
    cache.set(key, (stamp, row), seconds)  # a missing user (None) too: not asked again until a write
    return prepared.built(row)


def _changed(sender, **kwargs):
    renew_frame_rows_now_and_on_commit()


for _sender in ("accounts.User", "organizations.Organization"):
    models.signals.post_save.connect(_changed, sender=_sender, dispatch_uid=f"giamsat-frame-save-{_sender}")
    models.signals.post_delete.connect(_changed, sender=_sender, dispatch_uid=f"giamsat-frame-delete-{_sender}")
