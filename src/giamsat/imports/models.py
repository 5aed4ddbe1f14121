"""An import of a plan file: extracted, reviewed by a person, then committed in one transaction."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from giamsat.accounts.access import VisibleQuerySet
from giamsat.core.models import TimeStampedModel
from giamsat.core.storage import UniqueName


class ImportJobQuerySet(VisibleQuerySet):
    """An import belongs to no organization: agencies see none (and only managers open the pages)."""

    def of_organizations(self, org_ids):
        return models.Q(pk__in=[])


class ImportJob(TimeStampedModel):
    objects = ImportJobQuerySet.as_manager()

    class State(models.TextChoices):
        READING = "reading", "Đang đọc tệp"
        FAILED = "failed", "Không đọc được"
        REVIEW = "review", "Chờ rà soát"
        COMMITTING = "committing", "Đang ghi vào hệ thống"
        COMMITTED = "committed", "Đã nhập"
        DISCARDED = "discarded", "Đã hủy"

    class Kind(models.TextChoices):
        DOCUMENT = "document", "Văn bản"
        EOFFICE = "eoffice", "Nhiệm vụ từ hệ thống điều hành"

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    # A plan file (one document) or an e-office task export (rows of tasks, imports.eoffice).
    kind = models.CharField("loại tệp nhập", max_length=16, choices=Kind.choices, default=Kind.DOCUMENT)
    filename = models.CharField("tên tệp", max_length=255)
    file = models.FileField("tệp", upload_to=UniqueName("imports"))
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    state = models.CharField("trạng thái", max_length=16, choices=State.choices, default=State.REVIEW)
    extraction = models.JSONField("kết quả trích xuất", default=dict)
    proposal = models.JSONField("đề xuất sau rà soát", default=dict)
    warnings = models.JSONField(default=list, blank=True)
    duplicate_of = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="import_jobs"
    )
    # a scan is read (OCR) in the background: pages done of pages to read, and when it last moved
    pages_done = models.PositiveIntegerField("số trang đã đọc", default=0)
    pages_total = models.PositiveIntegerField("số trang cần đọc", default=0)
    progress_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField("lỗi khi đọc", max_length=500, blank=True)
    unsure_words = models.JSONField("từ nhận dạng không chắc chắn", default=list, blank=True)
    # a large e-office import is committed in the background (imports.committing): rows to write, who asked;
    # the rows written so far are in the shared cache while the commit's transaction is open
    rows_done = models.PositiveIntegerField("số dòng đã ghi", default=0)
    rows_total = models.PositiveIntegerField("số dòng cần ghi", default=0)
    committed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        verbose_name = "lượt nhập văn bản"
        verbose_name_plural = "lượt nhập văn bản"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    STALE_AFTER = dt.timedelta(minutes=10)

    @property
    def stalled(self) -> bool:
        """Reading (or a background commit) not moved for 10 minutes: the process running it stopped (a restart).
        A commit's `progress_at` is set from its progress (imports.committing.commit_progress) when shown."""
        last = self.progress_at or self.created_at
        return (self.state in (self.State.READING, self.State.COMMITTING) and last is not None
                and timezone.now() - last > self.STALE_AFTER)


class EofficeMapping(TimeStampedModel):
    """The columns of one e-office system's export, as last confirmed: the next upload from it starts there."""

    source = models.CharField("hệ thống nguồn", max_length=100, unique=True)
    headers = models.JSONField("tiêu đề cột", default=list)
    mapping = models.JSONField("ghép cột", default=dict)

    class Meta:
        verbose_name = "ghép cột hệ thống điều hành"
        verbose_name_plural = "ghép cột hệ thống điều hành"

    def __str__(self) -> str:
        return self.source


class EofficeTaskLink(TimeStampedModel):
    """A task that came from an e-office row, by that system's identifier: a re-import updates it."""

    source = models.CharField("hệ thống nguồn", max_length=100)
    external_id = models.CharField("mã trong hệ thống nguồn", max_length=255)
    task = models.ForeignKey("tasks.Task", on_delete=models.CASCADE, related_name="eoffice_links")
    last_status = models.CharField("tình trạng lần nhập trước", max_length=255, blank=True)

    class Meta:
        verbose_name = "nhiệm vụ từ hệ thống điều hành"
        verbose_name_plural = "nhiệm vụ từ hệ thống điều hành"
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], name="eoffice_link_unique")]

    def __str__(self) -> str:
        return f"{self.source}: {self.external_id}"
