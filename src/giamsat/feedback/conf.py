"""Tunable numbers of feedback handling. Each reads a Django setting (from the environment, config/settings.py)
and falls back to the default here."""

from django.conf import settings

DEFAULTS = {
    # Answer deadline, in working days from routing, by kind (phản ánh, kiến nghị, sáng kiến).
    "GIAMSAT_FEEDBACK_DAYS_COMPLAINT": 10,
    "GIAMSAT_FEEDBACK_DAYS_PROPOSAL": 15,
    "GIAMSAT_FEEDBACK_DAYS_INITIATIVE": 20,
    # The public form: submissions per address per hour, characters of the content, files per submission.
    "GIAMSAT_FEEDBACK_PER_HOUR": 5,
    "GIAMSAT_FEEDBACK_MAX_CHARS": 5000,
    "GIAMSAT_FEEDBACK_MAX_FILES": 3,
    # Urging an overdue answer: the agency's head this many days after the deadline, the office twice as many.
    "GIAMSAT_FEEDBACK_ESCALATE_DAYS": 3,
}


def get(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def answer_days(kind: str) -> int:
    return get(f"GIAMSAT_FEEDBACK_DAYS_{kind.upper()}")


def holidays():
    """GIAMSAT_HOLIDAYS (core.dates.Holidays): the days off the answer deadlines skip besides weekends."""
    from giamsat.core.dates import Holidays

    return Holidays(getattr(settings, "GIAMSAT_HOLIDAYS", DEFAULT_HOLIDAYS))


DEFAULT_HOLIDAYS = "01/01,30/04,01/05,02/09"
