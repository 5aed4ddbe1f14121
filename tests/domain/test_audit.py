import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from giamsat.audit.context import acting_as
from giamsat.audit.models import AuditEntry
from giamsat.audit.services import audit_verify
from giamsat.core.models import AppendOnlyError
from giamsat.organizations.services import organization_create
from giamsat.tasks.services import progress_update_create

pytestmark = pytest.mark.django_db


def test_create_update_delete_are_recorded_with_before_and_after(province):
    admin = province["users"]["admin"]
    with acting_as(admin, "cli"):
        org = organization_create(name="Sở Tư pháp", code="stp")
        org.short_name = "STP"
        org.save()
        pk = org.pk
        org.delete()
    entries = list(
        AuditEntry.objects.filter(object_type="organizations.organization", object_id=str(pk)).order_by("id")
    )
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert entries[1].before == {"short_name": ""} and entries[1].after == {"short_name": "STP"}
    assert entries[0].actor_id == admin.pk and entries[0].source == "cli"
    assert entries[2].before["name"] == "Sở Tư pháp"


def test_passwords_never_enter_the_log(province):
    user = province["users"]["leader"]
    user.set_password("Mot-mat-khau-moi-2026")
    user.save()
    entry = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk)).order_by("-id").first()
    assert entry.action == "update" and list(entry.after) == ["password"]
    assert entry.after["password"].startswith("***") and "argon2" not in str(entry.after) + str(entry.before)


def test_chain_verifies_and_detects_tampering(province):
    assert audit_verify().ok
    call_command("audit", "verify")
    victim = AuditEntry.objects.order_by("id")[3]
    AuditEntry.objects.filter(pk=victim.pk).update(object_repr="sửa lén")
    result = audit_verify()
    assert (result.ok, result.bad_id) == (False, victim.pk)
    with pytest.raises(CommandError, match=f"#{victim.pk}"):
        call_command("audit", "verify")


def test_deleted_entry_breaks_the_chain(province):
    victim = AuditEntry.objects.order_by("id")[2]
    AuditEntry.objects.filter(pk=victim.pk).delete()
    assert audit_verify().ok is False


