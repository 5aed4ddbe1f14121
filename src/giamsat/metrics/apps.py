from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "giamsat.metrics"
    verbose_name = "Số liệu (định nghĩa chung)"
