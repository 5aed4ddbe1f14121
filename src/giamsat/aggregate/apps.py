from django.apps import AppConfig


class AggregateConfig(AppConfig):
    name = "giamsat.aggregate"
    verbose_name = "Báo cáo tổng hợp"
