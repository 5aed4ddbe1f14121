"""Reporting periods of a rule: data cut-off (Decree 09/2019/NĐ-CP, art. 12), Vietnamese label, due date.

Pure functions, no database. Every period ends on the cut-off day (the 14th) and starts the day after the
previous cut-off (the 15th):

| frequency | period                   | from                        | to                          |
|-----------|--------------------------|-----------------------------|-----------------------------|
| monthly   | Tháng 06/2025            | 15/05/2025                  | 14/06/2025                  |
| quarterly | Quý II/2025              | 15/03/2025                  | 14/06/2025                  |
| 6-month   | 6 tháng đầu năm 2025     | 15/12/2024                  | 14/06/2025                  |
| 6-month   | 6 tháng cuối năm 2025    | 15/06/2025                  | 14/12/2025                  |
| 9-month   | 9 tháng năm 2025         | 15/12/2024                  | 14/09/2025                  |
| annual    | Năm 2025                 | 15/12/2024                  | 14/12/2025                  |

The decree does not fix the 9-month window; 15/12–14/9 follows the same pattern (VN-CONVENTIONS §2).
A "once" rule has a single period from its anchor (the document's date) to its due date.

Due date: the rule's due day in the month of the cut-off (never before the cut-off: a due day earlier than
the 14th means the following month). A due month shifts that month the same way in every period of the
year (6-month rule "before 15 June" → 15/06 and 15/12). Without a due day: the cut-off + `grace_days`.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

CUTOFF_DAY = 14  # data cut-off: the 14th; a period starts on the 15th

FREQUENCIES = ("monthly", "quarterly", "6-month", "9-month", "annual", "once")
# Months per period, and the month in which the first period of a year ends.
_SPAN = {"monthly": 1, "quarterly": 3, "6-month": 6, "9-month": 9, "annual": 12}
_FIRST_END_MONTH = {"monthly": 1, "quarterly": 3, "6-month": 6, "9-month": 9, "annual": 12}
# Months between two consecutive period ends (the 9-month period happens once a year).
_STEP = {"monthly": 1, "quarterly": 3, "6-month": 6, "9-month": 12, "annual": 12}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class PeriodSpec:
    frequency: str
    key: str  # stable identifier within a rule: 2025-06, 2025-Q2, 2025-H1, 2025-9M, 2025, once
    label: str
    start: dt.date
    end: dt.date  # data cut-off, inclusive
    due_date: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _month_len(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift(year: int, month: int, months: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + months
    return total // 12, total % 12 + 1


def _on_day(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, _month_len(year, month)))


def _cutoff(year: int, month: int) -> dt.date:
    return dt.date(year, month, CUTOFF_DAY)


def due_date_for(
    frequency: str,
    end: dt.date,
    *,
    due_day: int | None = None,
    due_month: int | None = None,
    grace_days: int = 1,
) -> dt.date:
    """The due date of the period that ends (cut-off) on `end`."""
    if not due_day:
        return end + dt.timedelta(days=grace_days)
    offset = 0
    if due_month and frequency in _SPAN and frequency != "monthly":
        modulo = 12 if frequency in {"annual", "9-month"} else _SPAN[frequency]
        offset = (due_month - _FIRST_END_MONTH[frequency]) % modulo
    year, month = _shift(end.year, end.month, offset)
    due = _on_day(year, month, due_day)
    if due < end:  # a report cannot be due before its data are cut off
        year, month = _shift(year, month, 1)
        due = _on_day(year, month, due_day)
    return due


def _label(frequency: str, end: dt.date) -> tuple[str, str]:
    year, month = end.year, end.month
    if frequency == "monthly":
        return f"{year}-{month:02d}", f"Tháng {month:02d}/{year}"
    if frequency == "quarterly":
        quarter = month // 3
        return f"{year}-Q{quarter}", f"Quý {ROMAN[quarter]}/{year}"
    if frequency == "6-month":
        if month == 6:
            return f"{year}-H1", f"6 tháng đầu năm {year}"
        return f"{year}-H2", f"6 tháng cuối năm {year}"
    if frequency == "9-month":
        return f"{year}-9M", f"9 tháng năm {year}"
    return f"{year}", f"Năm {year}"


def period_ending(
    frequency: str,
    year: int,
    month: int,
    *,
    due_day: int | None = None,
    due_month: int | None = None,
    grace_days: int = 1,
) -> PeriodSpec:
    """The period of a recurring frequency whose cut-off falls in month `month` of `year`."""
    if frequency not in _SPAN:
        raise ValueError(f"not a recurring frequency: {frequency}")
    first = _FIRST_END_MONTH[frequency]
    if (month - first) % _STEP[frequency]:
        raise ValueError(f"no {frequency} period ends in {month:02d}/{year}")
    end = _cutoff(year, month)
    start_year, start_month = _shift(year, month, -_SPAN[frequency])
    start = dt.date(start_year, start_month, CUTOFF_DAY + 1)
    key, label = _label(frequency, end)
    return PeriodSpec(
        frequency,
        key,
        label,
        start,
        end,
        due_date_for(frequency, end, due_day=due_day, due_month=due_month, grace_days=grace_days),
    )


def _period_month(day: dt.date) -> tuple[int, int]:
    """The (year, month) of the monthly period containing `day`: from the 15th on, it is next month's."""
    if day.day > CUTOFF_DAY:
        return _shift(day.year, day.month, 1)
    return day.year, day.month


