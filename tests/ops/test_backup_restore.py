"""Back up the demo, restore it into a fresh instance in another process, compare every table and file."""

import json
import os
import subprocess
import sys
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from giamsat.ops.backup import database_digest, media_digest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.MEDIA_ROOT = settings.DATA_DIR / "media"
    settings.DEBUG = True
    monkeypatch.setenv("GIAMSAT_DEMO_PASSWORD", "Demo-mat-khau-2025")
    call_command("demo")
    return settings


def _restore_elsewhere(archive, target_dir):
    """A second instance: its own SQLite file and media folder, in its own process."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["GIAMSAT_DATA_DIR"] = str(target_dir)
    run = subprocess.run([sys.executable, "-m", "giamsat", "restore", str(archive)], env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    script = ("import json; from giamsat.ops.backup import database_digest, media_digest; "
              "from giamsat.audit.services import audit_verify; "
              "from giamsat.search.models import SearchEntry; "
              "keys = sorted(SearchEntry.objects.values_list('kind', 'object_id', 'key')); "
              "print(json.dumps([database_digest(), media_digest(), audit_verify().ok, keys]))")
    out = subprocess.run([sys.executable, "-m", "giamsat", "shell", "-c", script], env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1]), env


def test_backup_restores_every_table_and_file(demo, tmp_path):
    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", str(archive))
    expected_db, expected_media = database_digest(), media_digest()
    assert expected_media, "the demo stores its imported files"
    from giamsat.search.models import SearchEntry

    expected_index = sorted(map(list, SearchEntry.objects.values_list("kind", "object_id", "key")))
    assert len(expected_index) > 50  # the demo's tasks, documents, organizations, indicators
    (restored_db, restored_media, chain_ok, restored_index), env = _restore_elsewhere(archive, tmp_path / "khac")
    assert restored_index == expected_index  # not in the archive: rebuilt by the restore
    assert restored_db == expected_db
    assert restored_media == expected_media
    assert chain_ok
    # Restoring twice is refused: the target is no longer empty.
    again = subprocess.run([sys.executable, "-m", "giamsat", "restore", str(archive)], env=env,
                           capture_output=True, text=True)
    assert again.returncode != 0 and "trống" in again.stderr


def test_a_tampered_archive_is_refused_before_anything_is_written(province, tmp_path):
    """Any instance's archive will do (the demo's round trip is the test above): one changed byte of its rows."""
    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", str(archive))
    tampered = tmp_path / "sua.tar.gz"
    with tarfile.open(archive, "r:gz") as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "database.json":
                data = data.replace(b"Lai Ch", b"Lai Xh", 1)
                member.size = len(data)
            import io

            dst.addfile(member, io.BytesIO(data))
    from giamsat.ops.backup import BackupError, backup_read

    with pytest.raises(BackupError, match="sai khác"):
        backup_read(tampered)


def test_restore_refuses_a_non_empty_instance(province, tmp_path):
    archive = tmp_path / "a.tar.gz"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="trống"):
        call_command("restore", str(archive))


def _rewrite(archive, target, edit) -> None:
    """Copy `archive` to `target`, passing each member's bytes through `edit(name, data)` (None drops it)."""
    import io

    with tarfile.open(archive, "r:gz") as src, tarfile.open(target, "w:gz") as dst:
        for member in src.getmembers():
            data = edit(member.name, src.extractfile(member).read())
            if data is not None:
                member.size = len(data)
                dst.addfile(member, io.BytesIO(data))


def _rehashing(database: bytes, *, format: str = ""):
    """The tampering checksums cannot catch: change the rows and recompute their checksum in the manifest
    (`format`: also claim another format; the edit then drops the signature)."""
    import hashlib

    tampered = database.replace("Lai Châu".encode(), "Lai Xhâu".encode())
    assert tampered != database

    def edit(name, data):
        if name == "database.json":
            return tampered
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["database"].update(sha256=hashlib.sha256(tampered).hexdigest(), bytes=len(tampered))
            manifest["format"] = format or manifest["format"]
            return json.dumps(manifest).encode()
        return None if format and name == "manifest.hmac" else data

    return edit


def test_a_rehashed_tampered_archive_is_refused_by_restore(province, tmp_path, settings):
    """Regression (#14): an archive whose files were changed and whose manifest checksums were recomputed
    was restored. The manifest's signature (a key outside the archive) now refuses it."""
    from giamsat.ops.backup import backup_read

    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", str(archive))
    database = backup_read(archive).database
    tampered = tmp_path / "sua.tar.gz"
    _rewrite(archive, tampered, _rehashing(database))
    with pytest.raises(CommandError, match="chữ ký không khớp"):
        call_command("restore", str(tampered))
    # Dropping the signature and claiming the older, unsigned format does not help either...
    unsigned = tmp_path / "khong-ky.tar.gz"
    _rewrite(archive, unsigned, _rehashing(database, format="giamsat-backup/1"))
    with pytest.raises(CommandError, match="không có chữ ký"):
        call_command("restore", str(unsigned))
    # ...unless the operator vouches for an old archive (the checksums are then all that is checked).
    assert backup_read(unsigned, accept_unsigned=True).manifest["format"] == "giamsat-backup/1"


def test_an_archive_signed_with_another_key_is_refused(province, tmp_path, settings):
    from giamsat.ops.backup import BackupError, backup_read

    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", str(archive))
    assert backup_read(archive).manifest["format"] == "giamsat-backup/2"
    settings.GIAMSAT_BACKUP_KEY = "mot-khoa-sao-luu-khac-hoan-toan"
    with pytest.raises(BackupError, match="khóa khác"):
        backup_read(archive)
