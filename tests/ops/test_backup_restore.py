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


def test_a_tampered_archive_is_refused_before_anything_is_written(demo, tmp_path):
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


def test_restore_refuses_a_non_empty_instance(demo, tmp_path):
    archive = tmp_path / "a.tar.gz"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="trống"):
        call_command("restore", str(archive))
