"""Row history for every giamsat model: create, update and delete are recorded with before/after."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from giamsat.audit.context import is_suppressed
from giamsat.audit.services import audit_record
from giamsat.core.storage import stored_file_refused

AUDITED_APPS = {
    "organizations", "accounts", "documents", "tasks", "indicators", "reporting", "feedback", "outreach",
    "imports",
}
# The scope version is a counter bumped by the audited writes of successions (ADR 0032), not data.
SKIPPED_MODELS = {"reporting.notification", "organizations.scopeversion"}
# Never copy secrets into the log; record only that they changed.
SECRET_FIELDS = {"password", "key_hash", "secret"}
NOISE_FIELDS = {"updated_at", "last_login"}
# Copies computed from other rows (tasks.summary, indicators.series): the writes behind them are audited.
DERIVED_FIELDS = {"series", "status_code", "status_warning", "status_due", "status_as_of", "status_done_on"}


def _audited(sender) -> bool:
    if is_suppressed():
        return False
    meta = sender._meta
    return meta.app_label in AUDITED_APPS and meta.label_lower not in SKIPPED_MODELS and not meta.auto_created


def snapshot(instance) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in DERIVED_FIELDS:
            continue
        value = field.value_from_object(instance)
        if field.name in SECRET_FIELDS:
            # A fingerprint of the stored hash: shows that it changed, reveals nothing usable.
            value = "***" + hashlib.sha256(value.encode()).hexdigest()[:8] if value else ""
        elif isinstance(field, models.FileField):
            value = value.name if value else ""
        data[field.attname] = value
    # Normalize through the JSON encoder so comparisons match what is stored.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@receiver(pre_save)
def _remember_before(sender, instance, raw=False, **kwargs):
    if raw or not _audited(sender):
        return
    instance._audit_before = None
    if instance.pk is not None and not instance._state.adding:
        old = sender._base_manager.filter(pk=instance.pk).first()
        instance._audit_before = snapshot(old) if old is not None else None


@receiver(post_save)
def _record_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _audited(sender):
        return
    after = snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        audit_record(action="create", object_type=sender._meta.label_lower, object_id=instance.pk,
                     object_repr=str(instance), after=after)
        return
    changed = {k for k in after if before.get(k) != after[k] and k not in NOISE_FIELDS}
    if not changed:
        return
    audit_record(
        action="update",
        object_type=sender._meta.label_lower,
        object_id=instance.pk,
        object_repr=str(instance),
        before={k: before.get(k) for k in sorted(changed)},
        after={k: after[k] for k in sorted(changed)},
    )


@receiver(post_delete)
def _record_delete(sender, instance, **kwargs):
    if not _audited(sender):
        return
    audit_record(action="delete", object_type=sender._meta.label_lower, object_id=instance.pk,
                 object_repr=str(instance), before=snapshot(instance))


@receiver(m2m_changed)
def _record_m2m(sender, instance, action, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"} or not _audited(type(instance)):
        return
    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender), sender._meta.model_name
    )
    audit_record(
        action="update",
        object_type=type(instance)._meta.label_lower,
        object_id=instance.pk,
        object_repr=str(instance),
        after={"m2m": field, "change": action.removeprefix("post_"), "ids": sorted(pk_set or [])},
    )


@receiver(stored_file_refused)
def _record_refused_file(sender, instance, name, reason, expected, found, **kwargs):
    """A stored file refused at download (missing, or not the bytes uploaded): a security event (ADR 0036)."""
    from giamsat.audit.services import audit_event

    audit_event("stored_file_refused", instance, name=name, reason=reason, expected=expected, found=found)
