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
    entries = list(AuditEntry.objects.filter(object_type="organizations.organization", object_id=str(pk)).order_by("id"))
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
    update = progress_update_create(user=province["users"]["focal_culture"], task=task, state="in_progress",
                                    percent=30, narrative="Đã đăng 5 tin bài")
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
