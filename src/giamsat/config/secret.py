"""The secret key of a server nobody gave one (#21, ADR 0038): generated once into the data directory, readable by
the owner only (mode 600), and reused at every start, so that sessions and signatures survive restarts.
Several servers sharing one database must share one key: set SECRET_KEY on each instead."""

import os
import secrets
from pathlib import Path

FILENAME = "secret_key"


def data_dir_secret_key(data_dir: Path) -> str:
    path = Path(data_dir) / FILENAME
    try:
        key = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        key = ""
    if len(key) >= 50:
        return key
    key = secrets.token_urlsafe(64)
    # Created with mode 600 from the start (no moment where others could read it); O_EXCL: if two processes
    # start together, one writes and the other reads what it wrote.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip() or key
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key + "\n")
    return key
