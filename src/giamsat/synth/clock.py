"""Dates of the synthetic history. Everything is relative to the day the data are generated for (`as_of`),
except the real dates of the central documents, so a run is the same whatever day it happens on."""

import datetime as dt

from giamsat.core.dates import add_months

VN = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh has no daylight saving time

RESOLUTION_57 = dt.date(2024, 12, 22)  # Nghị quyết 57-NQ/TW of the Politburo
RESOLUTION_71 = dt.date(2025, 4, 1)  # Nghị quyết 71/NQ-CP, the Government's action programme
REORGANIZATION = dt.date(2025, 7, 1)  # districts abolished, new communes in force
EARLIEST_AS_OF = dt.date(2025, 10, 1)  # every plan of the cascade exists by then
HISTORY_MONTHS = 24


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


def months_between(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """(year, month) of every month from `first`'s to `last`'s, both included."""
    out, (y, m) = [], (first.year, first.month)
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
    return out


def history_start(as_of: dt.date) -> dt.date:
    return add_months(as_of, -HISTORY_MONTHS)
