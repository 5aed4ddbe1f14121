"""Organizations (cơ quan, đơn vị), their aliases, groups and the 2025 reorganization."""

from django.conf import settings
from django.db import models
from django.dispatch import Signal

from giamsat.core.frame import BulkWritesQuerySet, FrameRowsQuerySet
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
    # National identifiers: the electronic identifier code of QCVN 102:2016/BTTTT and, for administrative
    # units, the administrative-unit code (imported from a list: `giamsat organizations-codes`).
    identifier_code = models.CharField("mã định danh điện tử", max_length=32, blank=True, db_index=True)
    admin_unit_code = models.CharField("mã đơn vị hành chính", max_length=16, blank=True, db_index=True)

    # Bulk writes renew the signed-in frame's kept rows: the header names the user's organization (ADR 0055).
    objects = FrameRowsQuerySet.as_manager()

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
    def codes(self) -> str:
        """"mã định danh / mã ĐVHC", as exports show them (blank parts left out)."""
        return " / ".join(c for c in (self.identifier_code, self.admin_unit_code) if c)

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


class SuccessionQuerySet(BulkWritesQuerySet):
    """Successions make agencies' scopes: their bulk writes renew the scope stamp as a save or a delete does
    through the signals (organizations.selectors.scope_version_bump, ADR 0032 and 0055)."""

    def written(self) -> None:
        _scopes_changed()


# Sent by those bulk writes; organizations.selectors (which reads these models) renews the scopes on it.
successions_written = Signal()


def _scopes_changed() -> None:
    successions_written.send(sender=Succession)


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
    # The recorded reorganization that made it (organizations.reorganize); empty for older rows.
    reorganization = models.ForeignKey(
        "Reorganization", null=True, blank=True, on_delete=models.CASCADE, related_name="successions"
    )

    objects = SuccessionQuerySet.as_manager()

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


class Reorganization(TimeStampedModel):
    """A decision that reorganizes agencies (ADR 0031): recorded, applied on its effective date (what moves
    is kept as `Transfer` rows), reverted only before anyone acted under it."""

    class Kind(models.TextChoices):
        MERGE = "merge", "Hợp nhất, sáp nhập"
        SPLIT = "split", "Chia tách"
        RENAME = "rename", "Đổi tên"
        DISSOLVE = "dissolve", "Giải thể"
        REPARENT = "reparent", "Thay đổi cơ quan cấp trên"

    class State(models.TextChoices):
        RECORDED = "recorded", "Đã ghi nhận, chờ ngày hiệu lực"
        APPLIED = "applied", "Đã có hiệu lực"
        REVERTED = "reverted", "Đã hủy bỏ"

    class Rule(models.TextChoices):
        AREA = "area", "Theo địa bàn: mỗi đơn vị kế thừa thực hiện trên địa bàn của mình"
        LIST = "list", "Theo danh sách phân công từng nhiệm vụ"
        MANUAL = "manual", "Phân công thủ công (chưa phân: đơn vị kế thừa thứ nhất)"

    kind = models.CharField("hình thức", max_length=16, choices=Kind.choices)
    state = models.CharField("trạng thái", max_length=16, choices=State.choices, default=State.RECORDED,
                             db_index=True)
    effective_date = models.DateField("ngày hiệu lực", db_index=True)
    predecessors = models.ManyToManyField(Organization, related_name="reorganizations_out", blank=True,
                                          verbose_name="đơn vị trước sắp xếp")
    successors = models.ManyToManyField(Organization, related_name="reorganizations_in", blank=True,
                                        verbose_name="đơn vị sau sắp xếp")
    rule = models.CharField("cách phân nhiệm vụ khi chia tách", max_length=16, choices=Rule.choices, blank=True)
    task_map = models.JSONField("phân công nhiệm vụ", default=dict, blank=True)  # "task id" → [organization ids]
    new_name = models.CharField("tên mới", max_length=255, blank=True)
    new_parent = models.ForeignKey(Organization, verbose_name="cơ quan cấp trên mới", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    document_number = models.CharField("số văn bản quyết định", max_length=64)
    document_date = models.DateField("ngày văn bản", null=True, blank=True)
    document_issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    # The deciding document in the registry, when it is there (a string reference: documents sit above).
    document = models.ForeignKey("documents.Document", verbose_name="văn bản trong hệ thống", null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField("ghi chú", blank=True)
    created_orgs = models.JSONField(default=list, blank=True)  # ids of the agencies it created
    corrects = models.ForeignKey("self", verbose_name="đính chính cho", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="corrections")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    applied_at = models.DateTimeField("áp dụng lúc", null=True, blank=True)
    reverted_at = models.DateTimeField("hủy lúc", null=True, blank=True)

    class Meta:
        verbose_name = "quyết định sắp xếp"
        verbose_name_plural = "quyết định sắp xếp"
        ordering = ["-effective_date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} theo {self.document_number} (hiệu lực {self.effective_date:%d/%m/%Y})"


class Transfer(models.Model):
    """One thing a reorganization moved when it took effect, with what its revert needs. Open tasks carry
    the mark "chuyển từ …" from these rows."""

    reorganization = models.ForeignKey(Reorganization, on_delete=models.CASCADE, related_name="transfers")
    what = models.CharField("loại", max_length=32, db_index=True)  # the part's key: "task", "report", ...
    object_id = models.BigIntegerField()
    label = models.CharField("nội dung", max_length=255, blank=True)
    role = models.CharField("vai trò", max_length=16, blank=True)
    from_organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE,
                                          related_name="transfers_out")
    to_organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE,
                                        related_name="transfers_in")
    undo = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "nội dung chuyển giao"
        verbose_name_plural = "nội dung chuyển giao"
        indexes = [models.Index(fields=["what", "object_id"])]

    def __str__(self) -> str:
        return f"{self.label} → {f'đơn vị số {self.to_organization_id}' if self.to_organization_id else '—'}"


class ScopeVersion(models.Model):
    """One row whose number grows with every change of successions: each process compares it, once per
    request, with the scope it computed when GIAMSAT_FRAME_CACHE_SECONDS is 0; otherwise a stamp in the shared
    cache renewed by the same writes is compared, with no query (organizations.selectors, ADR 0055)."""

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "phiên bản phạm vi"

    def __str__(self) -> str:
        return str(self.number)
