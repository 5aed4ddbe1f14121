"""Plain-text reader: encoding detection (UTF-8/16, CP1258, legacy TCVN3/VNI) and NFC."""

from __future__ import annotations

import codecs

from ..errors import EmptyFileError, EncodingError
from ..legacy import looks_like_tcvn3, looks_like_vni, tcvn3_to_unicode, vietnamese_score
from ..pipetables import split_pipe_tables
from ..textutil import nfc
from .base import Source

W_TCVN3 = ("Văn bản dùng bảng mã cũ TCVN3 (ABC, phông .VnTime); đã tự động chuyển sang Unicode, "
           "cần kiểm tra lại chữ in hoa có dấu.")
W_VNI = ("Văn bản dùng bảng mã cũ VNI (phông VNI-Times); chưa chuyển được sang Unicode, "
         "hãy chuyển mã bằng Unikey rồi tải lại.")
W_CP1258 = "Văn bản dùng bảng mã Windows-1258; đã chuyển sang Unicode."
W_GUESS = "Không chắc chắn về bảng mã của tệp văn bản ({enc}); hãy kiểm tra lại nội dung trích xuất."


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode bytes to NFC text, returning warnings about the encoding found."""
    warnings: list[str] = []
    text: str | None = None
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise EncodingError(detail=str(exc)) from exc
            break
    if text is None and len(data) >= 4 and data.count(b"\x00") > len(data) // 4:
        # UTF-16 without BOM: NULs in every other byte for Latin-range text
        even = data[0::2].count(b"\x00")
        odd = data[1::2].count(b"\x00")
        enc = "utf-16-be" if even > odd else "utf-16-le"
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            raise EncodingError(detail=str(exc)) from exc
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
    if text is None:
        text = _decode_8bit(data, warnings)
    if "\x00" in text:
        raise EncodingError(detail="NUL characters in decoded text")
    if looks_like_tcvn3(text):
        text = tcvn3_to_unicode(text)
        warnings.append(W_TCVN3)
    elif looks_like_vni(text):
        warnings.append(W_VNI)
    return nfc(text), warnings


def _decode_8bit(data: bytes, warnings: list[str]) -> str:
    """Pick the 8-bit decoding that reads most like Vietnamese."""
    latin = data.decode("latin-1")
    if looks_like_tcvn3(latin):
        return latin  # converted by the caller
    candidates: list[tuple[int, str, str]] = []
    try:
        cp = nfc(data.decode("cp1258"))
        candidates.append((vietnamese_score(cp), "cp1258", cp))
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            guess = nfc(data.decode(best.encoding, errors="replace"))
            candidates.append((vietnamese_score(guess), best.encoding, guess))
    except (LookupError, ValueError):  # charset-normalizer is an optional helper here
        pass
    candidates.append((vietnamese_score(latin), "latin-1", latin))
    score, enc, text = max(candidates, key=lambda c: c[0])
    if enc == "cp1258" and score > 0:
        warnings.append(W_CP1258)
    elif not looks_like_vni(text):
        warnings.append(W_GUESS.format(enc=enc))
    return text


def read_text(data: bytes) -> Source:
    text, warnings = decode_text(data)
    if not text.strip():
        raise EmptyFileError()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    lines, tables = split_pipe_tables(lines)
    return Source(lines=lines, tables=tables, warnings=warnings, format="txt")
