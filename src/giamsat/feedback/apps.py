from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "giamsat.feedback"
    label = "feedback"
    verbose_name = "Phản ánh, kiến nghị"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from giamsat.core.urging import register_planner
        from giamsat.feedback.reminders import plan

        register_planner(plan)  # overdue answers are urged by the reminder job (ADR 0029)
