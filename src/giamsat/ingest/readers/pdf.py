"""PDF reader (pdfplumber): ruled tables as tables, the remaining text in reading order."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from typing import Any

from ..errors import CorruptFileError, ScannedPdfError, TooComplexError
from ..textquality import is_garbled
from ..textutil import nfc
from ..tools import DEFAULT_TOOLS, Tools, Word
from .base import NO_TEXT, Limits, Source, Table


def read_pdf(
    data: bytes, limits: Limits, tools: Tools = DEFAULT_TOOLS, *,
    progress: Callable[[int, int], None] | None = None,
) -> Source:
    """Text and ruled tables of each page; pages without a text layer, or a garbled text layer,
    are read with OCR. ``progress(done, total)`` is called as OCR'd pages finish."""
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises a zoo of exception types
        raise CorruptFileError(detail=f"{type(exc).__name__}: {exc}") from exc
    try:
        pages = pdf.pages
        if len(pages) > limits.max_pages:
            raise TooComplexError(detail=f"{len(pages)} pages")
        poppler_words = _poppler_words_if_signed(data, pages, tools)
        parsed = _read_pages(data, pages, limits, poppler_words)
    except (TooComplexError, ScannedPdfError):
        raise
    except Exception as exc:
        raise CorruptFileError(detail=f"{type(exc).__name__}: {exc}") from exc
    finally:
        pdf.close()
    source = Source(lines=[], format="pdf")
    to_ocr = _pages_to_ocr(parsed, tools, source)
    ocr_pages: dict[int, Source] = {}
    if to_ocr:
        from .ocr import lines_to_source, ocr_images, ocr_warning, render_loader

        def report(done: int) -> None:
            if progress:
                progress(done, len(to_ocr))

        loaders = [render_loader(data, n, tools) for n in to_ocr]
        for n, page_read in zip(to_ocr, ocr_images(loaders, tools, progress=report), strict=True):
            read = lines_to_source([page_read], "pdf")
            ocr_pages[n] = read
            source.low_confidence.extend(read.low_confidence)
        source.warnings.append(ocr_warning(len(to_ocr), source))
    for number, page in enumerate(parsed, start=1):
        if number in ocr_pages:
            read = ocr_pages[number]
            for table in read.tables:
                table.line_index += len(source.lines)
                table.page = number
                source.tables.append(table)
            source.lines.extend(read.lines[:-1])
        elif page is not None:
            tables, text = page
            for table in tables:
                table.line_index = len(source.lines)
                source.tables.append(table)
            source.lines.extend(text.split("\n"))
        else:
            continue
        source.lines.append(str(number))  # a page number line, as in text exports
    if not any(line.strip() and not line.strip().isdigit() for line in source.lines) and not source.tables:
        raise ScannedPdfError(NO_TEXT)
    if ocr_pages:
        from .ocrtables import join_continued

        source.tables = join_continued(source.tables, source.lines)
    return source


PARALLEL_FROM_PAGES = 12  # from this many pages, a helper process reads the second half on the second core


