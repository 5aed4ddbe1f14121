"""Tunable numbers of the reporting regime. Each reads a Django setting (set from the environment in
config/settings.py) and falls back to the default here, so the app works before the setting exists."""

from django.conf import settings

DEFAULTS = {
    # Due date when a rule names no due day: the data cut-off (14th) + this many days.
    "GIAMSAT_REPORT_DUE_DAYS": 1,
    # A period closes automatically this many days after its due date (0: only the office closes it).
    "GIAMSAT_REPORT_CLOSE_DAYS": 30,
    # Remind this many days before a due date (reports and tasks).
    "GIAMSAT_REMIND_BEFORE_DAYS": 3,
    # Repeat an overdue reminder at most once every this many days.
    "GIAMSAT_REMIND_REPEAT_DAYS": 7,
    # Escalate to the agency head when overdue by more than this many days.
    "GIAMSAT_REMIND_ESCALATE_DAYS": 5,
}


def get(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))
