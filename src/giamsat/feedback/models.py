"""Feedback (phản ánh, kiến nghị, sáng kiến) from agencies and the public, routed and answered."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from giamsat.accounts.access import VisibleQuerySet
from giamsat.core.models import TimeStampedModel
from giamsat.core.storage import UniqueName


class FeedbackQuerySet(VisibleQuerySet):
    """An agency sees the feedback routed to it for an answer and the feedback it sent."""

    def of_organizations(self, org_ids):
        return Q(routed_to_id__in=org_ids) | Q(submitter_organization_id__in=org_ids)

    def published(self):
        """What the public page shows: answers the office published, of items neither merged nor rejected."""
        return self.filter(is_public=True, state__in=[Feedback.State.ANSWERED, Feedback.State.CLOSED])


class Feedback(TimeStampedModel):
    objects = FeedbackQuerySet.as_manager()

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "Phản ánh"
        PROPOSAL = "proposal", "Kiến nghị"
        INITIATIVE = "initiative", "Sáng kiến"

    class State(models.TextChoices):
        RECEIVED = "received", "Đã tiếp nhận, chờ phân loại"
        ROUTED = "routed", "Đã chuyển cơ quan xử lý"
        ANSWERED = "answered", "Đã trả lời"
        CLOSED = "closed", "Đã kết thúc"
        REJECTED = "rejected", "Không tiếp nhận"
        MERGED = "merged", "Đã gộp với phản ánh trùng"

    tracking_code = models.CharField("mã tra cứu", max_length=16, unique=True)
    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    state = models.CharField("trạng thái", max_length=16, choices=State.choices, default=State.RECEIVED,
                             db_index=True)
    subject = models.CharField("tiêu đề", max_length=255)
    content = models.TextField("nội dung")
    # Personal data of a public submitter: shown to the monitoring office only, never on public pages,
    # never in exports (ADR 0030).
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
    # Split to several agencies: each further agency answers its own part, a child item.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="parts")
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="duplicates")
    task = models.ForeignKey("tasks.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reject_reason = models.TextField("lý do không tiếp nhận", blank=True)
    routed_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField("trả lời", blank=True)
    answer_due = models.DateField("hạn trả lời", null=True, blank=True, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reassign_reason = models.TextField("đề nghị chuyển cơ quan khác", blank=True)
    reassign_requested_at = models.DateTimeField(null=True, blank=True)
    is_public = models.BooleanField("công khai trả lời", default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    # Urging of an overdue answer: 1 the agency, 2 its head, 3 the office (feedback.urging).
    reminder_level = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["routed_to", "state", "answer_due"]),
            models.Index(fields=["-created_at", "-id"], name="feedback_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code}: {self.subject}"

    @property
    def is_open(self) -> bool:
        """Waiting for the agency's answer."""
        return self.state == self.State.ROUTED


class FeedbackFile(models.Model):
    """A file sent with the feedback (evidence) or with the agency's answer."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="files")
    is_answer = models.BooleanField(default=False)
    file = models.FileField(upload_to=UniqueName("feedback"))
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp kèm phản ánh"
        verbose_name_plural = "tệp kèm phản ánh"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename
