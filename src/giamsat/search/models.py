"""The search index: one row per searchable object with its text folded (no accents, lower case)."""

from django.db import models


class SearchEntry(models.Model):
    """A derived copy (like the stored task status): rebuilt by `giamsat search-index`, kept current by
    signals on every save; not audited and not backed up (ADR 0014)."""

    class Kind(models.TextChoices):
        TASK = "task", "Nhiệm vụ"
        DOCUMENT = "document", "Văn bản"
        ORGANIZATION = "organization", "Cơ quan, đơn vị"
        INDICATOR = "indicator", "Chỉ tiêu"
        UPDATE = "update", "Cập nhật tiến độ"
        REPORT = "report", "Báo cáo định kỳ"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.BigIntegerField()
    # " word word ...": folded words, each preceded by a space, so " chuyen" finds words that start so.
    key = models.TextField()

    class Meta:
        verbose_name = "mục tìm kiếm"
        verbose_name_plural = "chỉ mục tìm kiếm"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}"
