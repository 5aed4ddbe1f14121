"""What each user wants to receive where, and every message sent on their behalf (ADR 0041)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Channel(models.TextChoices):
    IN_APP = "in_app", "Trong hệ thống"
    EMAIL = "email", "Thư điện tử"
    ZALO = "zalo", "Zalo"
    TELEGRAM = "telegram", "Telegram"


class Kind(models.TextChoices):
    REMINDER = "reminder", "Nhắc hạn"
    URGING = "urging", "Đôn đốc"
    ALERT = "alert", "Cảnh báo"
    FEEDBACK = "feedback", "Phản ánh, kiến nghị"
    NOTICE = "notice", "Thông báo"
    DIGEST = "digest", "Bản tin hằng ngày"


class ChannelSettings(models.Model):
    """One user's choice; in-app is always on. No row: e-mail on (when the user has an address), nothing else."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_settings")
    email = models.BooleanField("thư điện tử", default=True)
    zalo = models.BooleanField("Zalo", default=False)
    zalo_user_id = models.CharField("mã người dùng Zalo (theo Official Account)", max_length=64, blank=True)
    telegram = models.BooleanField("Telegram", default=False)
    telegram_chat_id = models.CharField("mã cuộc trò chuyện Telegram (chat id)", max_length=64, blank=True)
    digest = models.BooleanField("gộp thành bản tin mỗi ngày", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kênh nhận thông báo"
        verbose_name_plural = "kênh nhận thông báo"

    def __str__(self) -> str:
        return f"Kênh của {self.user}"


class Delivery(models.Model):
    """One message to one user (or address) on one channel, with its delivery history."""

    class State(models.TextChoices):
        PENDING = "pending", "Chờ gửi"
        HELD = "held", "Chờ bản tin hằng ngày"
        SENT = "sent", "Đã gửi"
        FAILED = "failed", "Không gửi được"
        MERGED = "merged", "Đã gộp vào bản tin"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="deliveries")
    address = models.CharField("địa chỉ", max_length=254, blank=True)  # e-mail, chat id, Zalo user id
    channel = models.CharField("kênh", max_length=16, choices=Channel.choices)
    kind = models.CharField("loại", max_length=16, choices=Kind.choices, default=Kind.NOTICE)
    subject = models.CharField("tiêu đề", max_length=300)
    text = models.TextField("nội dung")
    link = models.CharField(max_length=500, blank=True)
    key = models.CharField(max_length=200, blank=True)  # what it is about, for notices sent once (alerts)
    state = models.CharField("trạng thái", max_length=16, choices=State.choices, default=State.PENDING)
    created = models.DateTimeField("tạo lúc", default=timezone.now)
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField("gửi được lúc", null=True, blank=True)
    last_error = models.CharField("lỗi lần cuối", max_length=500, blank=True)
    answer = models.TextField("trả lời của kênh", blank=True)  # the remote API's last answer, shortened
    digest = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="items")

    class Meta:
        verbose_name = "lượt gửi thông báo"
        verbose_name_plural = "nhật ký gửi thông báo"
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["user", "key"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.subject[:60]}"


class Mark(models.Model):
    """"This was announced": a notice about several things at once (alerts grouped per agency) remembers
    each thing it named, so the next run tells only what is new (`dispatch.unmarked`, `dispatch.mark`)."""

    key = models.CharField(max_length=200, unique=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "đã thông báo"
        verbose_name_plural = "đã thông báo"

    def __str__(self) -> str:
        return self.key
