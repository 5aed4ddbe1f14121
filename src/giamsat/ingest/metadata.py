"""Document metadata: type, number, date, place, issuer, title."""

from __future__ import annotations

import re
from datetime import date

from .agencies import starts_agency
from .layout import Line, Para
from .model import DocumentMeta
from .refs import TYPE_WORDS, find_numbers, header_number
from .textutil import dashes, join_wrapped, lower, repair, squash, strip_trailing_punct

_TYPE_LINE = {w.upper(): w for w in TYPE_WORDS + ["Chương trình công tác", "Đề án"]}
_DATE_LINE = re.compile(
    r"(?P<place>(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\.?\s?){1,5}),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*năm\s+"
    r"(?P<y>(?:19|20)\d\d)"
)
_BLANK_DATE_LINE = re.compile(r"(?P<place>(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\.?\s?){1,5}),\s*ngày\s+tháng\s+\d{0,2}\s*năm")
_MOTTO = re.compile(
    r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|CỘNG\s+HOÀ\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|"
    r"Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM|[-_*]{3,}",
    re.IGNORECASE,
)
_ISSUER_VERBS = re.compile(r"\s(ban\s+hành|hướng\s+dẫn|yêu\s+cầu|thông\s+báo|quyết\s+định|chỉ\s+đạo|đề\s+nghị)\s")
_SIGN_COLLECTIVE = re.compile(r"^(?:TM\.|T/M|T\.M\.?)\s*(.+)$")
_UPPER_AGENCY = re.compile(
    r"(?:ỦY\s+BAN|UỶ\s+BAN|UBND|BAN|SỞ|VĂN\s+PHÒNG|TỈNH\s+(?:ỦY|UỶ)|THÀNH\s+(?:ỦY|UỶ)|HUYỆN\s+(?:ỦY|UỶ)|"
    r"ĐẢNG\s+(?:ỦY|UỶ)|BỘ|HỘI\s+ĐỒNG|LIÊN\s+ĐOÀN|BCH|CÔNG\s+AN|TRƯỜNG|TRUNG\s+TÂM|CỤC|HỘI|MẶT\s+TRẬN|"
    r"THANH\s+TRA|CHÍNH\s+PHỦ|THỦ\s+TƯỚNG)(?![\w])"
)
_BODY_START = re.compile(r"^(?:Căn\s+cứ|Thực\s+hiện|Kính\s+gửi|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị)\b")


def _type_of_line(text: str) -> str | None:
    t = squash(text).strip(" .:*")
    if t.upper() != t:
        return None
    return _TYPE_LINE.get(t)


