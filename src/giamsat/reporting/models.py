"""The reporting regime (chế độ báo cáo): rules, periods, agencies' reports, reminders, notifications."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from giamsat.accounts.access import VisibleQuerySet
from giamsat.core.models import TimeStampedModel
from giamsat.core.urging import UrgingKind
from giamsat.reporting.unread import NotificationQuerySet
from giamsat.tasks.models import TaskAssignment


def _rules_of(org_ids):
    """The rules an agency reports under or receives, as a subquery: rules of documents that give it a task,
    that name it as a reporter, or as the recipient. (The exact reporter test, with successions at the
    cut-off, is `reporters.period_reporter_ids`.)"""
    docs = TaskAssignment.objects.filter(organization_id__in=org_ids).values("task__document_id")
    rules = ReportingRule.objects.filter(
        models.Q(document_id__in=docs) | models.Q(reporters__in=org_ids) | models.Q(recipient_id__in=org_ids)
    )
    return rules.values("pk")


class PeriodQuerySet(VisibleQuerySet):
    def of_organizations(self, org_ids):
        return models.Q(rule_id__in=_rules_of(org_ids))


class RuleQuerySet(VisibleQuerySet):
    """An agency sees the rules of the periods it sees."""

    def of_organizations(self, org_ids):
        return models.Q(pk__in=ReportingPeriod.objects.within(org_ids).values("rule_id"))


class ReportQuerySet(VisibleQuerySet):
    """An agency sees its own reports (drafts included) and the reports sent to it as a rule's recipient."""

    def of_organizations(self, org_ids):
        received = models.Q(state=Report.State.SENT, period__rule__recipient_id__in=org_ids)
        return models.Q(organization_id__in=org_ids) | received


class ReminderQuerySet(VisibleQuerySet):
    """An agency sees the reminders it received."""


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Hằng tháng"
    QUARTERLY = "quarterly", "Hằng quý"
    HALF_YEARLY = "6-month", "6 tháng"
    NINE_MONTHS = "9-month", "9 tháng"
    ANNUAL = "annual", "Hằng năm"
    ONCE = "once", "Một lần"


class ReportingRule(TimeStampedModel):
    objects = RuleQuerySet.as_manager()

    document = models.ForeignKey(
        "documents.Document", on_delete=models.CASCADE, related_name="reporting_rules"
    )
    frequency = models.CharField("kỳ báo cáo", max_length=16, choices=Frequency.choices)
    due_day = models.PositiveSmallIntegerField("hạn gửi (ngày)", null=True, blank=True)
    due_month = models.PositiveSmallIntegerField("hạn gửi (tháng)", null=True, blank=True)
    recipient = models.ForeignKey(
        "organizations.Organization",
        verbose_name="nơi nhận báo cáo",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_text = models.CharField("nơi nhận (như ghi trong văn bản)", max_length=255, blank=True)
    reporters = models.ManyToManyField(
        "organizations.Organization",
        related_name="reporting_rules",
        blank=True,
        verbose_name="đơn vị báo cáo",
    )
    source_text = models.TextField("câu gốc", blank=True)
    is_active = models.BooleanField("đang áp dụng", default=True)
    # Periods are opened from this day on; empty: from the document's date (or the rule's creation).
    starts_on = models.DateField("áp dụng từ ngày", null=True, blank=True)

    class Meta:
        verbose_name = "chế độ báo cáo"
        verbose_name_plural = "chế độ báo cáo"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_day__isnull=True) | models.Q(due_day__gte=1, due_day__lte=31),
                name="rule_due_day_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(due_month__isnull=True) | models.Q(due_month__gte=1, due_month__lte=12),
                name="rule_due_month_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} — {self.document}"


