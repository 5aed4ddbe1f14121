"""A document's full text cut into the parts officials cite: its headings (I., 1., 1.1., Điều N, Mục, Phụ lục,
Chương) make a path ("III.2", "Điều 5", "Phụ lục"); a long part is cut again at its paragraphs, each piece
keeping the part's path. Extracted text is wrapped at the page's width: lines are joined back into
paragraphs, a paragraph starting at a bullet ("-", "+", "a)") or a heading."""

import re
from dataclasses import dataclass

from giamsat.core.text import fold

ROMAN = re.compile(r"^([IVX]{1,5})\s*[.\-–]\s+(\S.*)$")
NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})\.\s+(\S.*)$")
ARTICLE = re.compile(r"^(Điều\s+\d+)\s*[.:]?\s*(.*)$")
APPENDIX = re.compile(r"^(PHỤ LỤC|Phụ lục)(\s+[IVX\d]+)?\b\s*(.*)$")
PART = re.compile(r"^(Mục|MỤC|Chương|CHƯƠNG)\s+([\dIVX]+)\b[.:]?\s*(.*)$")
BULLET = re.compile(r"^([-+•*]|[a-zđ]\)|\d{1,2}\))\s*")
SHORT_HEADING = 60  # a heading line shorter than this is whole; a longer one may wrap onto the next line
MAX_CHARS = 900  # a longer part is cut at its paragraphs into pieces of about this size


@dataclass
class Section:
    path: str  # "III.2", "Điều 5", "Phụ lục", "" before the first heading
    title: str  # the headings above it and its own, for the index ("NỘI DUNG TUYÊN TRUYỀN › Mục đích")
    text: str  # its paragraphs, joined by newlines
    anchor: str  # "muc-III-2-p1": the place in the document's text page


def _heading(line: str) -> tuple[str, str, str] | None:
    """(kind, number, title) of a heading line, or None."""
    if m := ROMAN.match(line):
        return "roman", m.group(1), m.group(2)
    if m := NUMBER.match(line):
        return "number", m.group(1), m.group(2)
    if m := ARTICLE.match(line):
        return "article", re.sub(r"\s+", " ", m.group(1)), m.group(2)
    if m := APPENDIX.match(line):
        return "appendix", ("Phụ lục" + (m.group(2) or "")).strip(), m.group(3)
    if m := PART.match(line):
        return "part", f"{m.group(1).capitalize()} {m.group(2)}", m.group(3)
    return None


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs: wrapped lines joined; a new one at a bullet, a heading, the line after a short
    heading (a long one wrapped), or a capital after a sentence's end."""
    out: list[str] = []
    closed = True  # the last paragraph takes no more lines (a short heading)
    for raw in (text or "").splitlines():
        line = re.sub(r"\s+", " ", raw).strip()
        if not line:
            continue
        heading = _heading(line) is not None
        starts_new = (closed or heading or BULLET.match(line)
                      or out[-1].endswith((".", ":", ";", "./.")) and line[:1].isupper())
        if starts_new:
            out.append(line)
        else:
            out[-1] += " " + line
        closed = heading and len(line) < SHORT_HEADING if starts_new else False
    return out


def anchor_of(path: str, piece: int = 0) -> str:
    slug = fold(path).replace(" ", "-")
    return f"muc-{slug or 'dau'}" + (f"-p{piece}" if piece else "")


def split_sections(text: str) -> list[Section]:
    """The document's parts in order, long ones cut into pieces (each a Section with the same path)."""
    parts: list[tuple[str, list[str], list[str]]] = []  # (path, titles, paragraphs)
    roman, path, titles = "", "", []
    top_title = ""
    for para in paragraphs(text):
        head = _heading(para)
        if head is None:
            if not parts:
                parts.append(("", [], []))
            parts[-1][2].append(para)
            continue
        kind, num, title = head
        title = title if len(title) <= 90 else title[:90].rsplit(" ", 1)[0] + "…"  # a wrapped heading ran on
        if kind == "roman":
            roman, top_title = num, title
            path, titles = num, [title]
        elif kind == "number":
            path = f"{roman}.{num}" if roman else num
            titles = [top_title, title] if top_title else [title]
        else:
            roman, top_title = "", title
            path, titles = num, [num, title]
        parts.append((path, titles, [para]))
    sections: list[Section] = []
    for path, titles, paras in parts:
        pieces, current = [], []
        for para in paras:
            if current and sum(len(p) for p in current) + len(para) > MAX_CHARS:
                pieces.append(current)
                current = []
            current.append(para)
        if current:
            pieces.append(current)
        for i, piece in enumerate(pieces):
            sections.append(Section(path, " › ".join(t for t in titles if t), "\n".join(piece), anchor_of(path, i)))
    return sections
