"""Reporting rules ("chế độ báo cáo"): period, due day/month, receiving agency."""

from __future__ import annotations

import re

from .agencies import starts_agency
from .layout import Para
from .model import ReportingRule
from .textutil import repair, strip_trailing_punct

_P = r"(?:hằng|hàng)\s+(?:tháng|quý|năm)|(?:0?6|sáu|9|09|chín)\s+tháng(?:\s+(?:đầu|cuối)\s+năm)?|tháng|quý|năm"
_TRIGGER = re.compile(
    r"(?:trước|chậm\s+nhất\s+(?:vào\s+)?|không\s+quá|trong\s+ngày)\s*(?:ngày\s+)?(?P<day>\d{1,2})"
    r"(?:\s*/\s*(?P<m2>\d{1,2})(?:\s*/\s*(?P<y2>(?:19|20)\d\d))?(?![\d/])|(?![\d/]))"
    r"(?:\s+tháng\s+(?P<month>\d{1,2})(?![\d/])(?:\s+năm\s+(?P<year>(?:19|20)\d\d))?)?"
    r"(?:\s+(?:của\s+)?(?P<rel>tháng\s+cuối\s+quý|tháng\s+cuối\s+kỳ|tháng\s+liền\s+kề|tháng\s+sau"
    r"|năm\s+liền\s+kề|năm\s+sau))?"
    r"(?:\s+(?:hằng|hàng)\s+(?P<list>(?:tháng|quý|(?:0?6|sáu)\s+tháng|năm)(?:\s*,\s*(?:tháng|quý|(?:0?6|sáu)\s+tháng|năm))*))?",
    re.IGNORECASE,
)
# "định kỳ 06 tháng và hằng năm", "định kỳ hàng năm (trước ngày 10/12)": the period written before the date
_PERIODIC = re.compile(r"(?:định\s+kỳ|hằng|hàng)\s+(?P<p>(?:0?6|sáu)\s+tháng|tháng|quý|năm)(?!\w)"
                       r"|(?P<p2>(?:0?6|sáu)\s+tháng)(?=\s+và\s+(?:hằng|hàng)\s+năm)", re.IGNORECASE)
_REL_PERIOD = {"tháng cuối quý": "quarterly", "tháng cuối kỳ": None, "tháng liền kề": "monthly",
               "tháng sau": "monthly", "năm liền kề": "annual", "năm sau": "annual"}
_LOOKBACK = re.compile(r"báo\s+cáo\s+(?:định\s+kỳ\s+)?(?P<p>" + _P + r")(?!\w)", re.IGNORECASE)
_LOOSE = re.compile(r"báo\s+cáo\s+(?:định\s+kỳ\s+)?(?P<p>(?:hằng|hàng)\s+(?:tháng|quý|năm)|đột\s+xuất)"
                    r"|định\s+kỳ\s+(?P<q>hằng\s+(?:tháng|quý|năm))\s+báo\s+cáo", re.IGNORECASE)
_TO = re.compile(r"(?:gửi\s+về|gửi|về|cho)\s+(?P<rest>.+)$", re.IGNORECASE)
_TO_STOP = re.compile(r"\s+(?:để|trước|theo|chậm\s+nhất|tổng\s+hợp|định\s+kỳ|qua|trong)\b|\s*[(;.,:]\s*(?!\s*Thể|"
                      r"\s*Thông|\s*Văn\s+hóa|\s*Thể\s+thao)", re.IGNORECASE)


def _period(word: str) -> str | None:
    w = re.sub(r"\s+", " ", word.lower())
    w = w.replace("hàng ", "hằng ").replace("hằng ", "")
    if w.endswith("đầu năm") or w.endswith("cuối năm") or w in ("6 tháng", "06 tháng", "sáu tháng"):
        return "6-month"
    if w in ("9 tháng", "09 tháng", "chín tháng"):
        return None  # not a period of the contract
    return {"tháng": "monthly", "quý": "quarterly", "năm": "annual", "đột xuất": "once"}.get(w)


