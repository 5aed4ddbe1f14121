from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "giamsat.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from giamsat.accounts import session_user  # noqa: F401  (connects the signals that renew kept rows)