def _read_pages(data: bytes, pages: Any, limits: Limits, poppler_words: list[list[Word]] | None) -> list:
    """Every page read. pdfplumber's parsing is pure Python (about 0.1 s a page): from PARALLEL_FROM_PAGES
    pages on, a helper process reads the second half while this one reads the first. If the helper cannot
    be used, or fails, its pages are read here (so the reader's own errors and messages stay the same)."""
    count = len(pages)
    half = None
    if count >= PARALLEL_FROM_PAGES and (os.cpu_count() or 1) >= 2:
        try:
            half = _helper().submit(_read_range, data, count // 2 + 1, count, limits, poppler_words)
        except Exception:  # no process can be started here (a sandbox, a broken pool)
            _forget_helper()
    first = count // 2 if half is not None else count
    parsed = [_read_page(pages[k - 1], k, limits, poppler_words) for k in range(1, first + 1)]
    if half is not None:
        try:
            parsed += half.result(timeout=HELPER_TIMEOUT)
        except Exception:
            _forget_helper()
            parsed += [_read_page(pages[k - 1], k, limits, poppler_words) for k in range(first + 1, count + 1)]
    return parsed


HELPER_TIMEOUT = 300


def _read_range(data: bytes, first: int, last: int, limits: Limits, poppler_words) -> list:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [_read_page(pdf.pages[k - 1], k, limits, poppler_words) for k in range(first, last + 1)]


_POOL = None


def _helper():
    """One long-lived helper process, started through a fork server: never a fork of a threaded web server."""
    global _POOL
    if _POOL is None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _POOL = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver"))
    return _POOL


def _forget_helper() -> None:
    global _POOL
    if _POOL is not None:
        _POOL.shutdown(wait=False, cancel_futures=True)
    _POOL = None


def _pages_to_ocr(parsed: list[tuple[list[Table], str] | None], tools: Tools, source: Source) -> list[int]:
    """Pages without a text layer, and every page when the text layer is garbage.

    Without Tesseract a scan is refused with a message naming the missing program; a
    garbled text layer is kept, with a warning, so the person knows not to trust it.
    """
    blank = [n for n, page in enumerate(parsed, start=1) if page is None]
    garbled = is_garbled("\n".join(page[1] for page in parsed if page is not None))
    wanted = list(range(1, len(parsed) + 1)) if garbled else blank
    if not wanted:
        return []
    can_ocr = tools.available("tesseract") and tools.available("pdftoppm")
    if not can_ocr:
        if len(blank) == len(parsed):
            tools.require("tesseract", "nhận dạng chữ trên bản PDF scan (OCR)")
            tools.require("pdftoppm", "đọc bản PDF scan")
        if garbled:
            source.warnings.append(
                "Lớp văn bản của tệp PDF bị lỗi phông (phần lớn không đọc được thành tiếng Việt) và máy chủ "
                "chưa cài chương trình nhận dạng chữ (OCR) để đọc lại: kết quả trích xuất không đáng tin cậy."
            )
        if blank:
            source.warnings.append(
                f"{len(blank)} trang là ảnh scan, không có lớp văn bản, đã bỏ qua (máy chủ chưa cài OCR)."
            )
        return []
    if garbled:
        source.warnings.append(
            "Lớp văn bản của tệp PDF bị lỗi phông (không đọc được thành tiếng Việt); "
            "đã nhận dạng lại từ ảnh trang."
        )
    return wanted


def _read_page(page: Any, number: int, limits: Limits, poppler_words: list[list[Word]] | None):
    """(ruled tables, text outside them) of one page, or None for a page without a text layer."""
    if not page.chars:
        return None
    boxes = []
    tables = []
    for t in page.find_tables():
        table = _table(t, limits)
        if not _plausible(table):
            continue  # its text stays in the running text
        boxes.append(t.bbox)
        table.page = number
        tables.append(table)
    outside = page.filter(lambda obj, boxes=boxes: not _inside(obj, boxes)) if boxes else page
    stamps = _stamp_chars(page, poppler_words[number - 1]) if poppler_words else []
    if stamps:
        from pdfplumber.utils import extract_text

        text = extract_text(_without_blanks_under(outside.chars, stamps) + stamps) or ""
    else:
        text = outside.extract_text() or ""
    return tables, nfc(text)


def _poppler_words_if_signed(data: bytes, pages: Any, tools: Tools) -> list[list[Word]] | None:
    """Poppler's words, only for a PDF with form widgets (signature appearances).

    Signing software stamps the number and day ("Số: 193 /UBND-KT") as the
    appearance of a signature field; pdfplumber reads page content only.
    """
    if not any(_widgets(page) for page in pages):
        return None
    words = tools.pdf_words(data)
    return words if words and len(words) == len(pages) else None


def _widgets(page: Any) -> list[tuple[float, float, float, float]]:
    out = []
    try:
        annots = page.annots or []
    except Exception:  # a broken annotation tree must not lose the page text
        return []
    for annot in annots:
        subtype = str((annot.get("data") or {}).get("Subtype", ""))
        if "Widget" in subtype:
            out.append((annot["x0"], annot["top"], annot["x1"], annot["bottom"]))
    return out


def _stamp_chars(page: Any, words: list[Word]) -> list[dict[str, Any]]:
    """Chars for the words a signature appearance prints into a blank of a text line.

    Only widgets on the height of a line of page text count: those fill the blanks of
    "Số: ... /KH-UBND" and "ngày ... tháng ...". A stamp standing apart (the signer's
    name, e-mail and time in a corner) is left out, so it is never read as the issuer.
    """
    widgets = _widgets(page)
    if not widgets:
        return []
    chars = [c for c in page.chars if c["text"].strip()]  # the blank is often typed as spaces
    out: list[dict[str, Any]] = []
    for word in words:
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        if not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in widgets):
            continue
        if any(word.x0 <= (c["x0"] + c["x1"]) / 2 <= word.x1 and c["top"] <= cy <= c["bottom"]
               for c in chars):
            continue  # already in the page content
        if not any(c["top"] <= cy <= c["bottom"] for c in chars):
            continue  # not on a line of text
        # a stamp is often printed over the next word ("01năm"): squeeze it into the free space
        line = [c for c in chars if c["top"] <= cy <= c["bottom"]]
        left = max([c["x1"] for c in line if word.x0 < c["x1"] < word.x1] + [word.x0]) + 0.3
        right = min([c["x0"] for c in line if word.x0 < c["x0"] < word.x1] + [word.x1]) - 0.3
        if right <= left:
            left, right = word.x0, word.x1
        step = (right - left) / max(len(word.text), 1)
        text = f" {word.text} "
        for i, ch in enumerate(text):
            x0 = left + (i - 1) * step if 0 < i < len(text) - 1 else (left - 0.2 if i == 0 else right)
            step_i = 0.1 if ch == " " else step
            out.append({
                "text": ch, "x0": x0, "x1": x0 + step_i, "top": word.top, "bottom": word.bottom,
                "doctop": page.initial_doctop + word.top, "upright": True, "size": word.bottom - word.top,
                "height": word.bottom - word.top, "width": step_i, "fontname": "stamp",
                "matrix": (1, 0, 0, 1, x0, page.height - word.bottom),
            })
    return out


