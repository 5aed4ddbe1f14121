from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "giamsat.exports"
    label = "exports"
    verbose_name = "Xuất dữ liệu theo chuẩn quốc gia"

    def ready(self):
        from giamsat.exports.marks import system57_marks
        from giamsat.reporting.marks import register_mark_reader

        register_mark_reader(system57_marks)  # «Đã gửi Hệ thống 57» on the report pages (ADR 0040)
