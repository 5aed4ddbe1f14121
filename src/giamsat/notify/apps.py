from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "giamsat.notify"
    label = "notify"
    verbose_name = "Kênh thông báo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from giamsat.core.urging import register_notifier
        from giamsat.notify.dispatch import notify

        # Apps that only know core.urging (ADR 0029) send through the one dispatcher too (ADR 0041).
        register_notifier(lambda users, message, url: notify(users, "notice", message, url))
