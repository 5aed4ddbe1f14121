"""Is this text Vietnamese a person can read? A check for garbled text layers.

A scanner's bad OCR or a PDF whose fonts map glyphs to the wrong letters gives
"(cid:54)(cid:1250)" or "Uû ban" instead of "Ủy ban". Vietnamese is written in
syllables of a known shape (onset, vowel nucleus, coda, one tone mark), so the share
of words that are valid syllables tells readable text from garbage.
"""

from __future__ import annotations

import re
import unicodedata

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"([aăâeêioôơuưy]{1,3})"
    r"(ch|ng|nh|[cmnpt])?"
)
_WORD = re.compile(r"\S+")
_EDGE = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def _untoned(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))


def is_syllable(word: str) -> bool:
    return _SYLLABLE.fullmatch(_untoned(word)) is not None


def readable_share(text: str) -> float | None:
    """Share of word tokens that read as Vietnamese syllables (None: too few words to judge).

    Abbreviations in capitals ("UBND", "KH-UBND") and numbers are not counted either way.
    """
    good = counted = 0
    for token in _WORD.findall(text):
        word = _EDGE.sub("", token)
        if not word or (word.isupper() and word.isascii()) or any(ch.isdigit() for ch in word):
            if "(cid:" in token or any(unicodedata.category(ch) in ("Co", "Cn") for ch in token):
                counted += 1  # unmapped glyphs
            continue
        counted += 1
        if "(cid:" not in token and all(is_syllable(part) for part in re.split(r"[-/]", word) if part):
            good += 1
    return good / counted if counted >= 20 else None


def is_garbled(text: str, threshold: float = 0.6) -> bool:
    share = readable_share(text)
    return share is not None and share < threshold
