"""Organizations (cơ quan, đơn vị), their aliases, groups and the 2025 reorganization."""

from django.db import models

from giamsat.core.models import TimeStampedModel
from giamsat.core.text import fold


class Organization(TimeStampedModel):
    class Level(models.TextChoices):
        CENTRAL = "central", "Trung ương"
        PROVINCE = "province", "Cấp tỉnh"
        DISTRICT = "district", "Cấp huyện"
        COMMUNE = "commune", "Cấp xã"

    class Kind(models.TextChoices):
        PARTY = "party", "Cơ quan Đảng"
        COUNCIL = "council", "Hội đồng nhân dân"
        PEOPLES_COMMITTEE = "peoples_committee", "Ủy ban nhân dân"
        DEPARTMENT = "department", "Sở, ban, ngành"
        OFFICE = "office", "Văn phòng"
        PRESS = "press", "Cơ quan báo chí"
        FRONT = "front", "Mặt trận, đoàn thể"
        UNION = "union", "Công đoàn"
        SECURITY = "security", "Công an, quân sự"
        SCHOOL = "school", "Trường học"
        MINISTRY = "ministry", "Bộ, ngành Trung ương"
        OTHER = "other", "Khác"

    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=64, blank=True)
    code = models.SlugField("mã", max_length=64, unique=True)
    kind = models.CharField("loại", max_length=32, choices=Kind.choices, default=Kind.OTHER)
    level = models.CharField("cấp", max_length=16, choices=Level.choices, default=Level.PROVINCE, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name="trực thuộc", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    email = models.EmailField("thư điện tử", blank=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True, db_index=True)
    is_demo = models.BooleanField("dữ liệu mẫu", default=False)

    class Meta:
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="org_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_active_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class OrganizationAlias(models.Model):
    """Another name of an organization as written in documents ("Sở VHTTDL", "Sở KH&CN")."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField("tên gọi khác", max_length=255)
    key = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        verbose_name = "tên gọi khác"
        verbose_name_plural = "tên gọi khác"
        constraints = [models.UniqueConstraint(fields=["organization", "key"], name="alias_unique_per_org")]

    def __str__(self) -> str:
        return self.alias

    def save(self, *args, **kwargs):
        self.key = fold(self.alias)
        super().save(*args, **kwargs)


class Succession(TimeStampedModel):
    """A merge, split or rename: the tasks of `predecessor` pass to `successor` from `effective_date`."""

    class Kind(models.TextChoices):
        MERGE = "merge", "Hợp nhất, sáp nhập"
        SPLIT = "split", "Chia tách"
        RENAME = "rename", "Đổi tên"
        TRANSFER = "transfer", "Chuyển giao nhiệm vụ"

    predecessor = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="successions_out")
    successor = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="successions_in")
    kind = models.CharField("hình thức", max_length=16, choices=Kind.choices, default=Kind.MERGE)
    effective_date = models.DateField("ngày hiệu lực")
    decision = models.CharField("căn cứ quyết định", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "sắp xếp, kế thừa"
        verbose_name_plural = "sắp xếp, kế thừa"
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique"),
            models.CheckConstraint(condition=~models.Q(predecessor=models.F("successor")), name="succession_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class OrganizationGroup(TimeStampedModel):
    """A collective phrase in plans ("Các sở, ban, ngành") that expands to its member organizations."""

    name = models.CharField("tên nhóm", max_length=255, unique=True)
    phrases = models.JSONField("các cách viết", default=list, blank=True)
    members = models.ManyToManyField(Organization, related_name="groups", blank=True, verbose_name="thành viên")

    class Meta:
        verbose_name = "nhóm cơ quan"
        verbose_name_plural = "nhóm cơ quan"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def keys(self) -> set[str]:
        return {fold(p) for p in [self.name, *self.phrases]}