def _periods_before(window: str) -> list[str]:
    """Periods named before the date ("định kỳ 06 tháng và hằng năm"), in order, once each."""
    out: list[str] = []
    for m in _PERIODIC.finditer(window):
        per = _period(m.group("p") or m.group("p2"))
        if per and per not in out:
            out.append(per)
    return out


def _receiver(sentence: str) -> str | None:
    marks = list(re.finditer(r"(?:gửi\s+về|gửi|về|cho)\s+", sentence, re.IGNORECASE))
    marks += list(re.finditer(r"báo\s+cáo\s+", sentence, re.IGNORECASE))  # "báo cáo UBND tỉnh"
    for m in marks:
        rest = sentence[m.end():]
        if not starts_agency(rest):
            continue
        stop = re.search(r"\s+(?:để|trước|theo|chậm\s+nhất|tổng\s+hợp|định\s+kỳ|qua|trong|trên)\b|\s*[(;.:]", rest)
        name = rest[: stop.start()] if stop else rest
        name = strip_trailing_punct(repair(name))
        if name and len(name) <= 100:
            return name
    return None


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])", text) if s.strip()]


def extract_reporting(paras: list[Para]) -> list[ReportingRule]:
    rules: list[ReportingRule] = []
    for p in paras:
        low = p.text.lower()
        if "báo cáo" not in low and "gửi" not in low:
            continue
        for sentence in _sentences(p.body):
            s_low = sentence.lower()
            if "báo cáo" not in s_low and "gửi" not in s_low:
                continue
            to = _receiver(sentence)
            found = False
            prev_end = 0
            carried: list[str] = []
            for m in _TRIGGER.finditer(sentence):
                day = int(m.group("day"))
                if not 1 <= day <= 31:
                    continue
                month_txt = m.group("month") or m.group("m2")
                month = int(month_txt) if month_txt else None
                if month is not None and not 1 <= month <= 12:
                    continue
                year = m.group("year") or m.group("y2")
                window = sentence[prev_end: m.start()]
                looks = list(_LOOKBACK.finditer(window))
                start = prev_end + looks[-1].start() if looks else prev_end
                periods: list[str] = []
                rel = re.sub(r"\s+", " ", (m.group("rel") or "").lower())
                if looks and _period(looks[-1].group("p")):
                    periods = [_period(looks[-1].group("p"))]
                elif m.group("list"):
                    periods = [x for x in (_period(w.strip()) for w in m.group("list").split(",")) if x]
                elif rel and _REL_PERIOD.get(rel):
                    periods = [_REL_PERIOD[rel]]
                elif year:
                    periods = ["once"]
                elif month is None and re.search(r"hằng\s+tháng|hàng\s+tháng", sentence[m.end(): m.end() + 20]):
                    periods = ["monthly"]
                else:
                    periods = _periods_before(window) or carried
                carried = periods
                end = m.end()
                if sentence[end: end + 2].strip().startswith(")"):
                    end = sentence.index(")", end) + 1
                text = strip_trailing_punct(repair(sentence[start:end] if looks else sentence))
                for per in periods:
                    rules.append(ReportingRule(text=text, period=per, due_day=day,
                                               due_month=month if per in ("6-month", "annual", "once")
                                               else None,
                                               to=to, line=p.line))
                    found = True
                prev_end = m.end()
            if not found:
                for m in _LOOSE.finditer(sentence):
                    per = _period(m.group("p") or m.group("q"))
                    if per:
                        rules.append(ReportingRule(text=strip_trailing_punct(repair(sentence)), period=per,
                                                   to=to, line=p.line))
                        found = True
            if not found and "báo cáo" in s_low and re.search(r"định\s+kỳ", s_low):
                # "Định kỳ 06 tháng và hằng năm, các sở báo cáo UBND tỉnh": periods without a day
                for per in _periods_before(sentence):
                    rules.append(ReportingRule(text=strip_trailing_punct(repair(sentence)), period=per,
                                               to=to, line=p.line))
    # the same sentence repeated (a summary and its annex) is one obligation
    seen: set[tuple] = set()
    unique: list[ReportingRule] = []
    for r in rules:
        key = (r.text, r.period, r.due_day, r.due_month, r.to)
        if key not in seen:
            seen.add(key)
            unique.append(r)
    return unique