def _without_blanks_under(chars: list[dict[str, Any]], stamps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop the spaces a stamp is printed over, else they split its digits ("1 9 3")."""
    def covered(c: dict[str, Any]) -> bool:
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        return any(s["x0"] - 1 <= cx <= s["x1"] + 1 and s["top"] <= cy <= s["bottom"] for s in stamps)

    return [c for c in chars if c["text"].strip() or not covered(c)]


def _plausible(table: Table) -> bool:
    """A ruled table, not rules drawn under words (signed PDFs underline each word, and
    pdfplumber then cuts a paragraph into a grid of one column per word fragment)."""
    rows = table.rows
    if len(rows) < 2:
        return False
    width = max(len(r) for r in rows)
    if width < 2:
        return False
    slots = sum(len(r) for r in rows)
    blank_or_merged = len(table.merged) + sum(1 for r in rows for cell in r if not cell.strip())
    return not (width > 10 and blank_or_merged > 0.4 * slots)


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    if "x0" not in obj or "top" not in obj:
        return False
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _table(found: Any, limits: Limits) -> Table:
    """Extract a pdfplumber table and fill the slots that merged cells cover.

    pdfplumber gives None for a grid slot covered by a neighbour; the bbox of the
    neighbour tells whether the merge is horizontal or vertical.
    """
    raw = found.extract()[: limits.max_rows]
    rows_obj = found.rows[: limits.max_rows]
    width = max((len(r) for r in raw), default=0)
    col_x: list[float | None] = [None] * width
    for row in rows_obj:
        for c, cell in enumerate(row.cells[:width]):
            if cell is not None and col_x[c] is None:
                col_x[c] = cell[0] + 2
    rows: list[list[str]] = []
    merged: set[tuple[int, int]] = set()
    for r, row in enumerate(raw):
        cells = [nfc(c) if c is not None else None for c in row] + [None] * (width - len(row))
        boxes = list(rows_obj[r].cells) + [None] * (width - len(rows_obj[r].cells))
        out: list[str] = []
        for c in range(width):
            if cells[c] is not None:
                out.append(cells[c] or "")
                continue
            text = ""
            left = next((k for k in range(c - 1, -1, -1) if boxes[k] is not None), None)
            x = col_x[c]
            if left is not None and x is not None and boxes[left][2] > x:
                text = out[left]
            elif rows and c < len(rows[-1]):
                text = rows[-1][c]
            merged.add((r, c))
            out.append(text)
        rows.append(out)
    return Table(rows=rows, merged=merged)
