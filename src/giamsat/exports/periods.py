"""Periods written as the national standards write them: YYYYMM (month), YYYYQn (quarter), YYYY (year)."""

import datetime as dt
import re
from dataclasses import dataclass

from giamsat.core.dates import month_end
from giamsat.core.errors import ApplicationError

PERIOD_HELP = "Kỳ không hợp lệ: ghi YYYYMM (tháng, ví dụ 202506), YYYYQn (quý, ví dụ 2025Q2) hoặc YYYY (năm)."


@dataclass(frozen=True)
class Period:
    code: str  # 202506, 2025Q2, 2025
    start: dt.date
    end: dt.date
    label: str  # "tháng 06/2025", "quý II/2025", "năm 2025"


def parse_period(text: str) -> Period:
    text = (text or "").strip().upper()
    if m := re.fullmatch(r"(\d{4})(\d{2})", text):
        year, month = int(m[1]), int(m[2])
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return Period(text, dt.date(year, month, 1), month_end(year, month), f"tháng {month:02d}/{year}")
    elif m := re.fullmatch(r"(\d{4})Q([1-4])", text):
        year, quarter = int(m[1]), int(m[2])
        if 2000 <= year <= 2100:
            first = 3 * quarter - 2
            return Period(text, dt.date(year, first, 1), month_end(year, first + 2),
                          f"quý {'I II III IV'.split()[quarter - 1]}/{year}")
    elif re.fullmatch(r"\d{4}", text) and 2000 <= int(text) <= 2100:
        year = int(text)
        return Period(text, dt.date(year, 1, 1), dt.date(year, 12, 31), f"năm {year}")
    raise ApplicationError(PERIOD_HELP, code="invalid_period")


def standard_code(key: str) -> str:
    """A reporting period's key ("2025-06", "2025-Q2", "2025-H1", "2025") in the standard's form
    ("202506", "2025Q2", "2025H1", "2025"); a half-year has no code in the standard and keeps its H."""
    return (key or "").replace("-", "")

