from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "giamsat.qa"
    label = "qa"
    verbose_name = "Hỏi đáp"
    default_auto_field = "django.db.models.BigAutoField"
