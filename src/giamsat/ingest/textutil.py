"""Small text helpers shared by the extractors: NFC, whitespace repair, folding."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,;:.)!?])")
_COMMA_GLUE = re.compile(r"([,;])(?=[^\W\d_])")  # "ban,ngành" -> "ban, ngành" (not "37,6")
_OPEN_PAREN_SPACE = re.compile(r"\(\s+")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-"})


_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u2044": "/", "\u2215": "/"})


def nfc(text: str) -> str:
    """NFC-normalise and map look-alikes: U+00D0 (Icelandic eth) to Đ, the fraction and division slashes
    that OCR and some fonts put in document numbers ("1105⁄KH-ĐKT") to "/"."""
    return unicodedata.normalize("NFC", text).translate(_LOOKALIKES)


def squash(text: str) -> str:
    """Collapse all runs of whitespace (incl. newlines) to one space and strip."""
    return _WS.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip()


def repair(text: str) -> str:
    """Whitespace repair for a value extracted from wrapped lines."""
    text = squash(nfc(text))
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _COMMA_GLUE.sub(r"\1 ", text)
    text = _OPEN_PAREN_SPACE.sub("(", text)
    return text.strip()


def strip_trailing_punct(text: str) -> str:
    return text.rstrip(" .,;:").strip()


def join_wrapped(lines: list[str]) -> str:
    """Join lines that were wrapped by a layout engine.

    A line ending in "-" right after a letter or digit ("57-" + "NQ/TW",
    "2273/KH-" + "UBND") is glued without a space; anything else gets one.
    """
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif re.search(r"[\w/]-$", out) and re.match(r"\w", line):
            out += line
        else:
            out += " " + line
    return out


def dashes(text: str) -> str:
    """Unify en/em dashes and minus signs to "-"."""
    return text.translate(_DASHES)


def fold(text: str) -> str:
    """Accent-folded, case-folded key: "Sở Văn hoá" -> "so van hoa"."""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return squash(text).casefold()


def lower(text: str) -> str:
    return nfc(text).casefold()


_UPPER_LETTERS = re.compile(r"[^\W\d_]")


def is_mostly_upper(text: str, threshold: float = 0.85) -> bool:
    letters = _UPPER_LETTERS.findall(text)
    if len(letters) < 3:
        return False
    upper = sum(1 for ch in letters if ch.isupper())
    return upper / len(letters) >= threshold


def starts_lower(text: str) -> bool:
    m = _UPPER_LETTERS.search(text.strip()[:3] or " ")
    s = text.strip()
    return bool(s) and s[0].isalpha() and s[0].islower() and m is not None


def starts_upper(text: str) -> bool:
    s = text.strip().lstrip("\"'“”‘’(*")
    return bool(s) and s[0].isalpha() and s[0].isupper()


ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
         "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15}
