"""From raw lines to clean lines, paragraphs and numbered sections.

PDF-to-text exports wrap every line and separate them with blank lines, so
paragraphs are rebuilt from punctuation, line length and list markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .textutil import ROMAN, join_wrapped, nfc, squash, starts_upper

_MD = re.compile(r"\*+")
_PAGE_NO = re.compile(r"^\d{1,3}$")


@dataclass
class Line:
    text: str
    no: int  # 1-based line number in the source
    marker_before: bool = False  # a whitespace-only line stood just before it


def clean_lines(raw: list[str]) -> list[Line]:
    out: list[Line] = []
    marker = False
    for i, text in enumerate(raw, start=1):
        if text.strip() == "":
            if text != "":
                marker = True  # whitespace-only line: often a cell/paragraph boundary in exports
            continue
        t = squash(_MD.sub("", nfc(text)))
        if not t:
            continue
        out.append(Line(t, i, marker))
        marker = False
    return out


_ROMAN_HEAD = re.compile(r"^(?P<label>[IVX]{1,5})\s*[.\-–):]\s*(?P<body>\S.*)$")
_NUM_HEAD = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)]\s*(?P<body>\S.*)$")
_LETTER_HEAD = re.compile(r"^(?P<label>[a-zđ])\s*\)\s*(?P<body>\S.*)$")
_BULLET = re.compile(r"^(?P<label>[-–+•●▪*])\s*(?P<body>\S.*)$")
_SEPARATOR = re.compile(r"^[-_=.*…]{3,}$")
_FORCED_BREAK = re.compile(r"^(?:Nơi\s+nhận|Nơi\s+gửi|Kính\s+gửi|TM\.|T/M|KT\.|K/T|TL\.|T/L|TUQ\.)")
_CONNECT_END = re.compile(r"(?:[,;(/-]|\b(?:và|của|về|các|trong|trên|với|cho|để|tại|từ|đến|những|theo|hoặc|là))$")


@dataclass
class Para:
    text: str  # whole paragraph, wrapped lines joined
    line: int  # source line number of its first line
    kind: str  # "roman" | "num" | "letter" | "bullet" | "plain" | "separator"
    label: str | None = None
    body: str = ""  # text after the marker
    path: tuple[str, ...] = ()  # enclosing headings' labels, e.g. ("V", "7")
    titles: tuple[str, ...] = ()  # enclosing headings' texts
    lines: list[int] = field(default_factory=list)

    @property
    def depth(self) -> int:
        if self.kind == "roman":
            return 1
        if self.kind == "num":
            return 1 + (self.label or "1").count(".") + 1
        if self.kind == "letter":
            return 6
        return 99


def _marker(text: str) -> tuple[str, str | None, str]:
    if _SEPARATOR.match(text):
        return "separator", None, text
    for kind, rx in (("roman", _ROMAN_HEAD), ("num", _NUM_HEAD), ("letter", _LETTER_HEAD), ("bullet", _BULLET)):
        m = rx.match(text)
        if m:
            label = m.group("label")
            if kind == "roman" and label not in ROMAN:
                continue
            if kind == "num" and re.match(r"^\d{1,2}\.\d{1,2}$", label) and re.match(r"^\d", m.group("body")):
                continue  # "37.6 ..." or dates, not a heading
            if kind == "bullet" and label in "-–" and re.match(r"^\d", m.group("body")):
                return "plain", None, text
            return kind, label, m.group("body")
    return "plain", None, text


def _width(lines: list[Line]) -> float:
    lengths = sorted(len(ln.text) for ln in lines if len(ln.text) >= 20)
    if not lengths:
        return 80.0
    return float(lengths[int(len(lengths) * 0.8) - 1 if len(lengths) > 1 else 0])


def build_paragraphs(lines: list[Line], *, hard_breaks: bool = False) -> list[Para]:
    """Rebuild paragraphs, then attach each to its enclosing numbered headings."""
    width = _width(lines)
    paras: list[Para] = []
    buf: list[Line] = []

    def flush() -> None:
        if not buf:
            return
        text = join_wrapped([ln.text for ln in buf])
        kind, label, body = _marker(text)
        paras.append(Para(text, buf[0].no, kind, label, body, lines=[ln.no for ln in buf]))
        buf.clear()

    for line in lines:
        t = line.text
        if _PAGE_NO.match(t):
            continue  # page numbers of a text export
        if not buf:
            buf.append(line)
            continue
        prev = buf[-1].text
        kind, _label, _body = _marker(t)
        new = hard_breaks or kind != "plain" or bool(_FORCED_BREAK.match(t))
        if not new:
            ends = prev.rstrip()[-1:] in ".:;!?…" or prev.rstrip().endswith("./.")
            short = len(prev) < 0.8 * width
            if starts_upper(t) and ((ends and short) or len(prev) < 0.6 * width or line.marker_before) \
                    and not _CONNECT_END.search(prev):
                new = True
            if _marker(buf[0].text)[0] == "separator":
                new = True
        if new:
            flush()
        buf.append(line)
    flush()
    _attach_sections(paras)
    return paras


def _attach_sections(paras: list[Para]) -> None:
    stack: list[Para] = []
    for p in paras:
        if p.kind in ("roman", "num", "letter"):
            while stack and stack[-1].depth >= p.depth:
                stack.pop()
            p.path = tuple(h.label or "" for h in stack)
            p.titles = tuple(h.body for h in stack)
            stack.append(p)
        else:
            p.path = tuple(h.label or "" for h in stack)
            p.titles = tuple(h.body for h in stack)


_CLOSING = re.compile(r"^(?:Nơi\s+nhận|Nơi\s+gửi)\s*:?", re.IGNORECASE)
_APPENDIX = re.compile(r"^(?:PHỤ\s+LỤC|Phụ\s+lục\s+[IVX\d]+\b|DANH\s+MỤC"
                       # a plan issued with the decision follows its signature: "(Kèm theo Nghị quyết số ...)"
                       r"|\(?\s*(?:Ban\s+hành\s+)?[Kk]èm\s+theo\s+(?:[A-ZĐ]\w*\s+){1,3}số"
                       r"|(?:KẾ\s+HOẠCH|CHƯƠNG\s+TRÌNH(?:\s+HÀNH\s+ĐỘNG)?|ĐỀ\s+ÁN|QUY\s+CHẾ|PHƯƠNG\s+ÁN)$)")


def drop_closing(paras: list[Para]) -> list[Para]:
    """Remove the recipients list and signature block ("Nơi nhận: ... TM. ỦY BAN NHÂN DÂN ...").

    An appendix may follow the signature; paragraphs resume at its "PHỤ LỤC" title.
    """
    out: list[Para] = []
    closing = False
    for p in paras:
        if _CLOSING.match(p.text):
            closing = True
            continue
        if closing and _APPENDIX.match(p.text):
            closing = False
        if not closing:
            out.append(p)
    return out