def test_progress_updates_are_append_only(province):
    task = province["tasks"]["culture"]
    update = progress_update_create(
        user=province["users"]["focal_culture"],
        task=task,
        state="in_progress",
        percent=30,
        narrative="Đã đăng 5 tin bài",
    )
    update.narrative = "sửa"
    with pytest.raises(AppendOnlyError):
        update.save()
    with pytest.raises(AppendOnlyError):
        update.delete()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain(province):
    """Regression: on PostgreSQL, writers waiting on the chain head used to fork the chain."""
    import threading

    from django.db import connection, connections

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes write transactions; the race exists on PostgreSQL")
    barrier = threading.Barrier(6)

    def writer(n):
        try:
            barrier.wait()
            for i in range(5):
                organization_create(name=f"Đơn vị thử {n}-{i}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = audit_verify()
    assert result.ok, result


def test_cutting_off_the_newest_entries_is_caught_against_a_kept_head(province, capsys):
    call_command("audit", "head")
    count, head = capsys.readouterr().out.split()
    organization_create(name="Sở Ngoại vụ", code="sngv")
    call_command("audit", "verify", "--head", head)
    newest = AuditEntry.objects.order_by("id").filter(hash=head).first()
    AuditEntry.objects.filter(id__gte=newest.id).delete()
    assert audit_verify().ok  # the chain alone cannot tell...
    with pytest.raises(CommandError, match="mốc"):
        call_command("audit", "verify", "--head", head)  # ...the kept head can


def test_totp_secrets_never_enter_the_log(province):
    from giamsat.accounts.totp import totp_begin

    device = totp_begin(user=province["users"]["office"])
    entry = AuditEntry.objects.filter(object_type="accounts.totpdevice").order_by("-id").first()
    assert device.secret not in str(entry.after)


# The signed anchor (audit.anchor; ADR 0017). Regression (#14): a wiped, truncated or rebuilt chain passed
# `audit verify` unless the operator gave the head printed earlier.


def _rebuild_chain_from(entry_index: int, **changes) -> None:
    """What someone with database access but without the key can do: change an entry and recompute every
    hash after it, so that the chain alone verifies."""
    prev = ""
    for i, entry in enumerate(AuditEntry.objects.order_by("id")):
        if i == entry_index:
            for name, value in changes.items():
                setattr(entry, name, value)
        entry.prev_hash = prev
        entry.hash = entry.compute_hash()
        AuditEntry.objects.filter(pk=entry.pk).update(
            prev_hash=entry.prev_hash, hash=entry.hash, **{k: getattr(entry, k) for k in changes}
        )
        prev = entry.hash


def test_verify_writes_a_signed_anchor_and_a_wiped_chain_fails_against_it(province, settings, capsys):
    call_command("audit", "verify")
    assert "ghi mốc đầu tiên" in capsys.readouterr().out
    anchor = json.loads(settings.GIAMSAT_AUDIT_ANCHOR.read_text())
    assert anchor["count"] == AuditEntry.objects.count() and anchor["hmac"]
    AuditEntry.objects.all().delete()
    assert audit_verify().ok  # an empty chain is a valid chain...
    with pytest.raises(CommandError, match="không toàn vẹn.*mốc đã ký"):
        call_command("audit", "verify")  # ...but not the one anchored


def test_cutting_off_the_newest_entries_is_caught_by_the_anchor(province):
    call_command("audit", "verify")
    organization_create(name="Sở Ngoại vụ", code="sngv")
    call_command("audit", "verify")  # the anchor moves to the newest entry
    AuditEntry.objects.filter(pk=AuditEntry.objects.order_by("-id").values("pk")[:1]).delete()
    assert audit_verify().ok
    with pytest.raises(CommandError, match="không toàn vẹn"):
        call_command("audit", "verify")


def test_a_chain_rebuilt_without_the_key_is_caught(province):
    call_command("audit", "verify")
    _rebuild_chain_from(3, object_repr="sửa lén rồi tính lại mã băm")
    assert audit_verify().ok  # consistent hashes: the chain alone cannot tell
    with pytest.raises(CommandError, match="không toàn vẹn"):
        call_command("audit", "verify")


def test_an_anchor_not_signed_with_the_key_is_refused(province, settings):
    from giamsat.audit.anchor import anchor_write

    call_command("audit", "verify")
    AuditEntry.objects.filter(pk=AuditEntry.objects.order_by("-id").values("pk")[:1]).delete()
    # A forger rewrites the file to match the cut chain, without the key...
    settings.GIAMSAT_AUDIT_KEY = "khoa-ma-ke-gia-mao-doan-duoc"
    head = AuditEntry.objects.order_by("-id").first()
    anchor_write(AuditEntry.objects.count(), head.id, head.hash)
    settings.GIAMSAT_AUDIT_KEY = ""
    with pytest.raises(CommandError, match="không khớp chữ ký"):
        call_command("audit", "verify")
    # ...or edits the count by hand.
    data = json.loads(settings.GIAMSAT_AUDIT_ANCHOR.read_text())
    data["count"] -= 1
    settings.GIAMSAT_AUDIT_ANCHOR.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="không khớp chữ ký"):
        call_command("audit", "verify")


def test_the_daily_job_moves_the_anchor_only_over_an_intact_chain(province, settings):
    call_command("refresh-statuses", "--no-warm")
    first = json.loads(settings.GIAMSAT_AUDIT_ANCHOR.read_text())
    assert first["count"] == AuditEntry.objects.count()
    organization_create(name="Sở Ngoại vụ", code="sngv")
    call_command("refresh-statuses", "--no-warm")
    assert json.loads(settings.GIAMSAT_AUDIT_ANCHOR.read_text())["count"] == first["count"] + 1
    AuditEntry.objects.filter(pk=AuditEntry.objects.order_by("-id").values("pk")[:1]).delete()
    kept = settings.GIAMSAT_AUDIT_ANCHOR.read_text()
    with pytest.raises(CommandError, match="không toàn vẹn"):
        call_command("refresh-statuses", "--no-warm")
    assert settings.GIAMSAT_AUDIT_ANCHOR.read_text() == kept  # the evidence stays
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    call_command("audit", "anchor")  # the operator accepts the chain as it is now (an older backup restored)
    call_command("audit", "verify")
