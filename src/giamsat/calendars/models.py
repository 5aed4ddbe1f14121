from django.conf import settings
from django.db import models
from django.utils import timezone


class CalendarFeed(models.Model):
    """A user's secret calendar address (ADR 0041): only its SHA-256 is kept; revoking deletes the row."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    key_hash = models.CharField(max_length=64, unique=True)
    key_prefix = models.CharField(max_length=8)  # shown on the profile page to tell addresses apart
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "địa chỉ lịch hạn"
        verbose_name_plural = "địa chỉ lịch hạn"

    def __str__(self) -> str:
        return f"Lịch của {self.user} ({self.key_prefix}…)"
