"""`make bench-ingest`: how long extraction takes on the documents officials receive.

    python bench/ingest_speed.py [--pages 40] [--scan-pages 16] [--runs 3]

Builds a born-digital plan of N pages (a Decree 30 header, "Căn cứ" lines, numbered sections, and a ruled
appendix table of tasks on every other page, as a word processor exports it), then a scan of the first M
pages of it (page images at 300 dpi in an image-only PDF, as a scanner makes it), and times
`extract_bytes` on each (wall clock, the median of --runs for the born-digital copy; the scan once, OCR
being minutes). Targets (issue #20): 40 born-digital pages ≤ 3 s, a 16-page scan ≤ 3 min on 2 cores.
"""

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "tests/ingest/fonts/DejaVuSans.ttf"
AGENCIES = ["Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Tài chính", "Văn phòng UBND tỉnh", "Sở Công Thương"]


def born_digital(pages: int) -> bytes:
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    task = 0
    for page in range(1, pages + 1):
        c.setFont("DejaVuSans", 11)
        y = 790
        if page == 1:
            for line in ("ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "Số: 1234/KH-UBND", "Lai Châu, ngày 15 tháng 3 năm 2026",
                         "KẾ HOẠCH", "Thực hiện Nghị quyết số 57-NQ/TW năm 2026",
                         "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;"):
                c.drawString(60, y, line)
                y -= 20
        if page % 2:
            for k in range(24):
                text = (f"{page}.{k + 1}. Các cơ quan, đơn vị tăng cường ứng dụng công nghệ số trong chỉ đạo, điều "
                        f"hành, bảo đảm tiến độ, chất lượng và hiệu quả của nhiệm vụ được giao năm 2026.")
                for part in simpleSplit(text, "DejaVuSans", 11, 475):
                    c.drawString(60, y, part)
                    y -= 15
                if y < 80:
                    break
        else:
            widths, x0 = [30, 250, 120, 80], 45
            y = 790
            for r in range(12):
                task += 1
                cells = ([str(task), f"Xây dựng và vận hành nền tảng số phục vụ nhiệm vụ thứ {task} của kế hoạch",
                          AGENCIES[task % 5], f"Quý {task % 4 + 1}/2026"] if r else
                         ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện"])
                if not r:
                    task -= 1
                x = x0
                for text, w in zip(cells, widths, strict=True):
                    for k, part in enumerate(simpleSplit(text, "DejaVuSans", 10, w - 6)):
                        c.setFont("DejaVuSans", 10)
                        c.drawString(x + 3, y - 13 - 12 * k, part)
                    c.rect(x, y - 40, w, 40)
                    x += w
                y -= 40
        c.showPage()
    c.save()
    return buf.getvalue()


def scanned(pdf: bytes, pages: int) -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "in.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-l", str(pages), "in.pdf", "p"], cwd=tmp,
                       check=True)
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=(595, 842))
        for png in sorted(Path(tmp).glob("p-*.png")):
            c.drawImage(ImageReader(Image.open(png)), 0, 0, 595, 842)
            c.showPage()
        c.save()
        return buf.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--scan-pages", type=int, default=16)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from giamsat.ingest import extract_bytes

    pdf = born_digital(args.pages)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = extract_bytes(pdf, "ke-hoach.pdf")
        times.append(time.perf_counter() - start)
    print(f"born-digital PDF, {args.pages} pages, {len(pdf) // 1024} KB: median {statistics.median(times):.2f} s "
          f"(runs {', '.join(f'{t:.2f}' for t in times)}); {len(result.tasks)} tasks, number {result.document.number}")
    if args.scan_pages:
        scan = scanned(pdf, args.scan_pages)
        done: list[float] = []
        start = time.perf_counter()
        result = extract_bytes(scan, "ke-hoach-scan.pdf", progress=lambda d, t: done.append(time.perf_counter()))
        took = time.perf_counter() - start
        print(f"scan, {args.scan_pages} pages at 300 dpi: {took:.1f} s ({len(done)} pages OCR'd); "
              f"{len(result.tasks)} tasks, number {result.document.number}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
