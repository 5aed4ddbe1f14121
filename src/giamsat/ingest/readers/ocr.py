"""Scanned pages: deskewed and read by Tesseract (Vietnamese model) into text lines.

Pages are rendered by poppler at 300 dpi, straightened (a projection profile over
small angles, with Pillow only), then OCR'd two at a time (the server has 2 cores).
Words Tesseract is unsure of are kept in ``Source.low_confidence`` for the review.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..errors import CorruptFileError, ScannedPdfError, TooComplexError
from ..textutil import nfc
from ..tools import Tools, Word
from . import ocrtables
from .base import NO_TEXT, Limits, Source, Table

LOW_CONFIDENCE = 60.0  # Tesseract's 0-100 word confidence below which the review marks a word
MAX_PIXELS = 120_000_000  # one page image; larger is refused rather than decoded


def skew_angle(image: object, max_angle: float = 5.0, step: float = 0.25) -> float:
    """The rotation (degrees) that makes text lines horizontal.

    Straight lines of text give a row profile with sharp peaks and gaps; the angle whose
    profile varies most from row to row is the one that straightens the page.
    """
    from PIL import Image, ImageOps

    small = image.convert("L")
    scale = 1000 / max(small.size)
    if scale < 1:
        small = small.resize((int(small.width * scale), int(small.height * scale)), Image.BILINEAR)
    ink = ImageOps.invert(small).point(lambda v: 255 if v > 96 else 0)

    def sharpness(angle: float) -> float:
        rotated = ink.rotate(angle, resample=Image.NEAREST, expand=False, fillcolor=0)
        rows = list(rotated.resize((1, rotated.height), Image.BOX).tobytes())
        return sum((a - b) ** 2 for a, b in zip(rows, rows[1:], strict=False))

    angles = [k * step for k in range(int(-max_angle / step), int(max_angle / step) + 1)]
    best = max(angles, key=lambda a: (sharpness(a), -abs(a)))
    return best


def deskew(image: object) -> object:
    from PIL import Image

    angle = skew_angle(image)
    if abs(angle) < 0.2:
        return image
    return image.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)


def _open(data: bytes) -> list[object]:
    """Frames of an image file (a TIFF may hold several pages)."""
    from PIL import Image, ImageSequence

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    except Image.DecompressionBombError as exc:
        raise TooComplexError("Ảnh quá lớn để nhận dạng chữ.", detail=str(exc)) from exc
    except Exception as exc:  # Pillow raises many types for broken images
        raise CorruptFileError(detail=f"{type(exc).__name__}: {exc}") from exc
    return frames


@dataclass
class PageRead:
    """One OCR'd page: its text lines (words with their boxes) and its ruled tables, each with the
    number of text lines above it."""

    lines: list[list[Word]]
    tables: list[tuple[int, Table]] = field(default_factory=list)


def _page_lines(image: object, tools: Tools) -> PageRead:
    image = deskew(image)
    if not ocrtables.available():
        return PageRead(tools.ocr_lines(image))
    import numpy as np
    from PIL import Image

    gray = np.array(image.convert("L"))
    grids, _ = ocrtables.find_grids(gray)
    if not grids:
        return PageRead(tools.ocr_lines(image))
    tables = [ocrtables.read_grid(gray, g, tools.ocr_block) for g in grids]
    rest = gray.copy()
    for g in grids:  # the text around the tables is read without them
        rest[max(0, g.top - 6):g.bottom + 6, max(0, g.xs[0] - 6):g.xs[-1] + 6] = 255
    lines = tools.ocr_lines(Image.fromarray(rest))
    placed = [(sum(1 for ln in lines if min(w.top for w in ln) < g.top), t) for g, t in zip(grids, tables, strict=True)]
    return PageRead(lines, placed)


def ocr_images(
    images: Iterable[Callable[[], object]], tools: Tools, *, progress: Callable[[int], None] | None = None
) -> list[PageRead]:
    """OCR pages (each given as a function returning its image), two at a time, in page order."""
    loaders = list(images)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(lambda load=load: _page_lines(load(), tools)) for load in loaders]
        pages = []
        for done, future in enumerate(futures, start=1):
            pages.append(future.result())
            if progress:
                progress(done)
    return pages


def lines_to_source(pages: list[PageRead], fmt: str) -> Source:
    source = Source(lines=[], format=fmt)
    low: list[str] = []
    for number, page in enumerate(pages, start=1):
        start = len(source.lines)
        for at, table in page.tables:
            table.line_index = start + at
            table.page = number
            source.tables.append(table)
        for line in page.lines:
            source.lines.append(nfc(" ".join(w.text for w in line)))
            low.extend(nfc(w.text) for w in line if w.conf < LOW_CONFIDENCE)
        source.lines.append(str(number))
    source.low_confidence = low
    source.tables = ocrtables.join_continued(source.tables, source.lines)
    return source


def read_image(data: bytes, limits: Limits, tools: Tools, fmt: str, *,
               progress: Callable[[int, int], None] | None = None) -> Source:
    tools.require("tesseract", "nhận dạng chữ trên ảnh scan (OCR)")
    frames = _open(data)
    if len(frames) > limits.max_pages:
        raise TooComplexError(detail=f"{len(frames)} frames")
    def report(done: int) -> None:
        if progress:
            progress(done, len(frames))

    source = lines_to_source(ocr_images([lambda f=f: f for f in frames], tools, progress=report), fmt)
    if not any(line.strip() and not line.strip().isdigit() for line in source.lines):
        raise ScannedPdfError(NO_TEXT)
    source.warnings.append(ocr_warning(len(frames), source))
    return source


def ocr_warning(pages: int, source: Source) -> str:
    low = len(source.low_confidence)
    text = f"Nội dung {pages} trang được nhận dạng từ ảnh scan (OCR); hãy đối chiếu với bản gốc."
    if low:
        text += f" Có {low} từ nhận dạng không chắc chắn."
    return text


def render_loader(data: bytes, page: int, tools: Tools) -> Callable[[], object]:
    def load() -> object:
        return _open(tools.render_pdf(data, page))[0]

    return load
