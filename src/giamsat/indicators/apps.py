from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "giamsat.indicators"
    label = "indicators"
    verbose_name = "Chỉ tiêu"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from giamsat.indicators import series  # noqa: F401  (connects the refresh signals)
