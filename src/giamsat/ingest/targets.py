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
# "giai đoạn 2026 - 2030", "thời kỳ 2021-2030": a horizon is the end of the period
_PERIOD_IN = re.compile(r"(?:giai\s+đoạn|thời\s+kỳ|kỳ)\s+(?:19|20)\d\d\s*[-–]\s*((?:19|20)\d\d)",
                        re.IGNORECASE)
_APPENDIX = re.compile(r"^\s*(?:PHỤ\s+LỤC|Phụ\s+lục\s+[IVX\d]+)\b")
# "yêu cầu 100% các dự án ...": a requirement on others, not a target of the plan
_REQUIREMENT = re.compile(r"(?:yêu\s+cầu|bắt\s+buộc|phải)\s*$", re.IGNORECASE)
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


def extract_targets(paras: list[Para], *, default_year: int | None = None) -> list[Target]:
    """Targets of the plan. ``default_year`` (from the plan's title or period) applies when neither the
    sentence nor a heading names a year. A target an appendix repeats from the body is listed once."""
    out: list[Target] = []
    in_appendix = False
    appendix_year: int | None = None
    for p in paras:
        if _APPENDIX.match(p.text):
            in_appendix, appendix_year = True, _year_of(p.text)
            continue
        if in_appendix and appendix_year is None and len(p.text) < 160 and not re.search(r"\d+\s*%", p.text):
            appendix_year = _year_of(p.text)
        if not re.search(r"\d", p.body):
            continue
        for clause in _clauses(p.body):
            before = list(out)  # two equal numbers in one clause are two targets
            for t in _targets_in(clause):
                t.year = t.year or (appendix_year if in_appendix else _heading_year(p)) or default_year
                t.line = p.line
                if not _repeats(t, before, in_appendix):
                    out.append(t)
    return out


def _repeats(t: Target, seen: list[Target], in_appendix: bool) -> bool:
    for o in seen:
        if (o.value, o.value_max, o.unit) != (t.value, t.value_max, t.unit):
            continue
        if in_appendix or _overlap(o.text, t.text) >= 0.6:
            return True
    return False


def _overlap(a: str, b: str) -> float:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def _year_of(text: str) -> int | None:
    m = _PERIOD_IN.search(text)
    if m:
        return int(m.group(1))
    m = _YEAR_IN.search(text)
    return int(m.group(1) or m.group(2)) if m else None


def plan_year(title: str | None) -> int | None:
    """The year of an annual plan ("Kế hoạch ... năm 2026") or the end of its period."""
    return _year_of(title or "")


def _heading_year(p: Para) -> int | None:
    for title in reversed(p.titles):
        y = _year_of(title)
        if y:
            return y
    return None


def _counted_noun(clause: str, start: int, end: int) -> str | None:
    """ "từ 05 mỏ khoáng sản ... trở lên": a minimum count of the noun after the number."""
    if not re.search(r"(?:từ|tối\s+thiểu|ít\s+nhất)\s+$", clause[max(0, start - 15): start], re.IGNORECASE):
        return None
    if not re.search(r"\btrở\s+lên\b", clause[end: end + 120]):
        return None
    noun = re.match(r"\s*([^\W\d_]+)", clause[end:])
    return noun.group(1) if noun else None


def _targets_in(clause: str) -> list[Target]:
    found: list[Target] = []
    last_end = 0
    for m in _QTY.finditer(clause):
        start, end = m.span()
        if start > 0 and (clause[start - 1].isalnum() or clause[start - 1] in "/-."):
            continue
        after = clause[end: end + 40]
        counted = _counted_noun(clause, start, end)
        if re.match(r"\s*[/\-]\s*\d|[A-Za-zÀ-ỹĐđ]", after) and not m.group("pct") and not m.group("pct1"):
            if not re.match(r"\s*(?:" + "|".join(u for u, _ in _UNITS) + ")", after) and not counted:
                continue
        v1 = m.group("v1")
        if re.fullmatch(r"(?:19|20)\d\d", v1) and not (m.group("pct") or m.group("pct1")):
            continue
        before = clause[max(0, start - 30): start]
        if _REQUIREMENT.search(before):
            continue
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
        unit = unit or counted
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
        if comparator == "=" and not cue and found and found[-1].comparator in (">=", ">", "<", "<=") \
                and re.search(r"(?:,|\bvà|\bhoặc)\s*$", clause[last_end:start]) and start - last_end < 120:
            comparator = found[-1].comparator  # "tối thiểu 50% ... và 20% ...": the comparator carries over
        last_end = end
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
