"""Outreach activities (hoạt động tuyên truyền) that the propaganda plans ask agencies to report."""

from django.conf import settings
from django.db import models

from giamsat.accounts.access import VisibleQuerySet
from giamsat.core.models import TimeStampedModel
from giamsat.core.storage import UniqueName

# The channels of the outreach plans (seed 001), seeded by the migration; the office edits the list.
DEFAULT_CHANNELS = [
    ("press", "Báo chí"),
    ("radio_tv", "Phát thanh, truyền hình"),
    ("web", "Cổng thông tin điện tử tỉnh, trang của cơ quan"),
    ("social", "Mạng xã hội, nền tảng số (Facebook, Zalo, YouTube, hỏi đáp trực tuyến, livestream)"),
    ("conference", "Hội nghị, hội thảo"),
    ("banner", "Băng rôn, pano, áp phích"),
    ("loudspeaker", "Hệ thống truyền thanh cơ sở"),
    ("other", "Hình thức khác"),
]


class OutreachChannel(models.Model):
    """A channel of outreach (the configurable list)."""

    code = models.SlugField("mã", max_length=32, unique=True)
    name = models.CharField("tên kênh", max_length=255)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "kênh tuyên truyền"
        verbose_name_plural = "kênh tuyên truyền"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class OutreachQuerySet(VisibleQuerySet):
    """An agency sees its own outreach activities."""


class OutreachActivity(TimeStampedModel):
    objects = OutreachQuerySet.as_manager()

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="outreach")
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task = models.ForeignKey("tasks.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="outreach")
    channel = models.ForeignKey(OutreachChannel, verbose_name="kênh", on_delete=models.PROTECT,
                                related_name="activities")
    title = models.CharField("tiêu đề", max_length=500)
    date = models.DateField("ngày thực hiện", db_index=True)
    quantity = models.PositiveIntegerField("số lượng (tin, bài, buổi, lượt phát)", default=1)
    reach = models.PositiveIntegerField("số người tham dự, lượt tiếp cận", null=True, blank=True)
    link = models.URLField("đường dẫn", max_length=1000, blank=True)
    evidence = models.FileField("tệp minh chứng", upload_to=UniqueName("outreach"), blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)  # checked when served (core.storage)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = "hoạt động tuyên truyền"
        verbose_name_plural = "hoạt động tuyên truyền"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["organization", "date"])]

    def __str__(self) -> str:
        return self.title
