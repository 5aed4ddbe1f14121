"""Outreach activities (hoạt động tuyên truyền) that the propaganda plans ask agencies to report."""

from django.conf import settings
from django.db import models

from giamsat.accounts.access import VisibleQuerySet
from giamsat.core.models import TimeStampedModel


class OutreachQuerySet(VisibleQuerySet):
    """An agency sees its own outreach activities."""


class OutreachActivity(TimeStampedModel):
    objects = OutreachQuerySet.as_manager()

    class Kind(models.TextChoices):
        NEWS = "news", "Tin, bài"
        BROADCAST = "broadcast", "Phóng sự, chương trình phát thanh - truyền hình"
        INFOGRAPHIC = "infographic", "Infographic, ấn phẩm"
        VIDEO = "video", "Video, clip"
        CONFERENCE = "conference", "Hội nghị, hội thảo"
        TRAINING = "training", "Tập huấn, bồi dưỡng"
        CONTEST = "contest", "Cuộc thi"
        OTHER = "other", "Khác"

    class Channel(models.TextChoices):
        PRESS = "press", "Báo chí"
        RADIO_TV = "radio_tv", "Phát thanh, truyền hình"
        WEB = "web", "Cổng, trang thông tin điện tử"
        SOCIAL = "social", "Mạng xã hội"
        LOUDSPEAKER = "loudspeaker", "Hệ thống truyền thanh cơ sở"
        EVENT = "event", "Sự kiện trực tiếp"
        PRINT = "print", "Tài liệu, tờ rơi, pano"
        OTHER = "other", "Khác"

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="outreach")
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task = models.ForeignKey("tasks.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="outreach")
    kind = models.CharField("hình thức", max_length=16, choices=Kind.choices)
    channel = models.CharField("kênh", max_length=16, choices=Channel.choices)
    title = models.CharField("tiêu đề", max_length=500)
    date = models.DateField("ngày thực hiện", db_index=True)
    count = models.PositiveIntegerField("số lượng", default=1)
    audience = models.PositiveIntegerField("số người tham dự/tiếp cận", null=True, blank=True)
    link = models.URLField("đường dẫn", max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = "hoạt động tuyên truyền"
        verbose_name_plural = "hoạt động tuyên truyền"
        ordering = ["-date"]
