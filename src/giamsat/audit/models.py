"""The audit log: one entry per write, chained by hashes so that an altered or deleted entry shows."""

import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Tạo mới"
        UPDATE = "update", "Sửa"
        DELETE = "delete", "Xóa"
        EVENT = "event", "Sự kiện"

    at = models.DateTimeField("thời điểm", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField("người thực hiện", max_length=150, blank=True)
    source = models.CharField("kênh", max_length=16, blank=True)
    action = models.CharField("hành động", max_length=16, choices=Action.choices)
    object_type = models.CharField("loại đối tượng", max_length=64, db_index=True)
    object_id = models.CharField("mã đối tượng", max_length=64, db_index=True)
    object_repr = models.CharField("đối tượng", max_length=255, blank=True)
    event = models.CharField("sự kiện", max_length=64, blank=True)
    before = models.JSONField("trước", null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField("sau", null=True, blank=True, encoder=DjangoJSONEncoder)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "mục nhật ký"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.get_action_display()} {self.object_repr}"

    def compute_hash(self) -> str:
        payload = {
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "source": self.source,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "event": self.event,
            # Round-trip through JSON so the hash is computed on what the database stores.
            "before": json.loads(json.dumps(self.before, cls=DjangoJSONEncoder)),
            "after": json.loads(json.dumps(self.after, cls=DjangoJSONEncoder)),
            "prev": self.prev_hash,
        }
        canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()
