"""Recognise and split agency names as written in plans.

Matching names to organisations is the importer's job; here we only decide
where one name ends and the next begins, keeping group phrases
("Các sở, ban, ngành", "UBND các huyện, thành phố") whole.
"""

from __future__ import annotations

import re

from .textutil import repair, strip_trailing_punct

# Words that begin an agency name. Multi-word entries avoid false starts:
# "Công an" but not "Công nghệ", "Tổ công nghệ" but not "Tổ chức".
_STARTERS = [
    "Sở", "Ban", "UBND", "UB", "Ủy ban", "Uỷ ban", "HĐND", "Hội đồng", "Công an", "Bộ", "Báo", "Đài",
    "Văn phòng", "VP", "Trung tâm", "Hội", "Tỉnh đoàn", "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Thành uỷ",
    "Huyện ủy", "Huyện uỷ", "Đảng ủy", "Đảng uỷ", "Liên đoàn", "LĐLĐ", "Mặt trận", "MTTQ", "UBMTTQ",
    "Trường", "Cổng", "Phòng", "Cục", "Vụ", "Chi cục", "Viện", "Thanh tra", "Kho bạc", "Ngân hàng",
    "Bảo hiểm", "Cơ quan", "Công đoàn", "Công ty", "Tổng công ty", "Đoàn", "Hiệp hội", "Liên minh",
    "Bộ Chỉ huy", "Ban Chỉ đạo", "BCĐ", "BCH", "Chính phủ", "Thủ tướng", "Bưu điện", "Viettel", "VNPT",
    "Thường trực", "Đơn vị", "Tổ công nghệ", "Tổ giúp việc", "Tổ công tác", "Ủy ban nhân dân",
    "Bộ đội", "Quân", "Lực lượng", "Hợp tác xã", "Doanh nghiệp", "Tòa án", "Viện kiểm sát",
    "Cảnh sát", "Hạt kiểm lâm", "Chi nhánh", "Ngân hàng Nhà nước", "Đảng đoàn", "Ban cán sự",
    "Cán bộ", "Lãnh đạo", "Các đồng chí",
]
# Nouns that, after "các"/"Các", make a group of agencies.
_GROUP_NOUNS = [
    "sở", "ban", "ngành", "cơ quan", "đơn vị", "huyện", "xã", "phường", "thị trấn", "cấp", "doanh nghiệp",
    "tổ chức", "hội", "phòng", "trường", "địa phương", "đoàn thể", "công đoàn", "tổ", "huyện ủy",
    "huyện uỷ", "thành ủy", "đảng ủy", "đảng uỷ", "ban đảng", "cơ sở", "trung tâm", "bộ", "tỉnh",
    "thành phố", "chi bộ", "đồng chí", "nhà", "hợp tác xã", "lực lượng", "tập đoàn", "đài", "báo",
    "cổng", "chi cục", "cục", "viện", "ủy ban", "uỷ ban", "thành viên", "tổ chức cơ sở",
]

