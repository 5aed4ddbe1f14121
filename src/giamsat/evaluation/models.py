"""Criteria sets (bộ tiêu chí), evaluations per period and level, their frozen results, the office's
adjustments, agencies' objections, and the priority of a task for scoring (ADR 0027)."""

from django.conf import settings
from django.db import models

from giamsat.accounts.access import VisibleQuerySet
from giamsat.core.models import TimeStampedModel

DEFAULT_BANDS = [{"name": "A", "min": 90}, {"name": "B", "min": 80}, {"name": "C", "min": 65},
                 {"name": "D", "min": 50}, {"name": "E", "min": 0}]


class Level(models.TextChoices):
    DEPARTMENT = "department", "Sở, ban, ngành tỉnh"
    COMMUNE = "commune", "Ủy ban nhân dân cấp xã"


class CriteriaSet(TimeStampedModel):
    """A version of the criteria of one level. Editing makes a new version; evaluations keep theirs."""

    level = models.CharField("cấp đánh giá", max_length=16, choices=Level.choices)
    version = models.PositiveIntegerField("phiên bản", default=1)
    name = models.CharField("tên bộ tiêu chí", max_length=255)
    is_current = models.BooleanField("đang áp dụng", default=True)
    bands = models.JSONField("các mức xếp loại", default=list)  # [{"name", "min"}], highest first
    lead_weight = models.DecimalField("hệ số chủ trì", max_digits=4, decimal_places=2, default=1)
    coordinator_weight = models.DecimalField("hệ số phối hợp", max_digits=4, decimal_places=2, default="0.3")
    bonus_cap = models.DecimalField("trần điểm thưởng", max_digits=5, decimal_places=2, default=5)
    penalty_cap = models.DecimalField("trần điểm trừ", max_digits=5, decimal_places=2, default=10)
    objection_days = models.PositiveSmallIntegerField("số ngày được khiếu nại sau khi công bố", default=10)
    note = models.TextField("căn cứ, ghi chú", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    is_demo = models.BooleanField("dữ liệu mẫu", default=False)

    class Meta:
        verbose_name = "bộ tiêu chí"
        verbose_name_plural = "bộ tiêu chí"
        ordering = ["level", "-version"]
        constraints = [models.UniqueConstraint(fields=["level", "version"], name="criteria_set_version_unique")]

    def __str__(self) -> str:
        return f"{self.name} (phiên bản {self.version})"


class Criterion(models.Model):
    class Kind(models.TextChoices):
        SCORE = "score", "Chấm điểm"
        BONUS = "bonus", "Điểm thưởng"
        PENALTY = "penalty", "Điểm trừ"

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    group = models.CharField("nhóm tiêu chí", max_length=255)
    code = models.CharField("mã", max_length=16)
    name = models.CharField("tên tiêu chí", max_length=500)
    kind = models.CharField("loại", max_length=16, choices=Kind.choices, default=Kind.SCORE)
    max_points = models.DecimalField("điểm tối đa", max_digits=6, decimal_places=2)
    unit_points = models.DecimalField("điểm mỗi lần (thưởng, trừ)", max_digits=6, decimal_places=2, default=1)
    formula = models.CharField("công thức", max_length=32)

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["criteria_set_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class TaskPriority(models.Model):
    """How much a task weighs in the evaluation (1–3); a task without a row weighs 1."""

    task = models.OneToOneField("tasks.Task", on_delete=models.CASCADE, related_name="evaluation_priority")
    priority = models.PositiveSmallIntegerField("mức ưu tiên", default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "mức ưu tiên của nhiệm vụ"
        verbose_name_plural = "mức ưu tiên của nhiệm vụ"
        constraints = [models.CheckConstraint(condition=models.Q(priority__gte=1, priority__lte=3),
                                              name="task_priority_1_to_3")]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.priority}"


PUBLISHED_STATES = ("published", "superseded")


class EvaluationQuerySet(VisibleQuerySet):
    """An agency sees the published evaluations (and only its own rows of them)."""

    def of_organizations(self, org_ids):
        return models.Q(state__in=PUBLISHED_STATES)


class Evaluation(TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        PUBLISHED = "published", "Đã công bố"
        SUPERSEDED = "superseded", "Đã được thay thế"

    objects = EvaluationQuerySet.as_manager()

    period = models.CharField("kỳ đánh giá", max_length=8, db_index=True)  # 2026-Q3, 2026-H1, 2026
    level = models.CharField("cấp đánh giá", max_length=16, choices=Level.choices)
    version = models.PositiveIntegerField("phiên bản", default=1)
    as_of = models.DateField("số liệu tính đến ngày")
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="evaluations")
    state = models.CharField("trạng thái", max_length=16, choices=State.choices, default=State.DRAFT)
    previous_version = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+")
    show_public = models.BooleanField("công khai xếp loại trên trang công khai", default=False)
    computed_at = models.DateTimeField("tính lúc", null=True, blank=True)
    published_at = models.DateTimeField("công bố lúc", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    objection_deadline = models.DateField("hạn khiếu nại, giải trình", null=True, blank=True)
    criteria_snapshot = models.JSONField("bộ tiêu chí áp dụng", default=dict)  # frozen at each run
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    is_demo = models.BooleanField("dữ liệu mẫu", default=False)

    class Meta:
        verbose_name = "đợt đánh giá"
        verbose_name_plural = "đợt đánh giá"
        ordering = ["-period", "level", "-version"]
        constraints = [models.UniqueConstraint(fields=["period", "level", "version"],
                                               name="evaluation_version_unique")]

    def __str__(self) -> str:
        from giamsat.evaluation.periods import parse_period

        return f"Đánh giá {self.get_level_display().lower()} {parse_period(self.period).label} (lần {self.version})"

    @property
    def period_label(self) -> str:
        from giamsat.evaluation.periods import parse_period

        return parse_period(self.period).label

    @property
    def is_published(self) -> bool:
        return self.state in PUBLISHED_STATES


class ResultQuerySet(VisibleQuerySet):
    def of_organizations(self, org_ids):
        return models.Q(organization_id__in=org_ids, evaluation__state__in=PUBLISHED_STATES)


class Result(models.Model):
    """One agency's score in one evaluation; frozen once the evaluation is published."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="results")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField("điểm", max_digits=5, decimal_places=2)
    band = models.CharField("xếp loại", max_length=16)
    rank = models.PositiveIntegerField("xếp hạng")
    base = models.JSONField(default=dict)  # the facts read (for a recomputation with adjustments)
    criteria = models.JSONField("điểm theo tiêu chí", default=list)  # [{code, name, points, max_points, items}]
    head_name = models.CharField("người đứng đầu", max_length=255, blank=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = "kết quả đánh giá"
        verbose_name_plural = "kết quả đánh giá"
        ordering = ["evaluation_id", "rank", "organization_id"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "organization"], name="result_unique")]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.score} ({self.band})"


class AdjustmentQuerySet(VisibleQuerySet):
    def of_organizations(self, org_ids):
        return models.Q(organization_id__in=org_ids, evaluation__state__in=PUBLISHED_STATES)


class Adjustment(models.Model):
    """Points added or taken by the office, with the reason and the document that decides it."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="adjustments")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("điểm điều chỉnh", max_digits=6, decimal_places=2)
    reason = models.TextField("lý do")
    document_number = models.CharField("số văn bản", max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AdjustmentQuerySet.as_manager()

    class Meta:
        verbose_name = "điều chỉnh điểm"
        verbose_name_plural = "điều chỉnh điểm"
        ordering = ["evaluation_id", "organization_id", "id"]

    def __str__(self) -> str:
        return f"{self.points:+} điểm: {self.reason[:80]}"


class ObjectionQuerySet(VisibleQuerySet):
    organization_field = "organization_id"


class Objection(TimeStampedModel):
    """An agency's reasoned objection (khiếu nại, giải trình) to its published result, and the answer."""

    class State(models.TextChoices):
        OPEN = "open", "Chờ trả lời"
        ANSWERED = "answered", "Đã trả lời"

    objects = ObjectionQuerySet.as_manager()

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="objections")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("nội dung khiếu nại, giải trình")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField("trạng thái", max_length=16, choices=State.choices, default=State.OPEN)
    answer = models.TextField("trả lời", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    adjustment = models.ForeignKey(Adjustment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "khiếu nại, giải trình"
        verbose_name_plural = "khiếu nại, giải trình"
        ordering = ["-created_at", "-id"]
