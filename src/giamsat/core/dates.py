"""Calendar arithmetic shared by deadlines, reporting periods, dashboards and the synthetic country.
Plain Python (the extraction library uses it too, without Django)."""

import calendar
import datetime as dt


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), kept inside the month: 31/01 + 1 month = 28/02 or 29/02."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def add_working_days(day: dt.date, days: int) -> dt.date:
    """The day `days` working days (Monday to Friday) after `day`: answer deadlines are counted so."""
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day
