"""Ruled tables on scanned pages, rebuilt from the page image and read cell by cell.

Read as running text, a scanned table comes out interleaved (a cell's second line after its neighbour's
first) and its ruling lines become "|", "=" and "—" in the words. Here the ruling lines are found with
OpenCV's morphology (long horizontal and vertical strokes), the row and column lines of each ruled
region give the cell boxes, each cell is read by Tesseract as a block of its own, and the rest of the page
is read with the tables painted out. A column line that does not run through a row (a merged cell) is
not a column line for that row: the cells it would have separated are read as one, repeated in each slot
(as `Table` wants).

OpenCV (opencv-python-headless, with numpy) is imported only here; without it, scans are read as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from .base import Table

MIN_WIDTH_SHARE = 1 / 3  # a ruled region narrower than this share of the page is not a task table
MIN_ROWS = 2
_LABEL_FIX = {"l": "1", "I": "1", "|": "1", "i": "1", "O": "0", "o": "0"}


@dataclass
class Grid:
    """A ruled region: its row lines (y) and column lines (x), in page pixels, and the column lines
    that really run through each row (the others are merged cells)."""

    top: int
    bottom: int
    ys: list[int]
    xs: list[int]
    cuts: list[list[int]]  # per row, the indexes of the inner column lines present in that row


def available() -> bool:
    try:
        import cv2  # noqa: F401
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def _centres(indexes, gap: int = 8) -> list[int]:
    """Runs of neighbouring pixel indexes (a line is a few pixels thick) → their centres."""
    runs: list[list[int]] = []
    for i in indexes:
        i = int(i)
        if runs and i - runs[-1][-1] <= gap:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [sum(r) // len(r) for r in runs]


def find_grids(gray) -> tuple[list[Grid], object]:
    """The ruled tables of a grey page image (numpy array) and the mask of its ruling strokes."""
    import cv2
    import numpy as np

    height, width = gray.shape
    ink = cv2.adaptiveThreshold(255 - gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -2)
    # strokes longer than 1/25 of the page width (rows) or 1/60 of its height (columns) are rules, not letters
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width // 25, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, height // 60)))
    rules = cv2.dilate(horizontal | vertical, np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(rules)
    grids: list[Grid] = []
    for k in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[k])
        if w < width * MIN_WIDTH_SHARE or h < height / 40:
            continue
        ys = _centres(np.where(horizontal[y:y + h, x:x + w].sum(axis=1) > 0.5 * 255 * w)[0] + y)
        if len(ys) < MIN_ROWS + 1:
            continue
        band = vertical[y:y + h, x:x + w]
        candidates = _centres(np.where(band.sum(axis=0) > 0)[0] + x)

        def coverage(cx: int, y0: int, y1: int) -> float:
            strip = vertical[y0:y1, max(0, cx - 4):cx + 5]
            return float((strip.max(axis=1) > 0).mean()) if strip.size else 0.0

        xs = [cx for cx in candidates if coverage(cx, ys[0], ys[-1]) > 0.3]
        if len(xs) < 3:
            continue
        # a column line runs through at least one row whole; in each row, it is there or the cell is merged
        xs = [xs[0], *[cx for cx in xs[1:-1] if any(coverage(cx, a, b) > 0.8 for a, b in pairwise(ys))], xs[-1]]
        cuts = [[j for j in range(1, len(xs) - 1) if coverage(xs[j], a + 3, b - 3) > 0.6] for a, b in pairwise(ys)]
        grids.append(Grid(ys[0], ys[-1], ys, xs, cuts))
    return sorted(grids, key=lambda g: g.top), horizontal | vertical


def read_grid(gray, grid: Grid, read_cell) -> Table:
    """The grid's cells read by `read_cell(image)` (Tesseract on one cell) into a Table."""
    from PIL import Image

    rows: list[list[str]] = []
    merged: set[tuple[int, int]] = set()
    pad = 5
    for r, (y0, y1) in enumerate(pairwise(grid.ys)):
        edges = [0, *grid.cuts[r], len(grid.xs) - 1]
        row: list[str] = []
        for a, b in pairwise(edges):
            x0, x1 = grid.xs[a], grid.xs[b]
            crop = gray[y0 + pad:y1 - pad, x0 + pad:x1 - pad]
            text = _tidy(read_cell(Image.fromarray(crop))) if crop.size else ""
            for slot in range(a, b):
                if slot > a:
                    merged.add((r, slot))
                row.append(text)
        rows.append(row)
    for row in rows[1:]:
        row[0] = _label(row[0])
    return Table(rows=rows, merged=merged)


def _tidy(text: str) -> str:
    """The cell's lines without the specks a scan leaves ("Ẩ Ẩ .^ Ẫ . `*": mostly not words)."""
    lines = [re.sub(r"\s+", " ", ln).strip(" |") for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln and _wordy(ln))


def _wordy(line: str) -> bool:
    tokens = line.split()
    words = [t for t in tokens if sum(ch.isalnum() for ch in t) >= 2]
    return len(words) * 2 >= len(tokens)


def _label(text: str) -> str:
    """A row number Tesseract read as a letter in a narrow cell ("l" for 1)."""
    t = text.strip().rstrip(".")
    if t and len(t) <= 3 and all(ch.isdigit() or ch in _LABEL_FIX for ch in t) and any(
            ch.isdigit() for ch in t) or t in _LABEL_FIX:
        return "".join(_LABEL_FIX.get(ch, ch) for ch in t)
    return text


def join_continued(tables: list[Table], lines: list[str]) -> list[Table]:
    """A table that a page break cut in two is one table: the part at the top of the next page (after
    at most a page number and a running header) with as many columns continues the one before."""
    out: list[Table] = []
    for table in tables:
        prev = out[-1] if out else None
        if prev is not None and table.page == (prev.page or 0) + 1 and prev.rows and table.rows \
                and len(table.rows[0]) == len(prev.rows[0]) and _only_page_furniture(lines, prev, table):
            offset = len(prev.rows)
            prev.rows.extend(table.rows)
            prev.merged |= {(r + offset, c) for r, c in table.merged}
            continue
        out.append(table)
    return out


def _only_page_furniture(lines: list[str], before: Table, after: Table) -> bool:
    between = [ln for ln in lines[before.line_index:after.line_index] if ln.strip()]
    return len(between) <= 3 and all(len(ln) < 60 for ln in between)
