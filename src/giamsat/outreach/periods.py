"""Periods of the outreach summaries, named as the reports name them: "2026" (Năm 2026), "2026-Q4"
(Quý IV/2026), "2026-H1" (6 tháng đầu năm 2026), "2026-11" (Tháng 11/2026)."""

import datetime as dt
import re
from dataclasses import dataclass

from giamsat.core.dates import month_end
from giamsat.core.errors import ApplicationError

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
PERIOD_HELP = "Kỳ: năm (2026), quý (2026-Q4), 6 tháng (2026-H1, 2026-H2) hoặc tháng (2026-11)."


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date
    end: dt.date
    label: str


def parse_period(key: str) -> Period:
    key = (key or "").strip().upper()
    if not re.match(r"(19[7-9]\d|20\d\d)(\b|-)", key):
        raise ApplicationError(f"Kỳ “{key[:20]}” không hợp lệ. {PERIOD_HELP}", code="invalid_period", status=422)
    if m := re.fullmatch(r"(\d{4})", key):
        year = int(m[1])
        return Period(key, dt.date(year, 1, 1), dt.date(year, 12, 31), f"Năm {year}")
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", key):
        year, q = int(m[1]), int(m[2])
        return Period(key, dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q), f"Quý {ROMAN[q]}/{year}")
    if m := re.fullmatch(r"(\d{4})-H([12])", key):
        year, h = int(m[1]), int(m[2])
        label = f"6 tháng {'đầu' if h == 1 else 'cuối'} năm {year}"
        return Period(key, dt.date(year, 6 * h - 5, 1), month_end(year, 6 * h), label)
    if (m := re.fullmatch(r"(\d{4})-(\d{1,2})", key)) and 1 <= int(m[2]) <= 12:
        year, month = int(m[1]), int(m[2])
        return Period(f"{year}-{month:02d}", dt.date(year, month, 1), month_end(year, month),
                      f"Tháng {month}/{year}")
    raise ApplicationError(f"Kỳ “{key[:20]}” không hợp lệ. {PERIOD_HELP}", code="invalid_period", status=422)


def current_year(today: dt.date) -> Period:
    return parse_period(str(today.year))
