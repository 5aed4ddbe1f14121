"""Indicators (chỉ tiêu) with targets by year, and their values per period and organization."""

from django.conf import settings
from django.db import models

from giamsat.accounts.access import VisibleQuerySet
from giamsat.core.models import TimeStampedModel


class IndicatorQuerySet(VisibleQuerySet):
    """An agency sees the indicators its organizations answer for, and the published ones (as everyone,
    the public page included, does)."""

    organization_field = "responsible_id"

    def seen_by_everyone(self):
        return models.Q(is_published=True)


class OrganizationRowQuerySet(VisibleQuerySet):
    """Values and explanation requests: an agency sees those of its organizations."""


class Comparator(models.TextChoices):
    GT = ">", "lớn hơn"
    GE = ">=", "từ … trở lên"
    EQ = "=", "bằng"
    LT = "<", "nhỏ hơn"
    LE = "<=", "không quá"
    RANGE = "range", "trong khoảng"


class Indicator(TimeStampedModel):
    objects = IndicatorQuerySet.as_manager()

    class Direction(models.TextChoices):
        INCREASE = "increase", "Càng cao càng tốt"
        DECREASE = "decrease", "Càng thấp càng tốt"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Hằng tháng"
        QUARTERLY = "quarterly", "Hằng quý"
        HALF_YEARLY = "6-month", "6 tháng"
        ANNUAL = "annual", "Hằng năm"

    class Aggregation(models.TextChoices):
        SUM = "sum", "Tổng"
        AVERAGE = "avg", "Trung bình"
        LATEST = "latest", "Giá trị mới nhất"
        RATIO = "ratio", "Tỷ lệ của hai chỉ tiêu"

    code = models.CharField("mã", max_length=32, unique=True)
    name = models.TextField("tên chỉ tiêu")
    unit = models.CharField("đơn vị tính", max_length=64, blank=True)
    direction = models.CharField("chiều", max_length=16, choices=Direction.choices, default=Direction.INCREASE)
    comparator = models.CharField("so sánh", max_length=8, choices=Comparator.choices, default=Comparator.GE)
    baseline_value = models.DecimalField("giá trị cơ sở", max_digits=18, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField("năm cơ sở", null=True, blank=True)
    min_value = models.DecimalField("giá trị nhỏ nhất hợp lệ", max_digits=18, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField("giá trị lớn nhất hợp lệ", max_digits=18, decimal_places=4, null=True, blank=True)
    responsible = models.ForeignKey(
        "organizations.Organization",
        verbose_name="cơ quan chịu trách nhiệm",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    frequency = models.CharField("tần suất", max_length=16, choices=Frequency.choices, default=Frequency.ANNUAL)
    aggregation = models.CharField("cách tổng hợp", max_length=16, choices=Aggregation.choices, default="latest")
    numerator = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    denominator = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    source_text = models.TextField("câu gốc trong văn bản", blank=True)
    is_published = models.BooleanField("công khai", default=False)
    is_demo = models.BooleanField("dữ liệu mẫu", default=False)
    # The combined series (indicators.series): stored so that lists and dashboards need not read values.
    series = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name[:80]}"


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField("năm")
    value = models.DecimalField("giá trị", max_digits=18, decimal_places=4)
    value_max = models.DecimalField("giá trị trên (khoảng)", max_digits=18, decimal_places=4, null=True, blank=True)
    comparator = models.CharField("so sánh", max_length=8, choices=Comparator.choices, default=Comparator.GE)
    source_text = models.TextField("câu gốc", blank=True)

    class Meta:
        verbose_name = "mục tiêu theo năm"
        verbose_name_plural = "mục tiêu theo năm"
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_unique_year"),
            models.CheckConstraint(
                condition=models.Q(value_max__isnull=True) | models.Q(value_max__gte=models.F("value")),
                name="target_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} — {self.year}"


class IndicatorValue(TimeStampedModel):
    objects = OrganizationRowQuerySet.as_manager()

    class Review(models.TextChoices):
        PENDING = "pending", "Chờ duyệt"
        REJECTED = "rejected", "Từ chối"
        VERIFIED = "verified", "Đã duyệt"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    period = models.CharField("kỳ", max_length=16, help_text="2025, 2025-Q1, 2025-H1 hoặc 2025-06")
    period_end = models.DateField("cuối kỳ", db_index=True)
    value = models.DecimalField("giá trị", max_digits=18, decimal_places=4)
    is_estimate = models.BooleanField("ước thực hiện", default=False)
    source = models.CharField("nguồn số liệu", max_length=255, blank=True)
    review = models.CharField("trạng thái duyệt", max_length=16, choices=Review.choices, default=Review.PENDING)
    review_note = models.TextField("lý do, ghi chú duyệt", blank=True)
    reviewed_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField("dữ liệu mẫu", default=False)

    class Meta:
        verbose_name = "giá trị chỉ tiêu"
        verbose_name_plural = "giá trị chỉ tiêu"
        ordering = ["indicator", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "organization", "period"], name="value_unique_period"),
            models.CheckConstraint(
                condition=~models.Q(review="rejected") | ~models.Q(review_note=""), name="value_rejection_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["review", "indicator"])]

    def __str__(self) -> str:
        # Only what is already loaded: the audit log calls str() on every save.
        code = self.indicator.code if IndicatorValue.indicator.is_cached(self) else f"chỉ tiêu #{self.indicator_id}"
        return f"{code} kỳ {self.period}: {self.value}"


class ExplanationRequest(TimeStampedModel):
    objects = OrganizationRowQuerySet.as_manager()

    """A leader's or the office's request that the responsible unit explain an indicator (yêu cầu giải trình)."""

    class State(models.TextChoices):
        OPEN = "open", "Chờ giải trình"
        ANSWERED = "answered", "Đã giải trình"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="explanations")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="đơn vị giải trình", on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField("nội dung yêu cầu")
    due_date = models.DateField("hạn giải trình", null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField("trạng thái", max_length=16, choices=State.choices, default=State.OPEN)
    answer = models.TextField("nội dung giải trình", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField("giải trình lúc", null=True, blank=True)
    is_demo = models.BooleanField("dữ liệu mẫu", default=False)

    class Meta:
        verbose_name = "yêu cầu giải trình"
        verbose_name_plural = "yêu cầu giải trình"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="answered") | ~models.Q(answer=""), name="explanation_answered_has_text"
            )
        ]

    def __str__(self) -> str:
        code = self.indicator.code if ExplanationRequest.indicator.is_cached(self) else f"#{self.indicator_id}"
        return f"Yêu cầu giải trình chỉ tiêu {code}"
