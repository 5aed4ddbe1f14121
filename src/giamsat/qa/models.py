"""The questions asked and whether they were answered: what the office reads to see what is asked and what fails.

A question asked on the public page keeps no personal data: no user, no address, nothing but the question."""

from django.conf import settings
from django.db import models


class QuestionLog(models.Model):
    asked_at = models.DateTimeField("hỏi lúc", auto_now_add=True, db_index=True)
    question = models.CharField("câu hỏi", max_length=500)
    is_public = models.BooleanField("trang công khai", default=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người hỏi", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    answered = models.BooleanField("có câu trả lời", default=False)
    source = models.CharField("trả lời từ", max_length=16, blank=True)  # data, documents, model, ""
    cited = models.CharField("nguồn được dẫn", max_length=500, blank=True)
    helpful = models.BooleanField("hữu ích", null=True, blank=True)

    class Meta:
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"
        ordering = ["-asked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.asked_at:%d/%m/%Y %H:%M} {self.question[:80]}"