def extract_metadata(lines: list[Line], paras: list[Para]) -> DocumentMeta:
    meta = DocumentMeta()
    head = lines[:40]
    type_idx: int | None = None
    for i, line in enumerate(head):
        found = _type_of_line(line.text)
        if found:
            meta.type, type_idx = found, i
            meta.sources["type"] = (line.no, line.text)
            break
    # number: "Số: 1105/KH-ĐKT" wins over a "SỐ 1050/QĐ-SCT" that ends an issuer's name above it
    # ("ĐOÀN KIỂM TRA THEO QUYẾT ĐỊNH SỐ 1050/QĐ-SCT")
    found_numbers = [(line, *header_number(dashes(line.text))) for line in head]
    found_numbers = [f for f in found_numbers if f[1]]
    with_colon = [f for f in found_numbers if re.match(r"^\s*S[ốỐ]\s*:", f[0].text, re.IGNORECASE)]
    for line, _, number in (with_colon or found_numbers)[:1]:
        meta.number = number
        meta.sources["number"] = (line.no, line.text)
    if meta.number is None:
        for line in lines:
            m = re.search(r"Kèm\s+theo\s+\S+(?:\s+\S+){0,3}?\s+số\s+(.*)", line.text, re.IGNORECASE)
            if m:
                nums = find_numbers(m.group(1))
                if nums and nums[0].start < 4:
                    meta.number = nums[0].number
                    meta.sources["number"] = (line.no, line.text)
                    break
    # date and place; a date line may wrap before "năm 2026"
    for k, line in enumerate(head):
        m = _DATE_LINE.search(line.text)
        if not m and k + 1 < len(head) and re.search(r",\s*ngày\s+\d{1,2}(?:\s+tháng(?:\s+\d{1,2})?)?\s*$",
                                                     line.text):
            m = _DATE_LINE.search(line.text + " " + head[k + 1].text)
        if m:
            try:
                meta.date = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                meta.date = None
            meta.place = _clean_place(m.group("place"))
            meta.sources["date"] = meta.sources["place"] = (line.no, line.text)
            break
        m = _BLANK_DATE_LINE.search(line.text)
        if m:
            meta.place = _clean_place(m.group("place"))
            meta.sources["place"] = (line.no, line.text)
            break
    # type fallbacks
    if meta.type is None:
        if any(re.match(r"^(Kính\s+gửi|V/v)\b", ln.text) for ln in head):
            meta.type = "Công văn"
        elif meta.number:
            code = re.split(r"[-/]", meta.number.split("/", 1)[-1] if "/" in meta.number else "")[0]
            from .refs import TYPE_CODES

            meta.type = TYPE_CODES.get(code)
    meta.title = _title(lines, type_idx, meta.type)
    if meta.title:
        meta.sources.setdefault("title", (lines[type_idx + 1].no if type_idx is not None and type_idx + 1 < len(lines)
                                          else None, meta.title))
    meta.issuer = _issuer_from_header(head, type_idx) or _issuer_from_body(paras) or _issuer_from_signature(lines)
    if meta.issuer and meta.issuer.upper() == meta.issuer:
        meta.issuer = normal_case(meta.issuer)
    return meta


# Head words of agency names as they are written in running text; a place name follows a unit word.
_HEADS = [
    "UBND", "HĐND", "Ủy ban nhân dân", "Uỷ ban nhân dân", "Hội đồng nhân dân", "Thủ tướng Chính phủ",
    "Chính phủ",
    "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Thành uỷ", "Huyện ủy", "Huyện uỷ", "Đảng ủy", "Đảng uỷ",
    "Ban Thường vụ", "Ban Chấp hành", "Ban Chỉ đạo", "Ban", "Bộ", "Sở", "Cục", "Vụ", "Văn phòng", "Trường",
    "Trung tâm", "Viện", "Đoàn", "Hội", "Liên đoàn Lao động", "Công an", "Thanh tra",
    "Mặt trận Tổ quốc Việt Nam",
]
_PLACE_HEADS = ("Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Thành uỷ", "Huyện ủy", "Huyện uỷ")
_UNIT_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")