_STARTER_RE = re.compile(
    r"(?:" + "|".join(sorted((re.escape(s) for s in _STARTERS), key=len, reverse=True)) + r")(?![\w])"
)
_GROUP_RE = re.compile(
    r"(?:[Cc]ác|[Nn]hững|[Mm]ọi)\s+(?:" + "|".join(
        sorted((re.escape(s) for s in _GROUP_NOUNS), key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE,
)
_LOWER_GROUP_START = re.compile(r"(?:các|những)\s", re.IGNORECASE)


def starts_agency(text: str) -> bool:
    """Does ``text`` begin with an agency name (or an agency group)?"""
    s = text.strip().lstrip("-–•+ ").lstrip("\"'“(")
    if not s:
        return False
    if s.startswith("Tổ chức") or s.startswith("Tổ chức"):
        return False
    if _GROUP_RE.match(s):
        return True
    m = _STARTER_RE.match(s)
    if not m:
        return False
    # "Ban hành ..." / "Báo cáo ..." / "Hội nghị ..." / "Bộ quy tắc" are verbs or nouns, not agencies
    rest = s[m.end():].lstrip()
    word = m.group(0)
    first_rest = rest.split(" ", 1)[0].casefold() if rest else ""
    if word == "Ban" and first_rest in ("hành", "đầu"):
        return False
    if word == "Báo" and first_rest in ("cáo", "chí"):
        return False
    if word == "Hội" and first_rest in ("nghị", "thảo", "thi", "diễn", "nhập", "viên", "chợ"):
        return False
    if word == "Bộ" and first_rest in ("quy", "tiêu", "chỉ", "tài", "máy", "công", "phận", "dữ", "đội"):
        return word == "Bộ" and first_rest == "đội"
    if word == "Vụ" and first_rest in ("việc", "án", "mùa", "nổ", "cháy", "tai"):
        return False
    if word == "Đoàn" and first_rest in ("kết", "viên", "công"):
        return False
    if word == "Phòng" and first_rest in ("chống", "ngừa", "họp", "thí"):
        return False
    if word in ("Quân", "Lực lượng", "Cán bộ", "Lãnh đạo") and not rest:
        return False
    return True


def _split_commas(part: str) -> list[str]:
    """Split one ';'-free segment on ',' and ' và ' where a new agency begins."""
    pieces: list[str] = []
    current = ""
    tokens = re.split(r"(,\s*|\s+và\s+|\s+&\s*|\s+cùng\s+)", part)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if i % 2 == 1:  # separator
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if current and starts_agency(nxt) and not _continues_group(current, tok, nxt):
                pieces.append(current)
                current = ""
                i += 1
                continue
            current += tok
        else:
            current += tok
        i += 1
    if current:
        pieces.append(current)
    return pieces


def _split_slash(part: str) -> list[str]:
    """ "Ban Quản lý quy hoạch /Tư vấn được lựa chọn": a "/" between two named units splits them."""
    pieces = re.split(r"\s*/\s*(?=[A-ZĐÀ-Ỹ])", part)
    if len(pieces) > 1 and all(len(p.split()) >= 3 or starts_agency(p) for p in pieces):
        return pieces
    return [part]


def _continues_group(current: str, sep: str, nxt: str) -> bool:
    """Inside a group phrase the following noun is a member, not a new agency.

    "Các sở, ban, ngành" -> "ban" continues; "UBND các huyện, thành phố" -> continues.
    Capitalised member lists ("Các Sở, Ban, Ngành") behave the same way.
    """
    cur = current.strip()
    if not re.match(r"(?:[Cc]ác|UBND các|Ủy ban nhân dân các|Uỷ ban nhân dân các)\s", cur) \
            and not re.search(r"\s(?:các|những)\s+\w+$", cur):
        return False
    nxt_word = nxt.strip().split(" ", 1)[0]
    return nxt_word in ("Ban", "Ngành", "Đoàn", "Hội", "Phòng", "Trung", "Đơn") and "," in sep


def split_agencies(cell: str) -> list[str]:
    """Split a lead/coordinator cell into agency names as written."""
    text = repair(cell)
    if not text:
        return []
    out: list[str] = []
    for part in re.split(r"\s*[;\n]\s*|\s+-\s+(?=[A-ZĐÀ-Ỹ])", text):
        part = strip_trailing_punct(part.lstrip("-–•+* "))  # "- Vụ A; - Vụ B.": bullets are not names
        if not part:
            continue
        for piece in (p for seg in _split_slash(part) for p in _split_commas(seg)):
            piece = strip_trailing_punct(piece.strip())
            if piece:
                out.append(piece)
    return out


# Verbs that end the subject (agency) of a duty sentence.
_VERBS = [
    "chủ trì", "phối hợp", "tổ chức", "xây dựng", "tham mưu", "triển khai", "thực hiện", "lãnh đạo",
    "chỉ đạo", "hướng dẫn", "nghiên cứu", "căn cứ", "có trách nhiệm", "chịu trách nhiệm", "cần",
    "phải", "tăng cường", "đẩy mạnh", "cung cấp", "bố trí", "rà soát", "theo dõi", "kiểm tra",
    "đôn đốc", "quán triệt", "tuyên truyền", "ban hành", "trình", "báo cáo", "tập trung", "chủ động",
    "đề xuất", "giám sát", "được giao", "là cơ quan", "làm đầu mối", "có nhiệm vụ", "thường xuyên",
    "tích cực", "phát huy", "vận động", "hỗ trợ", "bảo đảm", "đảm bảo", "thẩm định", "cập nhật",
    "nâng cao", "đề nghị", "yêu cầu", "phụ trách", "trong phạm vi", "tiếp tục", "khẩn trương",
]
_VERB_RE = re.compile(
    r"(?<![\w])(?:" + "|".join(sorted((re.escape(v) for v in _VERBS), key=len, reverse=True)) + r")(?![\w])"
)


def leading_agency(sentence: str) -> tuple[str, str] | None:
    """Split "Sở X chủ trì, ..." into ("Sở X", "chủ trì, ...") when it starts with an agency."""
    s = sentence.strip()
    s = re.sub(r"^(?:Đề nghị|Giao|Yêu cầu)\s+", "", s)
    if not starts_agency(s):
        return None
    for m in _VERB_RE.finditer(s):
        if m.start() == 0:
            continue
        before = s[: m.start()].rstrip()
        # "các tổ chức", "những tổ chức": a noun inside the subject
        if re.search(r"(?:các|những|và)$", before, re.IGNORECASE) and m.group(0) == "tổ chức":
            continue
        if before.endswith(","):
            if m.group(0) == "tổ chức":
                continue  # "Các cấp ủy, tổ chức đảng": a member of the subject list
            before = before[:-1]
        if len(before) < 2:
            return None
        return strip_trailing_punct(before), s[m.start():]
    return None


def is_agency_heading(text: str) -> bool:
    """A short line that is only an agency name (a subsection title in "TỔ CHỨC THỰC HIỆN")."""
    s = re.sub(r"^(?:Đề nghị|Giao)\s+", "", text.strip())
    s = strip_trailing_punct(s)
    if not starts_agency(s) or len(s) > 160:
        return False
    if leading_agency(s) is not None:
        return False
    return not re.search(r"[.:]\s+\S", s)
