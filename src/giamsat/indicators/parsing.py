"""Reading what people type for an indicator value: numbers with a decimal comma, and periods. Pure.

Numbers: "37,6" and "37.6" are both 37,6; "1.234,5" is 1234,5 (dot for thousands when a comma is the
decimal mark); spaces are ignored; "1,234,567" is refused as ambiguous.

Periods (the stored key, then what is also accepted):
- year ``2025`` — "Năm 2025"
- half ``2025-H1`` — "6 tháng đầu năm 2025", "6 tháng cuối năm 2025", "H1/2025"
- quarter ``2025-Q1`` — "Quý 1/2025", "Quý I/2025", "Q1/2025"
- month ``2025-06`` — "Tháng 6/2025", "06/2025"
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from giamsat.core.dates import month_end

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# The indicator's frequency → the kind of period its values must have.
FREQUENCY_KIND = {"annual": "year", "6-month": "half", "quarterly": "quarter", "monthly": "month"}
KIND_LABEL = {
    "year": "năm (ví dụ 2025)",
    "half": "6 tháng (ví dụ 2025-H1)",
    "quarter": "quý (ví dụ 2025-Q1)",
    "month": "tháng (ví dụ 2025-06)",
}


class InputError(ValueError):
    """A value or period that cannot be read; the message is for the person who typed it (Vietnamese)."""


def parse_number(raw) -> Decimal:
    if isinstance(raw, bool):
        raise InputError(f"Giá trị “{raw}” không phải là số.")
    if isinstance(raw, (int, Decimal)):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    else:
        text = unicodedata.normalize("NFC", str(raw or "")).strip().replace("\u00a0", "").replace(" ", "")
        text = text.rstrip("%")
        shown = str(raw).strip()[:40]
        if not text:
            raise InputError("Chưa nhập giá trị.")
        if "," in text and "." in text:
            if text.rfind(",") < text.rfind("."):
                raise InputError(f"Giá trị “{shown}” không phải là số (dùng dấu phẩy thập phân, ví dụ 37,6).")
            text = text.replace(".", "").replace(",", ".")
        elif text.count(",") == 1:
            text = text.replace(",", ".")
        elif text.count(",") > 1:
            raise InputError(f"Giá trị “{shown}” không rõ ràng: dùng dấu phẩy thập phân, ví dụ 1234,5.")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            raise InputError(f"Giá trị “{shown}” không phải là số.")
        try:
            value = Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - the pattern above already refuses it
            raise InputError(f"Giá trị “{shown}” không phải là số.") from exc
    if not value.is_finite():
        raise InputError("Giá trị phải là một số hữu hạn.")
    if abs(value) >= Decimal("1e14"):
        raise InputError("Giá trị quá lớn (tối đa 14 chữ số phần nguyên).")
    return value.quantize(Decimal("0.0001")) if value.as_tuple().exponent < -4 else value


@dataclass(frozen=True)
class Period:
    key: str
    kind: str  # year | half | quarter | month
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        year = self.start.year
        if self.kind == "year":
            return f"Năm {year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.start.month == 1 else 'cuối'} năm {year}"
        if self.kind == "quarter":
            return f"Quý {(self.start.month - 1) // 3 + 1}/{year}"
        return f"Tháng {self.start.month}/{year}"


def _make(kind: str, year: int, n: int = 1) -> Period:
    if not 1900 <= year <= 2200:
        raise InputError(f"Năm {year} không hợp lệ.")
    if kind == "year":
        return Period(str(year), kind, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if kind == "half":
        if n not in (1, 2):
            raise InputError("Nửa năm phải là H1 hoặc H2.")
        return Period(f"{year}-H{n}", kind, dt.date(year, 6 * n - 5, 1), month_end(year, 6 * n))
    if kind == "quarter":
        if not 1 <= n <= 4:
            raise InputError("Quý phải từ 1 đến 4.")
        return Period(f"{year}-Q{n}", kind, dt.date(year, 3 * n - 2, 1), month_end(year, 3 * n))
    if not 1 <= n <= 12:
        raise InputError("Tháng phải từ 1 đến 12.")
    return Period(f"{year}-{n:02d}", "month", dt.date(year, n, 1), month_end(year, n))


def parse_period(raw) -> Period:
    if isinstance(raw, int) or (isinstance(raw, float) and raw.is_integer()):
        return _make("year", int(raw))
    text = unicodedata.normalize("NFC", str(raw or "")).strip().lower()
    text = re.sub(r"\s+", " ", text)
    if not text:
        raise InputError("Chưa nhập kỳ số liệu.")
    patterns = [
        (r"(?:năm )?(\d{4})", lambda m: _make("year", int(m[1]))),
        (r"(\d{4})-h([12])", lambda m: _make("half", int(m[1]), int(m[2]))),
        (r"h([12])/(\d{4})", lambda m: _make("half", int(m[2]), int(m[1]))),
        (r"6 tháng (đầu|cuối) năm (\d{4})", lambda m: _make("half", int(m[2]), 1 if m[1] == "đầu" else 2)),
        (r"(\d{4})-q([1-4])", lambda m: _make("quarter", int(m[1]), int(m[2]))),
        (
            r"(?:quý|q) ?([1-4]|iv|iii|ii|i)/(\d{4})",
            lambda m: _make("quarter", int(m[2]), ROMAN.get(m[1]) or int(m[1])),
        ),
        (r"(\d{4})-(\d{1,2})", lambda m: _make("month", int(m[1]), int(m[2]))),
        (r"(?:tháng )?(\d{1,2})/(\d{4})", lambda m: _make("month", int(m[2]), int(m[1]))),
    ]
    for pattern, build in patterns:
        m = re.fullmatch(pattern, text)
        if m:
            return build(m)
    raise InputError(f"Kỳ “{str(raw).strip()[:40]}” không hợp lệ: dùng 2025, 2025-H1, 2025-Q1 hoặc 2025-06.")


def check_frequency(period: Period, frequency: str) -> None:
    kind = FREQUENCY_KIND.get(frequency)
    if kind and period.kind != kind:
        raise InputError(f"Chỉ tiêu này theo dõi theo {KIND_LABEL[kind]}; kỳ “{period.key}” không phù hợp.")


def format_number(value, places: int = 2) -> str:
    """Vietnamese style: decimal comma, dot for thousands, trailing zeros dropped: 1.234,5."""
    if value is None:
        return ""
    value = Decimal(value)
    text = f"{value:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
