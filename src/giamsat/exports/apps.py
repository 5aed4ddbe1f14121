from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "giamsat.exports"
    label = "exports"
    verbose_name = "Xuất dữ liệu theo chuẩn quốc gia"
