"""Evaluation periods: a quarter (2026-Q3), six months (2026-H1) or a year (2026), named in words."""

import datetime as dt
import re
from dataclasses import dataclass

from giamsat.core.dates import month_end
from giamsat.core.errors import ApplicationError

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_KEY = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$", re.I)


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        year, part = self.key[:4], self.key[5:]
        if not part:
            return f"Năm {year}"
        if part[0] == "Q":
            return f"Quý {ROMAN[int(part[1])]}/{year}"
        return f"6 tháng {'đầu' if part == 'H1' else 'cuối'} năm {year}"

    def previous(self) -> "Period":
        """The period of the same length just before."""
        year, part = int(self.key[:4]), self.key[5:]
        if not part:
            return parse_period(str(year - 1))
        if part[0] == "Q":
            q = int(part[1])
            return parse_period(f"{year}-Q{q - 1}" if q > 1 else f"{year - 1}-Q4")
        return parse_period(f"{year}-H1" if part == "H2" else f"{year - 1}-H2")


def parse_period(key: str) -> Period:
    """The period of a key; a clear refusal for anything else."""
    match = _KEY.match((key or "").strip())
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise ApplicationError(
            "Kỳ đánh giá không hợp lệ: ghi năm (2026), sáu tháng (2026-H1, 2026-H2) hoặc quý (2026-Q1 … 2026-Q4)."
        )
    year, part = int(match.group(1)), (match.group(2) or "").upper()
    if not part:
        first, last = 1, 12
    elif part[0] == "Q":
        first = (int(part[1]) - 1) * 3 + 1
        last = first + 2
    else:
        first = 1 if part == "H1" else 7
        last = first + 5
    key = f"{year}-{part}" if part else str(year)
    return Period(key, dt.date(year, first, 1), month_end(year, last))


def last_quarter(today: dt.date) -> Period:
    """The last quarter that ended before `today`."""
    q = (today.month - 1) // 3 + 1
    return parse_period(f"{today.year}-Q{q - 1}" if q > 1 else f"{today.year - 1}-Q4")
