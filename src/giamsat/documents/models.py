"""Documents (văn bản) and the typed relations that form the cascade from the Politburo to a commune."""

from django.apps import apps
from django.db import models

from giamsat.accounts.access import VisibleQuerySet
from giamsat.core.models import TimeStampedModel
from giamsat.core.storage import UniqueName


class DocumentQuerySet(VisibleQuerySet):
    """An agency sees the documents that give it a task, that it issued, and the published ones."""

    def of_organizations(self, org_ids):
        # Tasks sit above documents (ADR 0002): their assignments are reached through the app registry.
        assignments = apps.get_model("tasks", "TaskAssignment").objects.filter(organization_id__in=org_ids)
        return models.Q(pk__in=assignments.values("task__document_id")) | models.Q(issuer_id__in=org_ids)

    def seen_by_everyone(self):
        return models.Q(is_published=True)


def with_document(qs: models.QuerySet, field: str = "document") -> models.QuerySet:
    """`qs` with the document of `field` joined for display (its type, number, date, title) without its full
    text: tens of kilobytes a document, which every row of a list carried otherwise (fifty tasks of one plan,
    fifty copies of the plan's text read and decoded). The few readers of the text (search index, questions
    and answers, the aggregated report's headings) read it from the document itself."""
    return qs.select_related(field).defer(f"{field}__full_text")


class DocumentType(models.TextChoices):
    NGHI_QUYET = "Nghị quyết", "Nghị quyết"
    CHUONG_TRINH = "Chương trình hành động", "Chương trình hành động"
    KE_HOACH = "Kế hoạch", "Kế hoạch"
    HUONG_DAN = "Hướng dẫn", "Hướng dẫn"
    CONG_VAN = "Công văn", "Công văn"
    THONG_BAO = "Thông báo", "Thông báo"
    QUYET_DINH = "Quyết định", "Quyết định"
    CHI_THI = "Chỉ thị", "Chỉ thị"
    BAO_CAO = "Báo cáo", "Báo cáo"
    KET_LUAN = "Kết luận", "Kết luận"
    DE_AN = "Đề án", "Đề án"
    KHAC = "Khác", "Khác"


class Document(TimeStampedModel):
    objects = DocumentQuerySet.as_manager()

    doc_type = models.CharField("loại văn bản", max_length=40, choices=DocumentType.choices, db_index=True)
    number = models.CharField("số, ký hiệu", max_length=64, blank=True, db_index=True)
    date = models.DateField("ngày ban hành", null=True, blank=True, db_index=True)
    issuer = models.ForeignKey(
        "organizations.Organization",
        verbose_name="cơ quan ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    issuer_name = models.CharField("cơ quan ban hành (như ghi trong văn bản)", max_length=255, blank=True)
    place = models.CharField("địa danh", max_length=100, blank=True)
    title = models.TextField("trích yếu")
    full_text = models.TextField("toàn văn", blank=True)
    original_file = models.FileField("tệp gốc", upload_to=UniqueName("documents"), blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    is_published = models.BooleanField("công khai", default=False)
    is_demo = models.BooleanField("dữ liệu mẫu", default=False)
    # The resolution(s) at the top of the "căn cứ" chain above it (itself for a top document): derived,
    # refreshed when documents or relations are written (documents.roots, ADR 0020/0040).
    roots = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="cascade_members",
                                   verbose_name="nghị quyết gốc")

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.number}".strip() if self.number else f"{self.doc_type}: {self.title[:80]}"

    @property
    def label(self) -> str:
        """How officials cite it: 'Kế hoạch số 2653/KH-UBND ngày 06/06/2025'."""
        parts = [self.doc_type]
        if self.number:
            parts.append(f"số {self.number}")
        if self.date:
            parts.append(f"ngày {self.date:%d/%m/%Y}")
        return " ".join(parts)


class DocumentRelation(TimeStampedModel):
    """`source` is based on / replaces / mentions `target`. Unresolved references keep the cited text."""

    class Kind(models.TextChoices):
        BASED_ON = "based_on", "Căn cứ, thực hiện"
        REPLACES = "replaces", "Thay thế"
        MENTIONS = "mentions", "Có nhắc đến"

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Document, null=True, blank=True, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField("quan hệ", max_length=16, choices=Kind.choices, default=Kind.BASED_ON)
    cited_number = models.CharField("số ký hiệu được dẫn", max_length=64, blank=True)
    cited_text = models.CharField("trích dẫn", max_length=500, blank=True)

    class Meta:
        verbose_name = "quan hệ văn bản"
        verbose_name_plural = "quan hệ văn bản"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"],
                condition=models.Q(target__isnull=False),
                name="relation_unique",
            ),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="relation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} — {self.get_kind_display()} — {self.target or self.cited_number}"
