"""Writing and verifying audit entries."""

from dataclasses import dataclass

from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone

from giamsat.audit.context import current_actor
from giamsat.audit.models import AuditEntry
from giamsat.core.compiled import CompiledQuery

_CHAIN_HEAD = CompiledQuery(lambda args: AuditEntry.objects.order_by("-id").values_list("id", "hash")[:1])


# Sent after each entry is appended, inside the writer's transaction, with `entry`: what is derived from the
# data elsewhere (dashboard snapshots' versions) is renewed when that transaction commits (ADR 0020).
recorded = Signal()


def chain_head() -> tuple[int, str] | None:
    """The newest entry's id and hash: read before every audited write and by every dashboard snapshot
    (its data version), so compiled once (core.compiled)."""
    return _CHAIN_HEAD.first()


def audit_record(*, action: str, object_type: str, object_id, object_repr: str = "", before=None, after=None,
                 event: str = "") -> AuditEntry:
    """Append one entry to the chain. The last entry is locked so concurrent writers chain in order."""
    actor = current_actor()
    # No savepoint inside the writer's transaction: the write and its entry commit or fail together.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        head = chain_head()
        entry = AuditEntry(
            at=timezone.now(),
            actor_id=actor.user_id,
            actor_label=actor.label[:150],
            source=actor.source,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=(object_repr or "")[:255],
            event=event,
            before=before,
            after=after,
            prev_hash=head[1] if head else "",
        )
        entry.hash = entry.compute_hash()
        entry.save()
    recorded.send(sender=AuditEntry, entry=entry)
    return entry


# Any 64-bit number, the same in every process: the name of the lock that orders the chain.
CHAIN_LOCK_KEY = 5757_2024_1222


def _lock_chain() -> None:
    """Serialize appends to the chain until the transaction ends.

    Locking the last row is not enough on PostgreSQL: a second writer waiting on it would, once the first
    commits, still read the same old last row and fork the chain (found by scripts/crash_test.py). An
    advisory transaction lock taken before reading the head makes the read see the committed new head.
    SQLite needs nothing: its write transactions are already serial (BEGIN IMMEDIATE).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def audit_event(event: str, obj, **details) -> AuditEntry:
    """A domain event ("report sent", "task marked done") on top of the row history."""
    return audit_record(
        action=AuditEntry.Action.EVENT,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_repr=str(obj),
        after=details or None,
        event=event,
    )


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    bad_id: int | None = None
    reason: str = ""
    last_id: int | None = None  # the newest entry walked, and its hash: what an anchor records
    last_hash: str = ""


def _in_id_order(batch: int = 2000):
    """Every entry by id, in pages (`id > last`): no server-side cursor, which a transaction-pooling PgBouncer
    cannot keep between transactions (GIAMSAT_PGBOUNCER), and never the whole chain in memory."""
    last = None
    while True:
        page = AuditEntry.objects.order_by("id")
        page = list((page if last is None else page.filter(id__gt=last))[:batch])
        yield from page
        if len(page) < batch:
            return
        last = page[-1].id


def audit_verify(*, head: str = "", anchor=None) -> VerifyResult:
    """Walk the chain in id order: each entry's hash must match its content and the previous hash.

    A chain cannot prove by itself that its newest entries were not cut off, nor that it was not rebuilt
    whole (its hashes are not keyed). Two marks kept outside it catch that: `head`, a hash printed earlier
    by `audit head` and kept elsewhere, must still be in the chain; `anchor` (audit.anchor: count and hash
    of the newest entry, signed with a key the database does not hold) must still be the entry at its
    position.
    """
    prev = ""
    checked = 0
    last_id = None
    head_seen = not head
    anchor_seen = anchor is None or anchor.count == 0
    for entry in _in_id_order():
        if entry.prev_hash != prev:
            return VerifyResult(False, checked, entry.id, "mắt xích trước bị thiếu hoặc bị xóa")
        if entry.compute_hash() != entry.hash:
            return VerifyResult(False, checked, entry.id, "nội dung bị sửa đổi")
        head_seen = head_seen or entry.hash == head
        prev, last_id = entry.hash, entry.id
        checked += 1
        if anchor is not None and checked == anchor.count:
            anchor_seen = entry.hash == anchor.head
    if not head_seen:
        return VerifyResult(
            False, checked, None, "mốc đã ghi trước đây không còn trong chuỗi (các mục mới nhất bị xóa?)"
        )
    if not anchor_seen:
        return VerifyResult(False, checked, None, (
            f"chuỗi không còn khớp mốc đã ký (mốc: {anchor.count} mục, mục mới nhất #{anchor.last_id}; "
            f"nay: {checked} mục) — nhật ký đã bị xóa, cắt bớt hoặc viết lại"))
    return VerifyResult(True, checked, last_id=last_id, last_hash=prev)


def audit_head() -> tuple[int, str]:
    """(number of entries, hash of the newest): the mark to keep outside the system."""
    last = AuditEntry.objects.order_by("-id").only("hash").first()
    return AuditEntry.objects.count(), last.hash if last else ""
