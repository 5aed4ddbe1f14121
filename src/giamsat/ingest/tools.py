"""External programs the readers call: poppler, LibreOffice and Tesseract.

They sit behind one small class so the pure parts stay testable without them:
a reader asks ``tools.available(name)`` and gets a clear ``ToolMissingError``
(Vietnamese) when a program is not installed. Each call runs with a timeout,
in a private temporary folder that is removed afterwards.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import CorruptFileError, ToolMissingError

# program -> Debian package that provides it (named in the message to the administrator)
PACKAGES = {
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "soffice": "libreoffice-writer-nogui / libreoffice-calc-nogui",
    "tesseract": "tesseract-ocr và tesseract-ocr-vie",
}

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S
)
_PAGE = re.compile(r"<page\b[^>]*>(.*?)</page>", re.S)


@dataclass(frozen=True)
class Word:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    conf: float = 100.0  # OCR confidence 0-100; 100 for a text layer


class Tools:
    """The external programs, found on PATH. Tests may pass a subclass."""

    timeout = 120  # seconds for one conversion or one page of OCR

    def available(self, name: str) -> bool:
        return shutil.which(name) is not None

    def require(self, name: str, what: str) -> None:
        if not self.available(name):
            raise ToolMissingError(
                f"Máy chủ chưa cài chương trình cần để {what} ({PACKAGES.get(name, name)}). "
                "Hãy báo quản trị hệ thống cài đặt, hoặc tải lên bản DOCX/PDF có lớp văn bản."
            )

    def _run(self, args: list[str], cwd: str, timeout: float | None = None) -> bytes:
        try:
            proc = subprocess.run(
                args, cwd=cwd, capture_output=True, timeout=timeout or self.timeout, check=False,
                env={**os.environ, "HOME": cwd, "OMP_THREAD_LIMIT": "1"},
            )
        except subprocess.TimeoutExpired as exc:
            raise CorruptFileError(
                "Xử lý tệp quá thời gian cho phép; tệp có thể bị hỏng hoặc quá lớn.",
                detail=f"{args[0]} timed out",
            ) from exc
        if proc.returncode != 0:
            raise CorruptFileError(detail=f"{args[0]} exit {proc.returncode}: {proc.stderr[:300]!r}")
        return proc.stdout

    def pdf_words(self, data: bytes) -> list[list[Word]] | None:
        """Words of each page with their boxes (poppler also reads signature appearances)."""
        if not self.available("pdftotext"):
            return None
        with tempfile.TemporaryDirectory(prefix="gs-pdf-") as tmp:
            src = Path(tmp) / "in.pdf"
            src.write_bytes(data)
            out = self._run(["pdftotext", "-bbox", "-enc", "UTF-8", str(src), "-"], tmp)
        text = out.decode("utf-8", "replace")
        pages = []
        for body in _PAGE.findall(text):
            pages.append([
                Word(float(a), float(b), float(c), float(d), html.unescape(t))
                for a, b, c, d, t in _WORD.findall(body)
            ])
        return pages

    def convert_office(self, data: bytes, source_ext: str, target_ext: str) -> bytes:
        """Word 97 .doc -> .docx, Excel 97 .xls -> .xlsx with LibreOffice headless."""
        self.require("soffice", "đọc tệp Word/Excel định dạng cũ (.doc/.xls)")
        with tempfile.TemporaryDirectory(prefix="gs-office-") as tmp:
            src = Path(tmp) / f"in.{source_ext}"
            src.write_bytes(data)
            profile = Path(tmp, "profile").as_uri()  # a private profile: parallel runs never share a lock
            self._run(
                ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", target_ext, "--outdir", tmp, str(src)],
                tmp,
            )
            out = Path(tmp) / f"in.{target_ext.split(':')[0]}"  # "doc:MS Word 97" names a filter too
            if not out.exists():
                raise CorruptFileError(detail=f"soffice produced no {out.name}")
            return out.read_bytes()

    def render_pdf(self, data: bytes, page: int, dpi: int = 300) -> bytes:
        """One page of a PDF (1-based) as a grey PNG image (poppler's pdftoppm)."""
        self.require("pdftoppm", "đọc bản PDF scan")
        with tempfile.TemporaryDirectory(prefix="gs-render-") as tmp:
            src = Path(tmp) / "in.pdf"
            src.write_bytes(data)
            self._run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", str(page), "-l", str(page),
                       "-singlefile", str(src), str(Path(tmp) / "page")], tmp)
            out = Path(tmp) / "page.png"
            if not out.exists():
                raise CorruptFileError(detail=f"pdftoppm rendered no page {page}")
            return out.read_bytes()

    def ocr_lines(self, image: object) -> list[list[Word]]:
        """Lines of words of one page image (PIL.Image), read by Tesseract's Vietnamese model."""
        self.require("tesseract", "nhận dạng chữ trên bản scan (OCR)")
        import pytesseract

        # pages run two at a time on two cores: one thread each, no oversubscription
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        data = pytesseract.image_to_data(
            image, lang="vie", config="--psm 3", output_type=pytesseract.Output.DICT, timeout=self.timeout
        )
        lines: dict[tuple[int, int, int], list[Word]] = {}
        for i, text in enumerate(data["text"]):
            text = (text or "").strip()
            if not text:
                continue
            left, top, width, height = (data[k][i] for k in ("left", "top", "width", "height"))
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            lines.setdefault(key, []).append(Word(left, top, left + width, top + height, text,
                                                  float(data["conf"][i])))
        return list(lines.values())

    def ocr_block(self, image: object) -> str:
        """The text of one table cell (a uniform block of text), read by Tesseract's Vietnamese model."""
        self.require("tesseract", "nhận dạng chữ trên bản scan (OCR)")
        import pytesseract

        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        return pytesseract.image_to_string(image, lang="vie", config="--psm 6", timeout=self.timeout)


DEFAULT_TOOLS = Tools()
