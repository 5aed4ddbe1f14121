from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "giamsat.outreach"
    label = "outreach"
    verbose_name = "Hoạt động tuyên truyền"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from giamsat.core.report_sections import register_section
        from giamsat.outreach.selectors import report_section

        register_section(report_section)  # the periodic report's outreach section (ADR 0029)
