"""Periods as people name them, chosen from a list (#21): "Tháng 11/2026", "Quý IV/2026", "6 tháng đầu năm
2026", "9 tháng năm 2026", "Năm 2026". The keys ("2026-11", "2026-Q4", "2026-H1", "2026-9M", "2026") stay
inside: in the address of a filtered page, in the API and in files; a person never types one.

One builder of the choices (`period_choices`) and one form field (`PeriodField`) for every form and filter
where a period is chosen: reporting, evaluation, aggregated report, indicators, outreach.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django import forms

from giamsat.core.dates import month_end

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTH, QUARTER, HALF, NINE_MONTHS, YEAR = "month", "quarter", "half", "9m", "year"
ALL_KINDS = (MONTH, QUARTER, HALF, NINE_MONTHS, YEAR)


@dataclass(frozen=True)
class Period:
    key: str
    kind: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        year = self.start.year
        if self.kind == MONTH:
            return f"Tháng {self.start.month}/{year}"
        if self.kind == QUARTER:
            return f"Quý {ROMAN[(self.start.month - 1) // 3 + 1]}/{year}"
        if self.kind == HALF:
            return f"6 tháng {'đầu' if self.start.month == 1 else 'cuối'} năm {year}"
        if self.kind == NINE_MONTHS:
            return f"9 tháng năm {year}"
        return f"Năm {year}"


def period_of(key: str) -> Period | None:
    """The period of a key, or None when it is not one (a year outside 2000–2100 included)."""
    key = (key or "").strip().upper()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}|Q[1-4]|H[12]|9M))?", key)
    if not m or not 2000 <= int(m[1]) <= 2100:
        return None
    year, part = int(m[1]), m[2] or ""
    if not part:
        return Period(str(year), YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if part[0] == "Q":
        q = int(part[1])
        return Period(f"{year}-Q{q}", QUARTER, dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q))
    if part[0] == "H":
        h = int(part[1])
        return Period(f"{year}-H{h}", HALF, dt.date(year, 6 * h - 5, 1), month_end(year, 6 * h))
    if part == "9M":
        return Period(f"{year}-9M", NINE_MONTHS, dt.date(year, 1, 1), month_end(year, 9))
    month = int(part)
    if not 1 <= month <= 12:
        return None
    return Period(f"{year}-{month:02d}", MONTH, dt.date(year, month, 1), month_end(year, month))


def period_label(key: str) -> str:
    """"Quý IV/2026" for "2026-Q4"; anything that is not a key is returned as it is."""
    period = period_of(key)
    return period.label if period else (key or "")


def period_choices(*, kinds=ALL_KINDS, today: dt.date | None = None, years_back: int = 2,
                   years_ahead: int = 0, started_only: bool = True) -> list[tuple[str, str]]:
    """(key, label) of the periods of these kinds, newest first: this year (plus `years_ahead`) and
    `years_back` before; only those already begun when `started_only`."""
    from django.utils import timezone

    today = today or timezone.localdate()
    out = []
    for year in range(today.year + years_ahead, today.year - years_back - 1, -1):
        keys = [str(year)] if YEAR in kinds else []
        keys += [f"{year}-H{h}" for h in (2, 1)] if HALF in kinds else []
        keys += [f"{year}-9M"] if NINE_MONTHS in kinds else []
        keys += [f"{year}-Q{q}" for q in (4, 3, 2, 1)] if QUARTER in kinds else []
        keys += [f"{year}-{m:02d}" for m in range(12, 0, -1)] if MONTH in kinds else []
        periods = sorted((period_of(k) for k in keys), key=lambda p: (p.end, p.start), reverse=True)
        out += [(p.key, p.label) for p in periods if not started_only or p.start <= today]
    return out


def labelled_keys(keys) -> list[tuple[str, str]]:
    """Choices for the keys that exist (e.g. the periods of a plan's reporting rules), in the given order."""
    seen, out = set(), []
    for key in keys:
        if key and key not in seen:
            seen.add(key)
            out.append((key, period_label(key)))
    return out


class PeriodField(forms.ChoiceField):
    """A period chosen from a list in words; cleaned to its key. `choices` default to `period_choices()` of
    the given kinds (computed per form, so "today" is today)."""

    def __init__(self, *, kinds=ALL_KINDS, blank_label: str = "— Chọn kỳ —", **kwargs):
        self.kinds, self.blank_label = kinds, blank_label
        kwargs.setdefault("label", "Kỳ")
        kwargs.setdefault("error_messages", {"invalid_choice": "Kỳ đã chọn không có trong danh sách.",
                                             "required": "Chưa chọn kỳ."})
        super().__init__(**kwargs)
        self.set_periods(None)

    def set_periods(self, choices) -> None:
        """Offer these (key, label) pairs; None: the recent periods of the field's kinds, as of each use."""
        if choices is None:
            kinds, blank = self.kinds, self.blank_label
            self.choices = lambda: [("", blank), *period_choices(kinds=kinds)]
        else:
            self.choices = [("", self.blank_label), *choices]

    def valid_value(self, value) -> bool:
        # A key given in an address (a link, a bookmark) outside the offered list is still a period; whether it
        # suits (an indicator's frequency, an evaluation's kinds) is the service's to say, in its own words.
        return super().valid_value(value) or period_of(value) is not None

    def to_python(self, value):
        value = super().to_python(value)
        period = period_of(value)
        return period.key if period else value
