from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "giamsat.web"
    label = "web"
    verbose_name = "Giao diện"
    default_auto_field = "django.db.models.BigAutoField"
