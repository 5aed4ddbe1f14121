"""Vietnamese text helpers used for matching names: NFC, tone-mark repair, accent folding; text safe for OOXML."""

import re
import unicodedata

# Old-style tone placement ("Uỷ", "Hoà", "Thuỷ") versus the new one; both appear in official text.
_TONE_FIXES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(_TONE_FIXES), re.IGNORECASE)
_OOXML_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def clean_ooxml(text) -> str:
    """Text safe for OOXML, Word and Excel files (no control characters), stripped."""
    return _OOXML_CONTROL.sub("", str(text or "")).strip()


def clean_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text)).strip()


def fix_tone_marks(text: str) -> str:
    def repl(match: re.Match) -> str:
        found = match.group(0)
        fixed = _TONE_FIXES[found.lower()]
        return fixed.upper() if found.isupper() else (fixed[0].upper() + fixed[1:] if found[0].isupper() else fixed)

    return _TONE_RE.sub(repl, text)


def fold(text: str) -> str:
    """Accent-, case- and punctuation-insensitive key: 'Sở Văn hoá, TT&DL' -> 'so van hoa tt va dl'."""
    text = fix_tone_marks(clean_spaces(text)).replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("&", " va ")
    text = re.sub(r"[^\w]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def check_lengths(fields: dict[str, str | None]) -> None:
    """Refuse free text (label → value) longer than GIAMSAT_MAX_TEXT_CHARS, before anything is written:
    one person's narrative or note must not grow into megabytes that every reader downloads (ADR 0016)."""
    from django.conf import settings

    from giamsat.core.errors import ApplicationError

    limit = settings.GIAMSAT_MAX_TEXT_CHARS
    for label, value in fields.items():
        if value is not None and len(value) > limit:
            shown = f"{limit:,}".replace(",", ".")  # 20.000: the thousands separator people read
            raise ApplicationError(f"Mục “{label}” quá dài: tối đa {shown} ký tự.", code="too_long")
