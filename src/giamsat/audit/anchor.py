"""The anchor of the audit chain: how many entries it had and its newest hash, kept outside the database.

The chain's hashes are plain SHA-256: someone who can write to the database can delete its newest
entries, or rebuild the whole chain with consistent hashes, and the chain alone still verifies. The
anchor is a small file (`GIAMSAT_AUDIT_ANCHOR`, by default in the data directory) signed with an HMAC
whose key (`GIAMSAT_AUDIT_KEY`, by default `SECRET_KEY`) is not in the database. `audit verify` compares
the chain with it and then moves it to the chain's newest entry; the daily job (`refresh-statuses`) moves
it too, after the same comparison by key lookups. Design: docs/adr/0017-audit-anchor-and-signed-backups.md.
"""

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from giamsat.audit.models import AuditEntry
from giamsat.audit.services import VerifyResult, audit_verify

FORMAT = "giamsat-audit-anchor/1"
SALT = "giamsat.audit.anchor"


class AnchorError(Exception):
    """The anchor file exists but cannot be trusted (unreadable, or not signed with this system's key)."""


@dataclass(frozen=True)
class Anchor:
    count: int  # entries in the chain up to and including `last_id`
    last_id: int | None
    head: str  # the hash of entry `last_id`
    written: str = ""  # when (ISO 8601, UTC): for people reading the file


def anchor_path() -> Path:
    return Path(settings.GIAMSAT_AUDIT_ANCHOR)


def _signature(fields: dict) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    key = settings.GIAMSAT_AUDIT_KEY or settings.SECRET_KEY
    return salted_hmac(SALT, canonical, secret=key, algorithm="sha256").hexdigest()


def anchor_read() -> Anchor | None:
    """The anchor last written, or None if there is none yet. Raises AnchorError if it cannot be trusted."""
    path = anchor_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        fields = {k: data[k] for k in ("format", "count", "last_id", "head", "written")}
        signature = str(data["hmac"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AnchorError(f"Không đọc được mốc nhật ký {path}: {exc}") from exc
    if fields["format"] != FORMAT or not constant_time_compare(signature, _signature(fields)):
        raise AnchorError(f"Mốc nhật ký {path} không khớp chữ ký (bị sửa, hoặc ký bằng khóa khác với khóa "
                          "GIAMSAT_AUDIT_KEY/SECRET_KEY của hệ thống này).")
    return Anchor(fields["count"], fields["last_id"], fields["head"], fields["written"])


def anchor_write(count: int, last_id: int | None, head: str) -> Anchor:
    """Sign and write the anchor, replacing the file in one step (never half-written)."""
    anchor = Anchor(count, last_id, head, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    fields = {"format": FORMAT, **asdict(anchor)}
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps({**fields, "hmac": _signature(fields)}, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return anchor


@dataclass
class AnchoredResult:
    result: VerifyResult
    anchor: Anchor | None  # the anchor written (None when the chain failed: the old one stays)
    first: bool = False  # there was no anchor before


def verify_and_anchor(*, head: str = "", fresh: bool = False) -> AnchoredResult:
    """`audit verify`: the whole chain against the kept anchor (and `head` if given); when it holds, the
    anchor moves to the chain's newest entry. `fresh`: ignore the previous anchor and start a new one (after
    restoring an older backup on purpose). Raises AnchorError if the anchor cannot be trusted."""
    previous = None if fresh else anchor_read()
    result = audit_verify(head=head, anchor=previous)
    if not result.ok:
        return AnchoredResult(result, None, first=previous is None)
    return AnchoredResult(result, anchor_write(result.checked, result.last_id, result.last_hash),
                          first=previous is None)


def anchor_advance() -> tuple[Anchor | None, str]:
    """The daily job: check that the chain still holds the anchored entry at its position (key lookups,
    not the whole walk of `audit verify`), then anchor the newest entry. Returns (the new anchor, "") or
    (None, why it was not moved). Raises AnchorError if the anchor cannot be trusted."""
    previous = anchor_read()
    if previous is not None and previous.count:
        entry_id = AuditEntry.objects.filter(hash=previous.head).values_list("id", flat=True).first()
        count = AuditEntry.objects.filter(id__lte=entry_id).count() if entry_id is not None else 0
        if entry_id != previous.last_id or count != previous.count:
            return None, (f"chuỗi không còn khớp mốc đã ký (mốc: {previous.count} mục, mục mới nhất "
                          f"#{previous.last_id}) — nhật ký đã bị xóa, cắt bớt hoặc viết lại; chạy `giamsat "
                          "audit verify` để xem chi tiết")
    newest = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
    if newest is None:
        return anchor_write(0, None, ""), ""
    count = AuditEntry.objects.filter(id__lte=newest[0]).count()
    return anchor_write(count, newest[0], newest[1]), ""
