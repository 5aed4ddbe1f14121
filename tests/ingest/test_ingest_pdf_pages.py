"""A long PDF is read by two processes (the second half by a helper): the result is the one a single reader
gives, page order included, and a helper that cannot run changes nothing."""

import io
from pathlib import Path

import pytest

from giamsat.ingest.readers import pdf as reader
from giamsat.ingest.readers.base import Limits

FONT = Path(__file__).parent / "fonts" / "DejaVuSans.ttf"


def _plan(pages: int) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    for page in range(1, pages + 1):
        c.setFont("DejaVuSans", 11)
        c.drawString(60, 790, f"{page}. Sở Nội vụ chủ trì rà soát thủ tục, hoàn thành trước ngày {page:02d}/06/2026.")
        if page % 2 == 0:  # a ruled table on every other page
            for r in range(3):
                for k, (x, w) in enumerate(((45, 40), (85, 300), (385, 150))):
                    c.rect(x, 700 - 30 * r, w, 30)
                    c.drawString(x + 4, 710 - 30 * r, ["TT", "Nhiệm vụ", "Cơ quan chủ trì"][k] if r == 0 else
                                 [str(r), f"Nhiệm vụ {page}.{r}", "Sở Tài chính"][k])
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def plan():
    return _plan(6)


def _read(data: bytes):
    source = reader.read_pdf(data, Limits())
    return source.lines, [(t.page, t.rows) for t in source.tables]


def test_the_helper_reads_the_second_half_to_the_same_result(plan, monkeypatch):
    monkeypatch.setattr(reader, "PARALLEL_FROM_PAGES", 100)
    alone = _read(plan)
    monkeypatch.setattr(reader, "PARALLEL_FROM_PAGES", 2)
    assert _read(plan) == alone
    assert [ln for ln in alone[0] if ln.startswith(("1.", "6."))] == [
        "1. Sở Nội vụ chủ trì rà soát thủ tục, hoàn thành trước ngày 01/06/2026.",
        "6. Sở Nội vụ chủ trì rà soát thủ tục, hoàn thành trước ngày 06/06/2026."]
    assert [page for page, _ in alone[1]] == [2, 4, 6]


def test_a_helper_that_cannot_start_changes_nothing(plan, monkeypatch):
    monkeypatch.setattr(reader, "PARALLEL_FROM_PAGES", 100)
    alone = _read(plan)
    monkeypatch.setattr(reader, "PARALLEL_FROM_PAGES", 2)

    def broken():
        raise OSError("no process here")

    monkeypatch.setattr(reader, "_helper", broken)
    assert _read(plan) == alone


def test_the_second_half_is_read_in_another_process(plan, monkeypatch):
    # here, reading a page of the second half fails; the helper, another process, reads them with the
    # module as it is: the whole PDF is read only if the helper did its half
    read_here = reader._read_page

    def first_half_only(page, number, *args):
        assert number <= 3, f"page {number} read by this process"
        return read_here(page, number, *args)

    monkeypatch.setattr(reader, "_read_page", first_half_only)
    monkeypatch.setattr(reader, "PARALLEL_FROM_PAGES", 2)
    lines, tables = _read(plan)
    assert [page for page, _ in tables] == [2, 4, 6]
