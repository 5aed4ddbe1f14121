from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "giamsat.core"
    label = "core"
    verbose_name = "Lõi"
    default_auto_field = "django.db.models.BigAutoField"
