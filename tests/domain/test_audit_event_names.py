"""Every audit event the code records has a Vietnamese name for the history and home pages (#21: no
internal codes on pages people read)."""

import re
from pathlib import Path

from giamsat.audit.readable import EVENTS

SRC = Path(__file__).resolve().parents[2] / "src" / "giamsat"
CALL = re.compile(r"audit_event\(\s*\"([a-z0-9_]+)\"")


def test_every_recorded_event_has_a_vietnamese_name():
    used = {name for path in SRC.rglob("*.py") for name in CALL.findall(path.read_text(encoding="utf-8"))}
    assert len(used) > 30  # the scan finds the calls (a broken pattern would find none and pass)
    assert sorted(used - set(EVENTS)) == []
