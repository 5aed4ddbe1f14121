from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "giamsat.audit"
    label = "audit"
    verbose_name = "Nhật ký"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from giamsat.audit import signals  # noqa: F401  (connects the audit receivers)