def period_at(
    frequency: str,
    day: dt.date,
    *,
    due_day: int | None = None,
    due_month: int | None = None,
    grace_days: int = 1,
) -> PeriodSpec | None:
    """The period containing `day`; None for a day outside every window (after the 9-month cut-off)."""
    year, month = _period_month(day)
    if frequency == "monthly":
        end_month = month
    elif frequency == "quarterly":
        end_month = ((month - 1) // 3 + 1) * 3
    elif frequency == "6-month":
        end_month = 6 if month <= 6 else 12
    elif frequency == "9-month":
        if month > 9:
            return None
        end_month = 9
    elif frequency == "annual":
        end_month = 12
    else:
        raise ValueError(f"not a recurring frequency: {frequency}")
    return period_ending(
        frequency, year, end_month, due_day=due_day, due_month=due_month, grace_days=grace_days
    )


def once_period(
    anchor: dt.date, *, due_day: int | None, due_month: int | None, grace_days: int = 1
) -> PeriodSpec | None:
    """The single period of a "once" rule: from `anchor` to the first due date on or after it."""
    if not due_day:
        return None
    if due_month:
        due = _on_day(anchor.year, due_month, due_day)
        if due < anchor:
            due = _on_day(anchor.year + 1, due_month, due_day)
    else:
        due = _on_day(anchor.year, anchor.month, due_day)
        if due < anchor:
            year, month = _shift(anchor.year, anchor.month, 1)
            due = _on_day(year, month, due_day)
    return PeriodSpec("once", "once", f"Một lần, hạn {due:%d/%m/%Y}", anchor, due, due)


def periods_between(
    frequency: str,
    first_day: dt.date,
    last_day: dt.date,
    *,
    due_day: int | None = None,
    due_month: int | None = None,
    grace_days: int = 1,
) -> list[PeriodSpec]:
    """Every period that overlaps [first_day, last_day], oldest first (for "once": the single period)."""
    if frequency == "once":
        spec = once_period(first_day, due_day=due_day, due_month=due_month, grace_days=grace_days)
        return [spec] if spec and spec.start <= last_day else []
    if first_day > last_day:
        return []
    out = []
    year, month = _period_month(first_day)
    first, step = _FIRST_END_MONTH[frequency], _STEP[frequency]
    # Move forward to the first month in which a period of this frequency ends.
    while (month - first) % step:
        year, month = _shift(year, month, 1)
    while True:
        spec = period_ending(
            frequency, year, month, due_day=due_day, due_month=due_month, grace_days=grace_days
        )
        if spec.start > last_day:
            return out
        out.append(spec)
        year, month = _shift(year, month, step)


_KEY_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{2})$"), "monthly"),
    (re.compile(r"^(\d{4})-Q([1-4])$", re.I), "quarterly"),
    (re.compile(r"^(\d{4})-H([12])$", re.I), "6-month"),
    (re.compile(r"^(\d{4})-9M$", re.I), "9-month"),
    (re.compile(r"^(\d{4})$"), "annual"),
]


def parse_period_key(key: str) -> tuple[str, int, int] | None:
    """("monthly", 2025, 6) for "2025-06"; the month is the cut-off month. None when the key is malformed."""
    key = (key or "").strip()
    for pattern, frequency in _KEY_PATTERNS:
        match = pattern.match(key)
        if not match:
            continue
        year = int(match.group(1))
        if not 2000 <= year <= 2100:
            return None
        if frequency == "monthly":
            month = int(match.group(2))
            return (frequency, year, month) if 1 <= month <= 12 else None
        if frequency == "quarterly":
            return frequency, year, int(match.group(2)) * 3
        if frequency == "6-month":
            return frequency, year, 6 * int(match.group(2))
        if frequency == "9-month":
            return frequency, year, 9
        return frequency, year, 12
    return None
