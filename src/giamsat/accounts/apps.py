from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "giamsat.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
    default_auto_field = "django.db.models.BigAutoField"