def normal_case(upper: str) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU" -> "Ủy ban nhân dân tỉnh Lai Châu";
    "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG" -> "Bộ Tài nguyên và Môi trường"; "TỈNH ỦY LÀO CAI" -> "Tỉnh ủy Lào Cai"."""
    low = squash(upper).lower()
    words = low.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        for head in sorted(_HEADS, key=len, reverse=True):
            hw = head.lower().split(" ")
            at_start = i == 0 or words[i - 1] in ("và", ",") or head in _PLACE_HEADS
            if words[i: i + len(hw)] == hw and at_start:
                out.extend(head.split(" "))
                i += len(hw)
                if head in _PLACE_HEADS:
                    out.extend(w[:1].upper() + w[1:] for w in words[i:])
                    i = len(words)
                elif i < len(words) and words[i] not in _UNIT_WORDS and words[i] not in ("và", "về"):
                    out.append(words[i][:1].upper() + words[i][1:])  # first word of the name proper
                    i += 1
                break
        else:
            two = " ".join(words[i: i + 2])
            unit = two if two in _UNIT_WORDS else words[i] if words[i] in _UNIT_WORDS else None
            if unit:
                out.extend(unit.split(" "))
                i += len(unit.split(" "))
                out.extend(w[:1].upper() + w[1:] for w in words[i:])  # the place name
                break
            out.append(words[i])
            i += 1
    text = " ".join(out)
    text = re.sub(r"\bvà ([^\W\d_])", lambda m: "và " + m.group(1).upper(), text)
    return text[:1].upper() + text[1:]


def _clean_place(place: str) -> str | None:
    place = squash(place)
    place = re.sub(r"^(?:Hạnh\s+phúc|phúc)\s+", "", place)
    # the end of the column beside it, run into the line by OCR ("… SỐ 1050/QĐ-SCT Lào Cai"): a place name
    # has no all-capital abbreviation in it
    words = place.split(" ")
    while len(words) > 1 and re.fullmatch(r"[A-ZĐ]{2,}\.?", words[0]) and words[0].rstrip(".") not in ("TP", "TX"):
        words.pop(0)
    return " ".join(words) or None


def _title(lines: list[Line], type_idx: int | None, doc_type: str | None) -> str | None:
    if type_idx is not None:
        out: list[str] = []
        for j in range(type_idx + 1, min(len(lines), type_idx + 10)):
            line = lines[j]
            t = line.text
            if out and (line.marker_before or _BODY_START.match(t)):
                break
            if re.match(r"^[-_=*]{3,}$", t) or re.match(r"^(?:Số|Kính\s+gửi)\b", t) or _DATE_LINE.search(t):
                if out:
                    break
                continue
            if re.match(r"^[IVX]{1,4}\s*[.\-]\s", t):
                break
            out.append(t)
        if out:
            return strip_trailing_punct(repair(join_wrapped(out)))
        return None
    if doc_type == "Công văn":
        for line in lines[:40]:
            m = re.match(r"^V/v\s*:?\s*(.+)$", line.text)
            if m:
                return strip_trailing_punct(repair(m.group(1)))
        # no subject line: the first sentence of the body after "Kính gửi"
        start = None
        for j, line in enumerate(lines[:60]):
            if _BODY_START.match(line.text) and not line.text.startswith("Kính gửi"):
                start = j
                break
        if start is not None:
            text = join_wrapped([ln.text for ln in lines[start:start + 12]])
            m = re.search(r"^(.*?[.!?])(?:\s+[A-ZĐÀ-Ỹ]|$)", text)
            sentence = m.group(1) if m else text
            return strip_trailing_punct(repair(sentence))
    return None


def _issuer_from_header(head: list[Line], type_idx: int | None) -> str | None:
    limit = type_idx if type_idx is not None else 12
    parts: list[str] = []
    for line in head[:limit]:
        t = _MOTTO.sub(" ", line.text)
        t = re.sub(r"Số\s*:?.*$", "", t)
        t = _DATE_LINE.sub("", t)
        t = squash(t)
        if not t or t.upper() != t or len(t) < 3:
            if parts:
                break
            continue
        if not parts and not _UPPER_AGENCY.match(t):
            continue
        parts.append(t)
    return repair(" ".join(parts)) if parts else None


def _issuer_from_body(paras: list[Para]) -> str | None:
    for p in paras[:12]:
        if p.kind == "roman":
            break
        text = p.text
        for m in _ISSUER_VERBS.finditer(" " + text + " "):
            end = m.start()
            before = (" " + text)[:end]
            cut = max(before.rfind(". "), before.rfind("; "), before.rfind(", "), before.rfind(": "),
                      before.rfind(") "))
            candidate = before[cut + 2:] if cut >= 0 else before
            candidate = squash(candidate)
            if starts_agency(candidate) and len(candidate) <= 90 and not re.search(r"\b(?:của|về|số)\b", candidate):
                return strip_trailing_punct(repair(candidate))
    return None


def _issuer_from_signature(lines: list[Line]) -> str | None:
    for line in reversed(lines):
        m = _SIGN_COLLECTIVE.match(line.text)
        if m:
            return strip_trailing_punct(repair(m.group(1)))
    return None


def is_type_word(text: str) -> bool:
    return lower(text) in {lower(w) for w in TYPE_WORDS}
