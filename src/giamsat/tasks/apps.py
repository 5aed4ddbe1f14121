from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "giamsat.tasks"
    label = "tasks"
    verbose_name = "Nhiệm vụ"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from giamsat.core.urging import register_planner
        from giamsat.tasks.alert_notices import plan

        register_planner(plan)  # the alert levels' notices go out with the reminder job (tasks.alert_notices)
