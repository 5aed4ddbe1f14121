"""Pushes to the national "Hệ thống 57": each one logged with the answer received (ADR 0040)."""

from django.conf import settings
from django.db import models

from giamsat.accounts.access import VisibleQuerySet


class PushQuerySet(VisibleQuerySet):
    """An agency sees the pushes of its own report; the province's are the office's."""

    def of_organizations(self, org_ids):
        return models.Q(organization_id__in=org_ids)


class System57Push(models.Model):
    organization = models.ForeignKey("organizations.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", help_text="trống: báo cáo chung của tỉnh")
    period = models.CharField("kỳ (YYYYMM, YYYYQn, YYYY)", max_length=8, db_index=True)
    template_id = models.CharField("mã mẫu báo cáo", max_length=100, blank=True)
    url = models.CharField("địa chỉ gửi", max_length=500)
    ok = models.BooleanField("gửi thành công", default=False)
    status_code = models.PositiveSmallIntegerField("mã trả lời", null=True, blank=True)
    answer = models.TextField("nội dung trả lời", blank=True)
    error = models.CharField("lỗi", max_length=500, blank=True)
    rows = models.PositiveIntegerField("số dòng gửi", default=0)
    pushed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    pushed_at = models.DateTimeField("gửi lúc", auto_now_add=True, db_index=True)

    objects = PushQuerySet.as_manager()

    class Meta:
        verbose_name = "lần gửi Hệ thống 57"
        verbose_name_plural = "lần gửi Hệ thống 57"
        ordering = ["-pushed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.period} — {'đã gửi' if self.ok else 'lỗi'}"
