"""Quantitative targets ("chỉ tiêu"): value, range, unit, comparator and target year."""

from __future__ import annotations

import re

from .layout import Para
from .model import Target
from .textutil import repair, strip_trailing_punct

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_UNITS = [
    (r"người\s+trên\s+(?:một|1)\s+vạn\s+dân", "người/vạn dân"),
    (r"người\s*/\s*(?:một|1)?\s*vạn\s+dân", "người/vạn dân"),
    (r"bác\s+sĩ\s+trên\s+(?:một|1)\s+vạn\s+dân", "bác sĩ/vạn dân"),
    (r"tỷ\s+đồng", "tỷ đồng"), (r"triệu\s+đồng", "triệu đồng"), (r"nghìn\s+tỷ\s+đồng", "nghìn tỷ đồng"),
    (r"USD", "USD"), (r"km", "km"), (r"doanh\s+nghiệp", "doanh nghiệp"), (r"sáng\s+kiến", "sáng kiến"),
    (r"lượt", "lượt"), (r"sản\s+phẩm", "sản phẩm"), (r"điểm", "điểm"),
]
_QTY = re.compile(
    r"(?P<v1>" + _NUM + r")\s*(?P<pct1>%)?\s*(?:(?P<dash>-|–|đến|tới)\s*(?P<v2>" + _NUM + r"))?\s*(?P<pct>%)?"
)
_COMP_WORDS = (r"từ|trên|dưới|ít\s+nhất|tối\s+thiểu|tối\s+đa|không\s+dưới|không\s+thấp\s+hơn|không\s+quá|"
               r"không\s+vượt\s+quá")
_CUE = re.compile(
    r"(?P<cue>" + _COMP_WORDS + r"|khoảng|đạt|bằng|duy\s+trì|chiếm|phấn\s+đấu|giảm|tăng|lên|hướng\s+tới)"
    r"(?:\s+(?:mức|đạt|ở\s+mức))?\s*$",
    re.IGNORECASE,
)
_YEAR_IN = re.compile(r"(?:đến|tới|trong|vào)\s+năm\s+((?:19|20)\d\d)|năm\s+((?:19|20)\d\d)")
_COMPARATOR = {
    "trên": ">", "dưới": "<", "ít nhất": ">=", "tối thiểu": ">=", "không dưới": ">=", "không thấp hơn": ">=",
    "tối đa": "<=", "không quá": "<=", "không vượt quá": "<=", "từ": ">=",
}


def _value(text: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        text = text.replace(".", "")
    return float(text.replace(",", "."))


def _clauses(text: str) -> list[str]:
    out: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ0-9])", text):
        out.extend(c for c in re.split(r";\s+", sentence) if c.strip())
    return out


def extract_targets(paras: list[Para]) -> list[Target]:
    out: list[Target] = []
    for p in paras:
        if not re.search(r"\d", p.body):
            continue
        for clause in _clauses(p.body):
            for t in _targets_in(clause):
                t.year = t.year or _heading_year(p)
                t.line = p.line
                out.append(t)
    return out


def _heading_year(p: Para) -> int | None:
    for title in reversed(p.titles):
        m = _YEAR_IN.search(title)
        if m:
            return int(m.group(1) or m.group(2))
    return None


def _targets_in(clause: str) -> list[Target]:
    found: list[Target] = []
    for m in _QTY.finditer(clause):
        start, end = m.span()
        if start > 0 and (clause[start - 1].isalnum() or clause[start - 1] in "/-."):
            continue
        after = clause[end: end + 40]
        if re.match(r"\s*[/\-]\s*\d|[A-Za-zÀ-ỹĐđ]", after) and not m.group("pct") and not m.group("pct1"):
            if not re.match(r"\s*(?:" + "|".join(u for u, _ in _UNITS) + ")", after):
                continue
        v1 = m.group("v1")
        if re.fullmatch(r"(?:19|20)\d\d", v1) and not (m.group("pct") or m.group("pct1")):
            continue
        before = clause[max(0, start - 30): start]
        cue = _CUE.search(before)
        unit: str | None = None
        if m.group("pct") or m.group("pct1"):
            unit = "%"
            if re.match(r"\s*(?:GRDP|GDP)\b", after):
                unit = "% " + re.match(r"\s*(GRDP|GDP)", after).group(1)
        else:
            for rx, name in _UNITS:
                if re.match(r"\s*" + rx, after, re.IGNORECASE):
                    unit = name
                    break
        decimal = "," in v1 or ("." in v1 and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", v1))
        if unit is None and not (cue and decimal):
            continue
        if unit not in ("%", "% GRDP", "% GDP") and cue is None:
            continue
        value = _value(v1)
        value_max = _value(m.group("v2")) if m.group("v2") else None
        if value_max is not None and value_max < value:
            continue
        cue_word = re.sub(r"\s+", " ", cue.group("cue").lower()) if cue else ""
        if cue_word not in _COMPARATOR and cue:
            # "tối thiểu đạt 25%": the comparator may stand before the verb
            earlier = re.search(r"(?P<w>" + _COMP_WORDS + r")\s+" + re.escape(cue.group(0).strip()) + r"\s*$",
                                before, re.IGNORECASE)
            if earlier:
                cue_word = re.sub(r"\s+", " ", earlier.group("w").lower())
        if value_max is not None:
            comparator = "range"
        elif re.match(r"\s*(?:%\s*)?trở\s+lên", after) or re.match(r"\s*trở\s+lên", clause[end:]):
            comparator = ">="
        elif re.match(r"\s*(?:%\s*)?trở\s+xuống", after):
            comparator = "<="
        else:
            comparator = _COMPARATOR.get(cue_word, "=")
        year_m = _YEAR_IN.search(clause)
        phrase = clause[max(0, start - len(cue.group(0))) if cue else start: end + (len(unit) if unit and unit
                                                                                    not in ("%",) else 0)]
        found.append(Target(
            text=strip_trailing_punct(repair(clause)).lstrip("- "),
            value=value, value_max=value_max, unit=unit, comparator=comparator,
            year=int(year_m.group(1) or year_m.group(2)) if year_m else None,
            matched=repair(phrase),
        ))
    return found
