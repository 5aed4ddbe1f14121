from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "giamsat.reporting"
    label = "reporting"
    verbose_name = "Báo cáo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from giamsat.core.urging import register_notifier
        from giamsat.reporting.models import Notification

        def notify(users, message, url):
            Notification.objects.bulk_create([Notification(user=u, message=message[:2000], url=url) for u in users])

        register_notifier(notify)  # the in-app notifications of apps beside reporting (core.urging)
