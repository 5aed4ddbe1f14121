"""Document numbers ("2653/KH-UBND", "57-NQ/TW") and citations of other documents."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .textutil import dashes, repair, strip_trailing_punct

_TOKEN = r"[A-ZĐ][A-ZĐa-zđ0-9&]*"
_TOKEN_TAIL = r"[A-ZĐ0-9][A-ZĐa-zđ0-9&]*(?![\w&])"
_DASH = r"\s*-\s*"

# Party form: number - TYPE / ISSUER[-X]   (57-NQ/TW, 305 -KH/TU, 03-HD/BTGDVTU)
PARTY_RE = re.compile(
    r"(?<![\w/])(\d{1,5})"
    + _DASH
    + r"("
    + _TOKEN
    + r")\s*/\s*("
    + _TOKEN
    + r"(?![\w&])(?:"
    + _DASH
    + _TOKEN_TAIL
    + r")*)"
)
# State form: number / [year /] TYPE-ISSUER  (2653/KH-UBND, 09/2019/NĐ-CP, 202/2025/QH15)
STATE_RE = re.compile(
    r"(?<![\w/])(?<!\d\.)(\d{1,5})\s*/\s*(?:((?:19|20)\d\d)\s*/\s*)?(" + _TOKEN + r"(?:" + _DASH + _TOKEN_TAIL + r")+"
    r"|(?:UBTV)?QH\d{1,2}(?![\w&]))"
)

# Any identifier after "Văn bản số" / "Công văn số" ...: company letters and proposals use their own
# forms ("05/2026/VLN/CV-LV", "21.4/GĐN", "01-GCN-MT", "YBB-SA032/26-LR")
_PART = r"[^\W_][^\W_&]*(?:&[^\W_]+)*(?:\.\d+)?"
NAMED_RE = re.compile(
    r"\b(?:[Vv]ăn\s+bản|[Cc]ông\s+văn|[Tt]ờ\s+trình|[Đđ]ơn|[Gg]iấy\s+đề\s+nghị|[Đđ]ề\s+nghị|[Bb]áo\s+cáo)"
    r"\s+số\s*:?\s*(" + _PART + r"(?:\s?[/-]\s?" + _PART + r")+)"
)

TYPE_CODES = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "Ctr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "GM": "Giấy mời",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "KL": "Kết luận",
    "CV": "Công văn",
    "QĐi": "Quy định",
    "L": "Luật",
}

# Written type words, longest first (so "Chương trình hành động" beats "Chương trình").
TYPE_WORDS = [
    "Chương trình hành động",
    "Thông tư liên tịch",
    "Nghị quyết liên tịch",
    "Nghị quyết",
    "Nghị định",
    "Quyết định",
    "Quy định",
    "Quy chế",
    "Chỉ thị",
    "Kết luận",
    "Thông báo kết luận",
    "Thông báo",
    "Thông tư",
    "Hướng dẫn",
    "Kế hoạch",
    "Chương trình",
    "Công văn",
    "Báo cáo",
    "Tờ trình",
    "Đề án",
    "Phương án",
    "Công điện",
    "Luật",
    "Thông cáo",
    "Văn bản",
    "Dự án",
]
_TYPE_BEFORE = re.compile(
    r"(" + "|".join(re.escape(w) for w in sorted(TYPE_WORDS, key=len, reverse=True)) + r")"
    r"(?:\s+(?:số|liên\s+tịch\s+số))?\s*$",
    re.IGNORECASE,
)
_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:ban\s+hành\s+)?ngày\s+(?:(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*((?:19|20)\d\d)"
    r"|(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d))",
    re.IGNORECASE,
)
_ISSUER_AFTER = re.compile(r"^\s*,?\s*của\s+(.+)", re.IGNORECASE | re.DOTALL)
_ISSUER_STOP = re.compile(
    r"\s+(?:về|thực\s+hiện|triển\s+khai|ban\s+hành|phê\s+duyệt|quy\s+định|hướng\s+dẫn|tại|trên|"
    r"đối\s+với|nhằm|để|và\s+(?:các|Chương|Nghị|Kế|Quyết|Chỉ|Thông|Hướng)|gắn\s+với)\b"
    r"|\s*[;,(:.]|\s+-\s|$",
)


@dataclass
class DocNumber:
    number: str  # as normalised: "57-NQ/TW", "2653/KH-UBND"
    type_code: str | None
    party: bool
    start: int
    end: int

    @property
    def key(self) -> str:
        return number_key(self.number)


def number_key(number: str) -> str:
    """Separator-insensitive key: "71/NQ-CP" and "71-NQ/CP" are the same document."""
    return " ".join(re.findall(r"[0-9]+|[^\W\d_]+", number)).casefold()


def _clean_symbol(sym: str) -> str:
    return re.sub(r"\s*-\s*", "-", sym.strip())


def find_numbers(text: str) -> list[DocNumber]:
    """All document numbers in ``text`` (already joined into one string)."""
    text = dashes(text)
    found: list[DocNumber] = []
    for m in NAMED_RE.finditer(text):
        number = re.sub(r"\s+", "", m.group(1))
        if re.search(r"\d", number) and not STATE_RE.fullmatch(number) and not PARTY_RE.fullmatch(number):
            found.append(DocNumber(number, None, False, m.start(1), m.end(1)))
    for m in PARTY_RE.finditer(text):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        issuer = _clean_symbol(m.group(3))
        found.append(DocNumber(f"{m.group(1)}-{m.group(2)}/{issuer}", m.group(2), True, m.start(), m.end()))
    for m in STATE_RE.finditer(text):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        sym = _clean_symbol(m.group(3))
        number = f"{m.group(1)}/{m.group(2)}/{sym}" if m.group(2) else f"{m.group(1)}/{sym}"
        code = sym.split("-", 1)[0] if "-" in sym else None
        found.append(DocNumber(number, code, False, m.start(), m.end()))
    found.sort(key=lambda f: f.start)
    return found


def parse_date_after(tail: str) -> tuple[date | None, int]:
    m = _DATE_AFTER.match(tail)
    if not m:
        return None, 0
    g = m.groups()
    d, mo, y = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
    try:
        return date(int(y), int(mo), int(d)), m.end()
    except ValueError:
        return None, m.end()


def parse_issuer_after(tail: str) -> str | None:
    m = _ISSUER_AFTER.match(tail[:200])
    if not m:
        return None
    rest = m.group(1)
    stop = _ISSUER_STOP.search(rest)
    issuer = strip_trailing_punct(repair(rest[: stop.start()] if stop else rest))
    if not issuer or len(issuer) > 120 or not issuer[0].isupper():
        return None
    return issuer


@dataclass
class Citation:
    number: str
    key: str
    type: str | None
    date: date | None
    issuer: str | None
    start: int
    end: int


def find_citations(text: str) -> list[Citation]:
    """Every cited document in a text, with type, date and issuer when written next to it."""
    text = dashes(text)
    out: list[Citation] = []
    for num in find_numbers(text):
        before = text[max(0, num.start - 45) : num.start]
        tm = _TYPE_BEFORE.search(before)
        doc_type = None
        if tm:
            word = tm.group(1)
            doc_type = next((w for w in TYPE_WORDS if w.casefold() == word.casefold()), word)
            doc_type = doc_type[0].upper() + doc_type[1:]
        elif num.type_code:
            doc_type = TYPE_CODES.get(num.type_code)
        tail = text[num.end : num.end + 260]
        d, used = parse_date_after(tail)
        issuer = parse_issuer_after(tail[used:])
        out.append(Citation(num.number, num.key, doc_type, d, issuer, num.start, num.end))
    return out


_HEADER_NUMBER = re.compile(r"^\s*Số\s*:?\s*(.*)$", re.IGNORECASE)


def header_number(line: str) -> tuple[bool, str | None]:
    """Parse a "Số: 2653/KH-UBND" header line. Returns (is_number_line, number or None for a blank draft)."""
    m = _HEADER_NUMBER.match(dashes(line))
    if not m:
        return False, None
    rest = m.group(1)
    nums = find_numbers(rest)
    if nums and nums[0].start < 6:
        return True, nums[0].number
    if re.match(r"^[\s._…]*/\s*[A-ZĐ]", rest):
        return True, None  # "Số:     /KH-UBND": a draft without a number yet
    return False, None


def strip_type(text: str) -> str:
    return strip_trailing_punct(text)
