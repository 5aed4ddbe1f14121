"""Scanning a born-digital PDF the way a scanner does, for the OCR tests."""

import io
import subprocess
import tempfile
from pathlib import Path


def scan(pdf: bytes, angle: float = 0.0) -> bytes:
    """pdftoppm -> page images (optionally turned, as a sheet fed askew) -> an image-only PDF."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "in.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "in.pdf", "p"], cwd=tmp, check=True)
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=(595, 842))
        for png in sorted(Path(tmp).glob("p-*.png")):
            image = Image.open(png).convert("L")
            if angle:
                image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            c.drawImage(ImageReader(image), 0, 0, 595, 842)
            c.showPage()
        c.save()
        return buf.getvalue()
