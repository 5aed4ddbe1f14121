"""Checks done on ZIP containers (DOCX/XLSX) before any parser sees them."""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import BinaryIO

from ..errors import CorruptFileError, TooComplexError, XmlEntityError, ZipBombError
from .base import Limits

_CHUNK = 64 * 1024


def open_zip(data: bytes | BinaryIO, limits: Limits) -> zipfile.ZipFile:
    """Open and vet a ZIP: member count, total uncompressed size, compression ratio, XML DTDs.

    `data` is the file's bytes or a seekable binary file (an upload kept on disk is vetted without being read
    into memory)."""
    try:
        zf = zipfile.ZipFile(data if hasattr(data, "read") else io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, RuntimeError) as exc:
        raise CorruptFileError(detail=str(exc)) from exc
    if len(infos) > limits.max_members:
        raise TooComplexError(detail=f"{len(infos)} zip members")
    total = 0
    total_compressed = 0
    for info in infos:
        total += info.file_size
        total_compressed += info.compress_size
        if info.file_size > limits.max_uncompressed:
            raise ZipBombError(detail=f"member {info.filename} declares {info.file_size} bytes")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.max_ratio:
            raise ZipBombError(detail=f"member {info.filename} ratio {ratio:.0f}")
    if total > limits.max_uncompressed:
        raise ZipBombError(detail=f"total uncompressed {total} bytes")
    if total > 4 * 1024 * 1024 and total / max(total_compressed, 1) > limits.max_ratio:
        raise ZipBombError(detail="overall ratio")
    _refuse_dtds(zf, infos)
    return zf


def _refuse_dtds(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """OOXML parts never need a DTD; one is the doorway to entity expansion (billion laughs, XXE).

    Reading is bounded: the declared sizes were vetted above and zipfile stops at them.
    """
    for info in infos:
        name = info.filename.lower()
        if not (name.endswith(".xml") or name.endswith(".rels") or name.endswith(".vml")):
            continue
        tail = b""
        try:
            with zf.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    window = tail + chunk
                    probe = window.replace(b"\x00", b"") if b"\x00" in window[:4096] else window
                    if b"<!DOCTYPE" in probe or b"<!ENTITY" in probe or b"<!doctype" in probe:
                        raise XmlEntityError(detail=info.filename)
                    tail = window[-16:]
        except XmlEntityError:
            raise
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            EOFError,
            ValueError,
            NotImplementedError,
            RuntimeError,
        ) as exc:
            raise CorruptFileError(detail=f"{info.filename}: {exc}") from exc
