"""Parse the deadline cell of a Vietnamese plan ("Thời gian hoàn thành").

Public API (used by the Django side too)::

    parse_deadline("Quý 1/2026 và các năm tiếp theo")
    -> Deadline(kind="quarter", due=date(2026, 3, 31), recurring=True, recurrence="annual", ...)

``search_deadline`` finds an explicit dated phrase inside a longer sentence
("... (hoàn thành trong tháng 3/2025)").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .textutil import dashes, nfc, squash

__all__ = ["Deadline", "parse_deadline", "search_deadline"]


def month_end(year: int, month: int) -> date:
    # The library imports nothing of giamsat (ADR 0002), so not core.dates: the one line is the standard library's.
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Deadline:
    text: str  # as written, whitespace-normalized
    kind: str  # "date" | "month" | "quarter" | "half" | "year" | "range" | "continuous" | "none"
    due: date | None  # the (first) due date; None when none can be derived
    start: date | None  # start of a range/continuous period if stated, else None
    recurring: bool
    recurrence: str | None  # "monthly" | "quarterly" | "6-month" | "annual" | None


_YEAR = r"((?:19|20)\d\d)"
_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# the same separator twice: "10-11/2019" is a month range, not 10 November
_DATE_NUM = re.compile(r"(?<!\d)(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*" + _YEAR + r"(?!\d)")
_MONTH_RANGE = re.compile(r"(?<![\d/.])(\d{1,2})\s*-\s*(\d{1,2})\s*/\s*" + _YEAR + r"(?![\d/])")
_MONTH_BARE = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*/\s*" + _YEAR + r"(?![\d/])")
# a list of periods sharing one year: "quý iii, iv/2026" - the year is read after the list
_LIST_YEAR = re.compile(r"^(?:\s*(?:,|và|-)?\s*(?:iv|iii|ii|i|\d{1,2})\b)*\s*(?:/|năm)\s*" + _YEAR)
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm\s+|[/-]\s*)" + _YEAR)
_HALF = re.compile(r"(?:6|06|sáu)\s+tháng\s+(đầu|cuối)\s+năm(?:\s+" + _YEAR + r")?")
_QUARTER = re.compile(r"quý\s+(iv|iii|ii|i|[1-4])\b\s*(?:,?\s*(?:/|-|năm)\s*" + _YEAR + r")?")
_MONTH = re.compile(r"tháng\s+(\d{1,2})(?!\d)\s*(?:,?\s*(?:/|-|năm)\s*" + _YEAR + r")?")
_YEAR_RANGE = re.compile(_YEAR + r"\s*(?:-|đến|tới)\s*" + _YEAR)
_YEAR_ONLY = re.compile(r"(?:năm\s+)?(?<![/.\-\d])" + _YEAR + r"(?!\s*[/-]\s*\d)")
_FROM = re.compile(r"(?:từ|bắt đầu từ|bắt đầu)\s+(.*?)(?:\s+(?:đến|tới)\s+(.*))?$")
# "29/6/2026 - 09/7/2026": from one day to another, due on the second
_DAY_RANGE = re.compile(r"(?<![\d/])(\d{1,2}/\d{1,2}/(?:19|20)\d\d)\s*-\s*(\d{1,2}/\d{1,2}/(?:19|20)\d\d)(?![\d/])")
_UNTIL = re.compile(r"(?:đến|tới)\s+(.*)$")

_FOLLOWING_YEARS = re.compile(
    r"(?:và\s+)?(?:các|những)\s+năm\s+(?:tiếp\s+theo|sau)|hằng\s+năm|năm\s+liền\s+kề")
# "trước ngày 05 của tháng liền kề": every month, the day is given but not the month
_NEXT_MONTH = re.compile(r"(?:của\s+)?tháng\s+(?:liền\s+kề|tiếp\s+theo|sau)|hằng\s+tháng")
# the date of a cited document ("Nghị định số 52/2015/nđ-cp ngày 28/5/2015") is not a deadline
_CITED = re.compile(
    r"(?:số\s+)?\d{1,5}(?:\s*/\s*\d{4})?\s*[/-]\s*[a-zđ][\w.&/-]*\s*,?\s*(?:ban\s+hành\s+)?ngày\s+"
    r"\d{1,2}(?:\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4})")
_EVERY = {
    "tháng": ("monthly", "month"),
    "quý": ("quarterly", "quarter"),
    "năm": ("annual", "year"),
}


def _normalise(text: str) -> str:
    text = squash(dashes(nfc(text))).casefold()
    text = re.sub(r"\bhàng\s+(tháng|quý|năm|ngày|tuần)", r"hằng \1", text)
    return text


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Point:
    kind: str
    start: date | None
    due: date | None
    pos: int


def _list_year(low: str, end: int, default_year: int | None) -> int | None:
    """The year written after a list of periods ("quý iii, iv/2026"), else the default."""
    m = _LIST_YEAR.match(low[end:end + 40])
    return int(m.group(1)) if m else default_year


def _first_point(low: str, default_year: int | None) -> _Point | None:
    """The earliest, most specific time expression in ``low`` (already normalised)."""
    candidates: list[_Point] = []
    for m in _DATE_WORDS.finditer(low):
        d = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            candidates.append(_Point("date", d, d, m.start()))
    for m in _DATE_NUM.finditer(low):
        d = _safe_date(int(m.group(4)), int(m.group(3)), int(m.group(1)))
        if d:
            candidates.append(_Point("date", d, d, m.start()))
    taken = [(p.pos, p.pos + 10) for p in candidates]
    for m in _MONTH_RANGE.finditer(low):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if any(p <= m.start() < p + 10 for p, _ in taken) or not (1 <= a <= b <= 12):
            continue
        candidates.append(_Point("range", date(y, a, 1), month_end(y, b), m.start()))
        taken.append((m.start(), m.end()))
    for m in _MONTH_BARE.finditer(low):
        mo, y = int(m.group(1)), int(m.group(2))
        if any(a <= m.start() < b for a, b in taken) or not 1 <= mo <= 12:
            continue
        if re.search(r"(?:tháng|quý|số|ngày)\s*$", low[: m.start()]):
            continue  # "tháng 6/2025" is read below; "số 6/2025" is a document number
        candidates.append(_Point("month", date(y, mo, 1), month_end(y, mo), m.start()))
        taken.append((m.start(), m.end()))

    def free(pos: int) -> bool:
        return not any(a <= pos < b for a, b in taken)

    for m in _HALF.finditer(low):
        y = int(m.group(2)) if m.group(2) else default_year
        if y is None:
            candidates.append(_Point("half", None, None, m.start()))
            continue
        first = m.group(1) == "đầu"
        candidates.append(
            _Point("half", date(y, 1 if first else 7, 1), date(y, 6, 30) if first else date(y, 12, 31),
                   m.start())
        )
        taken.append((m.start(), m.end()))
    for m in _QUARTER.finditer(low):
        q = _ROMAN_Q.get(m.group(1)) or int(m.group(1))
        y = int(m.group(2)) if m.group(2) else _list_year(low, m.end(), default_year)
        if y is None:
            candidates.append(_Point("quarter", None, None, m.start()))
        else:
            candidates.append(_Point("quarter", date(y, 3 * q - 2, 1), month_end(y, 3 * q), m.start()))
        taken.append((m.start(), m.end()))
    for m in _MONTH.finditer(low):
        if not free(m.start()):
            continue
        # "6 tháng đầu năm" was handled above; "ngày 15 tháng 6 năm ..." too.
        if re.search(r"(?:6|06|sáu|\d)\s+$", low[: m.start()]) or re.search(r"ngày\s+\d{1,2}\s+$", low[: m.start()]):
            continue
        mo = int(m.group(1))
        if not 1 <= mo <= 12:
            taken.append((m.start(), m.end()))
            continue
        y = int(m.group(2)) if m.group(2) else _list_year(low, m.end(), default_year)
        if y is None:
            candidates.append(_Point("month", None, None, m.start()))
        else:
            candidates.append(_Point("month", date(y, mo, 1), month_end(y, mo), m.start()))
        taken.append((m.start(), m.end()))
    for m in _YEAR_RANGE.finditer(low):
        if not free(m.start()):
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b:
            candidates.append(_Point("range", date(a, 1, 1), date(b, 12, 31), m.start()))
            taken.append((m.start(), m.end()))
    for m in _YEAR_ONLY.finditer(low):
        pos = m.start(1)
        if not free(pos) or any(a <= pos < b for a, b in taken):
            continue
        y = int(m.group(1))
        candidates.append(_Point("year", date(y, 1, 1), date(y, 12, 31), m.start()))
    if not candidates:
        return None
    return min(candidates, key=lambda p: p.pos)


def parse_deadline(text: str, *, default_year: int | None = None) -> Deadline:
    """Parse a deadline as written in a plan. Never raises; unknown text gives kind "none"."""
    shown = squash(nfc(text or ""))
    low = _normalise(shown)
    if not low:
        return Deadline(shown, "none", None, None, False, None)

    low = _CITED.sub(" ", low)
    following = bool(_FOLLOWING_YEARS.search(low))
    continuous = bool(re.search(r"thường\s+xuyên|liên\s+tục", low))
    every = re.search(r"hằng\s+(tháng|quý|năm)|định\s+kỳ\s+(tháng|quý|năm)", low)
    every_unit = (every.group(1) or every.group(2)) if every else None
    six_monthly = re.search(r"(?:hằng|định\s+kỳ|mỗi)\s+(?:6|06|sáu)\s+tháng", low)

    recurrence: str | None = None
    if six_monthly:
        recurrence = "6-month"
    elif _NEXT_MONTH.search(low) and not every_unit:
        recurrence = "monthly"
    elif every_unit:
        recurrence = _EVERY[every_unit][0]
    elif following:
        recurrence = "annual"
    recurring = continuous or recurrence is not None

    # "Từ tháng 4/2025 đến tháng 12/2025", "bắt đầu từ tháng 4/2025"
    start: date | None = None
    due_point: _Point | None = None
    fm = _FROM.search(low)
    dr = None if fm else _DAY_RANGE.search(low)
    if dr:
        sp = _first_point(dr.group(1), default_year)
        start = sp.start if sp else None
        due_point = _first_point(dr.group(2), default_year)
    if fm:
        sp = _first_point(fm.group(1), default_year)
        if sp:
            start = sp.start
        if fm.group(2):
            due_point = _first_point(fm.group(2), default_year)
    point = due_point or _first_point(low, default_year)
    if fm and not fm.group(2) and point is not None and due_point is None:
        # "từ X" alone: X is a start, not a due date
        point = None

    if continuous:
        due = point.due if point else None
        return Deadline(shown, "continuous", due, start, True, recurrence)

    if point is None:
        if recurrence is not None:
            kind = {"monthly": "month", "quarterly": "quarter", "6-month": "half", "annual": "year"}[recurrence]
            due = None
            if default_year is not None:
                due = {"monthly": date(default_year, 1, 31), "quarterly": date(default_year, 3, 31),
                       "6-month": date(default_year, 6, 30), "annual": date(default_year, 12, 31)}[recurrence]
            return Deadline(shown, kind, due, start, True, recurrence)
        if start is not None:
            return Deadline(shown, "continuous", None, start, True, None)
        return Deadline(shown, "none", None, None, False, None)

    kind = point.kind
    if start is not None and due_point is not None:
        kind = "range"
    out_start = start if kind in ("range", "continuous") else None
    if kind == "range" and out_start is None:
        out_start = point.start
    return Deadline(shown, kind, point.due, out_start, recurring, recurrence)


_SEARCH = re.compile(
    r"(?:hoàn\s+thành|xong|thực\s+hiện|ban\s+hành|trình)?\s*"
    r"(?:trong|trước|chậm\s+nhất|muộn\s+nhất|đến|không\s+quá)\s+"
    r"(?:ngày\s+\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:19|20)\d\d"
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?:19|20)\d\d"
    r"|\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d\d"
    r"|(?:6|06|sáu)\s+tháng\s+(?:đầu|cuối)\s+năm\s+(?:19|20)\d\d"
    r"|quý\s+(?:iv|iii|ii|i|[1-4])\s*(?:/|năm)\s*(?:19|20)\d\d"
    r"|tháng\s+\d{1,2}\s*(?:/|năm)\s*(?:19|20)\d\d"
    r"|năm\s+(?:19|20)\d\d)",
    re.IGNORECASE,
)


def search_deadline(sentence: str) -> Deadline | None:
    """Find an explicit deadline phrase in a sentence of body text, or None."""
    low = _normalise(sentence)
    m = _SEARCH.search(low)
    if not m:
        return None
    phrase = m.group(0).strip()
    # keep only the time expression itself as "deadline_text"
    core = re.sub(r"^(?:hoàn\s+thành|xong|thực\s+hiện|ban\s+hành|trình)?\s*(?:trong|trước|chậm\s+nhất|"
                  r"muộn\s+nhất|đến|không\s+quá)\s+", "", phrase)
    # recover the original casing from the sentence
    src = squash(dashes(nfc(sentence)))
    idx = src.casefold().find(core)
    if idx >= 0:
        core = src[idx: idx + len(core)]
    d = parse_deadline(core)
    if d.kind == "none":
        return None
    return d