class ReportingPeriod(TimeStampedModel):
    objects = PeriodQuerySet.as_manager()

    """One period of a rule, with its data cut-off (Decree 09/2019, art. 12) and due date."""

    rule = models.ForeignKey(ReportingRule, on_delete=models.CASCADE, related_name="periods")
    key = models.CharField("mã kỳ", max_length=16, blank=True, db_index=True)  # 2025-06, 2025-Q2, 2025-H1 ...
    label = models.CharField("kỳ", max_length=32)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày (chốt số liệu)")
    due_date = models.DateField("hạn gửi", db_index=True)
    # The period closes itself on this day (due date + GIAMSAT_REPORT_CLOSE_DAYS); empty: only by hand.
    closes_on = models.DateField("tự khóa từ ngày", null=True, blank=True)
    is_closed = models.BooleanField("đã khóa", default=False)
    closed_at = models.DateTimeField("khóa lúc", null=True, blank=True)

    class Meta:
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        ordering = ["-end"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "start", "end"], name="period_unique"),
            models.UniqueConstraint(
                fields=["rule", "key"], condition=~models.Q(key=""), name="period_key_unique"
            ),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="period_ordered"),
        ]

    def __str__(self) -> str:
        return self.label


class Report(TimeStampedModel):
    """An organization's report for a period. Once sent it is locked; a correction is a new version."""

    objects = ReportQuerySet.as_manager()

    class State(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        APPROVED = "approved", "Đã duyệt"
        SENT = "sent", "Đã gửi"

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reports")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="reports"
    )
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    state = models.CharField("trạng thái", max_length=16, choices=State.choices, default=State.DRAFT)
    nothing_to_report = models.BooleanField("không phát sinh", default=False)
    results = models.TextField("kết quả đạt được", blank=True)
    shortcomings = models.TextField("tồn tại, hạn chế, nguyên nhân", blank=True)
    next_tasks = models.TextField("nhiệm vụ kỳ tới", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    # Optimistic locking: every write increments it; a save based on an older value is refused.
    lock_version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_late = models.BooleanField("gửi muộn", default=False)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="bản trước")
    # The head's «trả lại» (#21): shown to the focal points until the report is approved.
    returned_comment = models.TextField("ý kiến trả lại", blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="người trả lại")
    returned_at = models.DateTimeField("trả lại lúc", null=True, blank=True)
    is_demo = models.BooleanField("dữ liệu mẫu", default=False)

    class Meta:
        verbose_name = "báo cáo của đơn vị"
        verbose_name_plural = "báo cáo của đơn vị"
        constraints = [
            models.UniqueConstraint(fields=["period", "organization", "version"], name="report_version"),
            models.CheckConstraint(
                condition=~models.Q(state="sent") | models.Q(sent_at__isnull=False),
                name="report_sent_has_time",
            ),
        ]
        indexes = [models.Index(fields=["organization", "state"])]

    def __str__(self) -> str:
        # Only what is already loaded: the audit log calls str() on every save.
        period = self.period.label if Report.period.is_cached(self) else f"kỳ #{self.period_id}"
        org = (
            self.organization.display_name
            if Report.organization.is_cached(self)
            else f"đơn vị #{self.organization_id}"
        )
        suffix = f" (phiên bản {self.version})" if self.version > 1 else ""
        return f"Báo cáo {period} — {org}{suffix}"


class Reminder(models.Model):
    """Every urging message sent, before or after a due date, and escalations to the agency head."""

    Kind = UrgingKind  # one vocabulary with the apps that urge beside reporting (core.urging)

    class Channel(models.TextChoices):
        EMAIL = "email", "Thư điện tử"
        IN_APP = "in_app", "Thông báo trong hệ thống"

    period = models.ForeignKey(
        ReportingPeriod, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    task = models.ForeignKey(
        "tasks.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="reminders"
    )
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    message = models.TextField()
    address = models.CharField("địa chỉ thư", max_length=254, blank=True)
    error = models.CharField("lỗi gửi", max_length=255, blank=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)
    is_demo = models.BooleanField(default=False)
    # day:kind:agency:subject:channel:recipient — unique, so that two runners never send one reminder twice
    key = models.CharField(max_length=200, blank=True, editable=False)
    sent_by = models.ForeignKey(  # who urged (a targeted urging); empty for the batch run
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = "lần đôn đốc"
        verbose_name_plural = "nhật ký đôn đốc"
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["organization", "kind", "sent_at"])]
        constraints = [models.UniqueConstraint(fields=["key"], condition=~models.Q(key=""), name="reminder_key_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_channel_display()}) #{self.pk}"


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    message = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()  # keeps the menu's cached unread count current (unread.py)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message[:80]
