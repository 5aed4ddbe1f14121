"""Feedback (phản ánh, kiến nghị, sáng kiến) from agencies and the public, routed and answered."""

from django.conf import settings
from django.db import models

from giamsat.accounts.access import VisibleQuerySet
from giamsat.core.models import TimeStampedModel


class FeedbackQuerySet(VisibleQuerySet):
    """An agency sees the feedback routed to it for an answer and the feedback it sent."""

    def of_organizations(self, org_ids):
        return models.Q(routed_to_id__in=org_ids) | models.Q(submitter_organization_id__in=org_ids)


class Feedback(TimeStampedModel):
    objects = FeedbackQuerySet.as_manager()

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "Phản ánh"
        PROPOSAL = "proposal", "Kiến nghị"
        INITIATIVE = "initiative", "Sáng kiến"

    class State(models.TextChoices):
        RECEIVED = "received", "Đã tiếp nhận"
        ROUTED = "routed", "Đã chuyển xử lý"
        IN_PROGRESS = "in_progress", "Đang xử lý"
        ANSWERED = "answered", "Đã trả lời"
        CLOSED = "closed", "Đã đóng"

    tracking_code = models.CharField("mã tra cứu", max_length=16, unique=True)
    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    state = models.CharField("trạng thái", max_length=16, choices=State.choices, default=State.RECEIVED)
    subject = models.CharField("tiêu đề", max_length=255)
    content = models.TextField("nội dung")
    # Personal data of a public submitter: never shown on public pages or exported.
    submitter_name = models.CharField("họ tên người gửi", max_length=255, blank=True)
    submitter_contact = models.CharField("liên hệ", max_length=255, blank=True)
    submitter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitter_organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    routed_to = models.ForeignKey(
        "organizations.Organization",
        verbose_name="cơ quan xử lý",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_items",
    )
    task = models.ForeignKey("tasks.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField("trả lời", blank=True)
    answer_due = models.DateField("hạn trả lời", null=True, blank=True, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    is_public = models.BooleanField("công khai trả lời", default=False)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.tracking_code}: {self.subject}"
