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


def add_working_days(day: dt.date, days: int, holidays: "Holidays | None" = None) -> dt.date:
    """The day `days` working days (Monday to Friday, not a holiday) after `day`: answer deadlines are
    counted so."""
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and not (holidays and day in holidays):
            days -= 1
    return day


class Holidays:
    """Days off besides weekends: "dd/mm" every year (the solar holidays of the Labour Code: 01/01, 30/04,
    01/05, 02/09) and "dd/mm/yyyy" once (Tết and the Hùng Kings' day follow the lunar calendar, and the
    Government fixes the bridging days each year)."""

    def __init__(self, spec: str):
        self.yearly: set[tuple[int, int]] = set()
        self.once: set[dt.date] = set()
        for part in (p.strip() for p in spec.split(",")):
            if not part:
                continue
            try:
                bits = [int(b) for b in part.split("/")]
                if len(bits) == 2:
                    dt.date(2000, bits[1], bits[0])  # a real day of some year (29/02 too)
                    self.yearly.add((bits[1], bits[0]))
                elif len(bits) == 3:
                    self.once.add(dt.date(bits[2], bits[1], bits[0]))
                else:
                    raise ValueError(part)
            except ValueError as exc:
                raise ValueError(f"ngày nghỉ không đúng dạng dd/mm hoặc dd/mm/yyyy: {part}") from exc

    def __contains__(self, day: dt.date) -> bool:
        return (day.month, day.day) in self.yearly or day in self.once
