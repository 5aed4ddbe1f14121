from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "giamsat.reporting"
    label = "reporting"
    verbose_name = "Báo cáo"
    default_auto_field = "django.db.models.BigAutoField"
