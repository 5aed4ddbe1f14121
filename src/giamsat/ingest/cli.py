"""``giamsat extract FILE [--json]``: print what the extractor found in a document."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from .errors import IngestError
from .extract import DEFAULT_MAX_BYTES, extract_file
from .model import Extraction


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="giamsat extract",
        description="Trích xuất thông tin văn bản, nhiệm vụ, chỉ tiêu, chế độ báo cáo từ tệp TXT/DOCX/PDF/XLSX.",
    )
    p.add_argument("file", help="tệp cần trích xuất")
    p.add_argument("--json", action="store_true", help="in đúng một đối tượng JSON theo hợp đồng")
    p.add_argument("--max-mb", type=float, default=DEFAULT_MAX_BYTES / 1048576,
                   help="giới hạn dung lượng tệp (MB), mặc định 50")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    out = _utf8(sys.stdout)
    try:
        result = extract_file(args.file, max_bytes=int(args.max_mb * 1048576))
    except IngestError as exc:
        print(f"Lỗi [{exc.code}]: {exc.message}", file=_utf8(sys.stderr))
        return 2
    if args.json:
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(summary(result))
    out.flush()
    return 0


def _utf8(stream: TextIO) -> TextIO:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(encoding="utf-8")
        except (ValueError, OSError):
            pass
    return stream


def _cut(text: str | None, width: int) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


def summary(result: Extraction) -> str:
    d = result.document
    lines = [
        f"Tệp / File: {result.filename or '-'} ({result.format.upper()})",
        "",
        "VĂN BẢN / DOCUMENT",
        f"  Loại / type:        {d.type or '-'}",
        f"  Số / number:        {d.number or '-'}",
        f"  Ngày / date:        {d.date.strftime('%d/%m/%Y') if d.date else '-'}",
        f"  Nơi / place:        {d.place or '-'}",
        f"  Cơ quan / issuer:   {d.issuer or '-'}",
        f"  Trích yếu / title:  {d.title or '-'}",
        "",
        f"VĂN BẢN LIÊN QUAN / REFERENCES ({len(result.references)})",
    ]
    rel = {"based_on": "căn cứ", "replaces": "thay thế", "mentions": "nhắc đến"}
    for r in result.references:
        when = r.date.strftime("%d/%m/%Y") if r.date else "-"
        lines.append(f"  {r.number:<18} {rel[r.relation]:<9} {r.type or '-'}; {when}; {r.issuer or '-'}")
    lines += ["", f"NHIỆM VỤ / TASKS ({len(result.tasks)})"]
    lines.append(f"  {'TT':<8} {'Nguồn':<8} {'Nhiệm vụ':<48} {'Chủ trì':<32} {'Thời hạn':<12} Lặp")
    for t in result.tasks:
        due = t.deadline.due.strftime("%d/%m/%Y") if t.deadline.due else "-"
        lines.append(f"  {_cut(t.no, 8):<8} {t.source:<8} {_cut(t.name, 48):<48} "
                     f"{_cut('; '.join(t.lead), 32):<32} {due:<12} {'có' if t.deadline.recurring else ''}")
    lines += ["", f"CHỈ TIÊU / TARGETS ({len(result.targets)})"]
    for g in result.targets:
        val = f"{g.value:g}" + (f"–{g.value_max:g}" if g.value_max is not None else "")
        lines.append(f"  {g.comparator:<5} {val:<10} {g.unit or '':<14} {g.year or '-':<6} {_cut(g.text, 70)}")
    lines += ["", f"CHẾ ĐỘ BÁO CÁO / REPORTING ({len(result.reporting)})"]
    for r in result.reporting:
        due = f"ngày {r.due_day}" if r.due_day else "-"
        if r.due_month:
            due += f"/{r.due_month}"
        lines.append(f"  {r.period:<10} {due:<12} → {r.to or '-'}")
    if result.warnings:
        lines += ["", "CẢNH BÁO / WARNINGS"]
        lines += [f"  - {w}" for w in result.warnings]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
