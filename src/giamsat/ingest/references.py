"""Cited documents with their relation to this one (based on / replaces / mentions)."""

from __future__ import annotations

import re

from .layout import Para
from .model import Reference
from .refs import find_citations, number_key

_OPENING = re.compile(r"^(?:Căn\s+cứ|Thực\s+hiện|Triển\s+khai\s+thực\s+hiện|Thi\s+hành)\b", re.IGNORECASE)
_REPLACES = re.compile(r"(?:thay\s+thế|bãi\s+bỏ)\s+(?:cho\s+)?(?:\S+\s+){0,4}?$", re.IGNORECASE)
_STRENGTH = {"based_on": 3, "replaces": 2, "mentions": 1}


def _opening_end(text: str) -> int:
    """End of the first sentence of an opening paragraph ("Căn cứ ...; ... ." )."""
    m = re.search(r"[.:](?=\s+[A-ZĐÀ-Ỹ]|\s*$)", text)
    return m.end() if m else len(text)


def extract_references(paras: list[Para], own_number: str | None) -> list[Reference]:
    refs: dict[str, Reference] = {}
    order: list[str] = []
    own = number_key(own_number) if own_number else None
    in_preamble = True
    for p in paras:
        if p.kind in ("roman", "num"):
            in_preamble = False
        opening_until = _opening_end(p.text) if in_preamble and _OPENING.match(p.text) else -1
        for c in find_citations(p.text):
            if own and c.key == own:
                continue
            before = p.text[max(0, c.start - 60): c.start]
            if _REPLACES.search(before):
                relation = "replaces"
            elif c.start < opening_until:
                relation = "based_on"
            else:
                relation = "mentions"
            existing = refs.get(c.key)
            if existing is None:
                refs[c.key] = Reference(c.number, relation, c.type, c.date, c.issuer,
                                        snippet=p.text[max(0, c.start - 40): c.end + 120], line=p.line)
                order.append(c.key)
                continue
            if _STRENGTH[relation] > _STRENGTH[existing.relation]:
                existing.relation = relation
            existing.type = existing.type or c.type
            existing.date = existing.date or c.date
            existing.issuer = existing.issuer or c.issuer
    return [refs[k] for k in order]
