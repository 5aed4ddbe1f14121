"""Legacy 8-bit Vietnamese font encodings (TCVN3/ABC and VNI).

Documents typed in ".VnTime" (TCVN3) or "VNI-Times" fonts store Vietnamese
letters in byte values that Latin-1/CP1252 shows as "B¸o c¸o" or "Baùo caùo".
TCVN3 is converted with the table below (written for this project from the
TCVN 5712:1993 code chart); VNI is only detected and reported.
"""

from __future__ import annotations

import re
import unicodedata

# byte value (as a Latin-1 code point) -> Vietnamese letter, lowercase VN3 chart.
_TCVN3_PAIRS = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}
TCVN3_TABLE = {chr(k): v for k, v in _TCVN3_PAIRS.items()}
_TCVN3_TRANS = str.maketrans(TCVN3_TABLE)

# Very common Vietnamese syllables: used to decide which decoding reads as Vietnamese.
COMMON_WORDS = frozenset(
    """và của các năm tỉnh được những trong nhân dân thực hiện kế hoạch báo cáo ngày tháng số
    về phát triển công nghệ đổi mới quốc gia với theo người này một có không cho đã đến chủ trì
    phối hợp nhiệm vụ quyết nghị tuyên truyền sở ủy uỷ ban chính trị đơn vị cơ quan thời gian
    hoàn thành tổ chức xã hội chuyển khoa học sáng tạo""".split()
)

_WORD = re.compile(r"[^\W\d_]+")


def vietnamese_score(text: str) -> int:
    """How many tokens of ``text`` are common Vietnamese syllables."""
    sample = unicodedata.normalize("NFC", text[:20000]).casefold()
    return sum(1 for w in _WORD.findall(sample) if w in COMMON_WORDS)


def tcvn3_to_unicode(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_TCVN3_TRANS))


def looks_like_tcvn3(text: str) -> bool:
    """True when converting from TCVN3 makes the text markedly more Vietnamese."""
    sample = text[:20000]
    marks = sum(1 for ch in sample if ch in TCVN3_TABLE and 0xA8 <= ord(ch) <= 0xBE)
    if marks < 3:
        return False
    before = vietnamese_score(sample)
    after = vietnamese_score(tcvn3_to_unicode(sample))
    return after >= 3 and after > 2 * before + 2


# A few frequent syllables as they appear when VNI bytes are read as CP1252/Latin-1.
_VNI_SIGNS = ("vaø", "cuûa", "caùc", "ngaøy", "thaùng", "naêm", "tænh", "nhaân", "daân", "coâng",
              "vieäc", "ñeán", "ñoåi", "ñaàu", "hoaïch", "baùo", "caùo", "quyeát", "ñònh", "uûy")


def looks_like_vni(text: str) -> bool:
    sample = text[:20000].casefold()
    hits = sum(sample.count(sign) for sign in _VNI_SIGNS)
    return hits >= 3
