"""The plan's own section titles, read from its full text, for the aggregated report's headings: a task's
section "V.1" becomes "Phát triển hạ tầng số" (the plan's "V. …" then "1. Phát triển hạ tầng số"), not
"Mục V.1"; and the abbreviation of an issuing organization for "Số: …/BC-<abbreviation>"."""

import re

from giamsat.core.text import fold

_ROMAN = re.compile(r"^\s*(?:Phần\s+|PHẦN\s+)?([IVXLC]{1,6})[.\-–)]\s+(\S.*)$")
_ARABIC = re.compile(r"^\s*(\d{1,2})[.)]\s+(\S.*)$")
_ARABIC_SUB = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})[.)]?\s+(\S.*)$")
_TITLE_MAX = 160


def _title(text: str) -> str:
    """A heading's words up to the end of its first sentence (headings of action items run on)."""
    text = re.split(r"(?<=[^\d])[.:;](?:\s|$)", text.strip(), maxsplit=1)[0].strip()
    if len(text) > _TITLE_MAX:
        text = text[:_TITLE_MAX].rsplit(" ", 1)[0] + "…"
    if text.isupper():  # "PHÁT TRIỂN HẠ TẦNG SỐ" → "Phát triển hạ tầng số"
        text = text[:1] + text[1:].lower()
    return text


def section_titles(full_text: str) -> dict[str, str]:
    """{"V": "Tổ chức thực hiện", "V.1": "…", "1.2": "…"}: the numbered headings of a plan, by the keys
    the extractor gives its tasks' sections. The first heading of a number under its parent wins."""
    titles: dict[str, str] = {}
    roman = ""
    for line in (full_text or "").splitlines():
        if len(line) > 600:
            continue  # a paragraph, not a heading
        if m := _ROMAN.match(line):
            roman = m.group(1)
            titles.setdefault(roman, _title(m.group(2)))
        elif m := _ARABIC_SUB.match(line):
            titles.setdefault(f"{m.group(1)}.{m.group(2)}", _title(m.group(3)))
            if roman:
                titles.setdefault(f"{roman}.{m.group(1)}.{m.group(2)}", _title(m.group(3)))
        elif m := _ARABIC.match(line):
            key = f"{roman}.{m.group(1)}" if roman else m.group(1)
            titles.setdefault(key, _title(m.group(2)))
    return {k: v for k, v in titles.items() if v}


def abbreviation(organization) -> str:
    """The issuing body's abbreviation in a document number ("Số: …/BC-VPUBND"): its code without
    separators, in capitals (the codes are the names' Vietnamese abbreviations: ubnd, vp-ubnd, skhcn)."""
    if organization is None:
        return ""
    code = re.sub(r"[^a-z0-9]", "", fold(organization.code or ""))
    if code:
        return code.upper()
    return "".join(w[0] for w in fold(organization.short_name or organization.name).split()).upper()
