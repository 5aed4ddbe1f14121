from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "giamsat.calendars"
    label = "calendars"
    verbose_name = "Lịch hạn (iCalendar)"
    default_auto_field = "django.db.models.BigAutoField"
