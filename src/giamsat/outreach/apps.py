from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "giamsat.outreach"
    label = "outreach"
    verbose_name = "Hoạt động tuyên truyền"
    default_auto_field = "django.db.models.BigAutoField"
