from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "giamsat.reporting"
    label = "reporting"
    verbose_name = "Báo cáo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from giamsat.notify.dispatch import register_in_app
        from giamsat.reporting.models import Notification

        def write(users, message, url, at):
            Notification.objects.bulk_create(
                [Notification(user=u, message=message[:2000], url=url, created_at=at) for u in users]
            )

        register_in_app(write)  # the dispatcher's in-app channel (giamsat.notify, ADR 0041) is this bell
