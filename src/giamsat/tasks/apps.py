from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "giamsat.tasks"
    label = "tasks"
    verbose_name = "Nhiệm vụ"
    default_auto_field = "django.db.models.BigAutoField"
