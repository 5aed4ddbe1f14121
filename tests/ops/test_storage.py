"""Uploads through the storage API (ADR 0036): unique stored names, the checksum checked when served, backups
that read through the storage and stop on a missing file — on the data directory and on S3 (moto's server)."""

import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from giamsat.audit.models import AuditEntry
from giamsat.core.storage import storage_settings, stored_name
from giamsat.tasks.models import Evidence
from giamsat.tasks.services import EvidenceFile, progress_update_create
from tests.ops import s3server

PDF_A = b"%PDF-1.4\n% so VHTTDL\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PDF_B = b"%PDF-1.4\n% so KHCN, another agency's own report\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def s3_endpoint():
    try:
        process, url = s3server.start()
    except RuntimeError as exc:
        pytest.skip(f"no S3 server for the object-storage tests: {exc}")
    s3server.credentials()
    yield url
    process.kill()
    process.wait(timeout=10)


@pytest.fixture(params=["disk", "s3"])
def storage(request, settings):
    """The default storage: the test's media folder, or a fresh bucket on moto's server."""
    if request.param == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        bucket = s3server.new_bucket(endpoint)
        url = f"s3://{bucket}?endpoint_url={endpoint}"
        settings.GIAMSAT_STORAGE_URL = url
        settings.STORAGES = {**settings.STORAGES, "default": storage_settings(url)}
    return request.param  # the settings fixture puts STORAGES back, and Django resets default_storage


def _upload(province, user_key, task_key, name, data):
    update = progress_update_create(user=province["users"][user_key], task=province["tasks"][task_key],
                                    state="in_progress", files=[EvidenceFile(name, ContentFile(data, name=name))])
    return update.evidence.get()


def test_the_s3_url_selects_django_storages_with_the_bucket_and_endpoint():
    config = storage_settings("s3://giamsat-files?endpoint_url=http://10.0.0.5:9000")
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    assert config["OPTIONS"]["bucket_name"] == "giamsat-files"
    assert config["OPTIONS"]["endpoint_url"] == "http://10.0.0.5:9000"
    assert config["OPTIONS"]["file_overwrite"] is False
    assert storage_settings("")["BACKEND"].endswith("FileSystemStorage")
    with pytest.raises(ValueError, match="s3://"):
        storage_settings("ftp://nowhere")


def test_stored_names_are_unique_and_never_the_users_name():
    names = {stored_name("evidence", "Báo cáo quý 1.pdf") for _ in range(200)}
    assert len(names) == 200
    assert all(n.startswith("evidence/") and n.endswith(".pdf") and "cáo" not in n for n in names)


@pytest.mark.django_db
def test_same_named_files_of_two_agencies_stay_separate_and_download_their_own_bytes(storage, province, client):
    mine = _upload(province, "focal_culture", "culture", "bao-cao.pdf", PDF_A)
    theirs = _upload(province, "focal_science", "science", "bao-cao.pdf", PDF_B)
    assert mine.filename == theirs.filename == "bao-cao.pdf"  # shown as the user named it
    assert mine.file.name != theirs.file.name and "bao-cao" not in mine.file.name
    client.force_login(province["users"]["office"])
    for evidence, data in ((mine, PDF_A), (theirs, PDF_B)):
        response = client.get(f"/minh-chung/{evidence.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == data
    assert default_storage.exists(mine.file.name) and default_storage.exists(theirs.file.name)
    backend = type(default_storage._wrapped).__name__
    assert backend == ("S3Storage" if storage == "s3" else "FileSystemStorage")


@pytest.mark.django_db
def test_a_file_that_does_not_match_its_checksum_is_refused_and_audited(storage, province, client):
    """A row pointing at another agency's bytes (the two-node bug this replaces) is never served."""
    mine = _upload(province, "focal_culture", "culture", "bao-cao.pdf", PDF_A)
    theirs = _upload(province, "focal_science", "science", "bao-cao.pdf", PDF_B)
    Evidence.objects.filter(pk=mine.pk).update(file=theirs.file.name)  # as two nodes once wrote the same path
    client.force_login(province["users"]["focal_culture"])
    response = client.get(f"/minh-chung/{mine.pk}/")
    assert response.status_code == 409
    page = response.content.decode()
    assert "không khớp với mã kiểm tra" in page and PDF_B.decode() not in page
    entry = AuditEntry.objects.filter(event="stored_file_refused").get()
    assert entry.object_id == str(mine.pk) and entry.after["reason"] == "mismatch"
    # the other agency still gets its own file
    client.force_login(province["users"]["focal_science"])
    assert b"".join(client.get(f"/minh-chung/{theirs.pk}/").streaming_content) == PDF_B


@pytest.mark.django_db
def test_a_missing_stored_file_is_refused_with_a_message_not_a_500(storage, province, client):
    mine = _upload(province, "focal_culture", "culture", "bao-cao.pdf", PDF_A)
    default_storage.delete(mine.file.name)
    client.force_login(province["users"]["focal_culture"])
    response = client.get(f"/minh-chung/{mine.pk}/")
    assert response.status_code == 503 and "Không đọc được tệp" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_backup_reads_every_file_through_the_storage(storage, province, tmp_path):
    a = _upload(province, "focal_culture", "culture", "bao-cao.pdf", PDF_A)
    b = _upload(province, "focal_science", "science", "bao-cao.pdf", PDF_B)
    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", str(archive))
    with tarfile.open(archive, "r:gz") as tar:
        assert tar.extractfile(f"media/{a.file.name}").read() == PDF_A
        assert tar.extractfile(f"media/{b.file.name}").read() == PDF_B


@pytest.mark.django_db(transaction=True)
def test_backup_stops_loudly_on_a_file_the_database_names_but_the_storage_lacks(storage, province, tmp_path):
    a = _upload(province, "focal_culture", "culture", "bao-cao.pdf", PDF_A)
    default_storage.delete(a.file.name)
    archive = tmp_path / "sao-luu.tar.gz"
    with pytest.raises(CommandError, match=a.file.name):
        call_command("backup", str(archive))
    assert not archive.exists() and not list(tmp_path.glob("*.part"))


@pytest.mark.django_db
def test_storage_migrate_moves_a_single_servers_files_to_object_storage(province, settings, s3_endpoint, client):
    """Files written to the data directory, then GIAMSAT_STORAGE_URL set: the command copies each under its
    name, checked against its checksum; a second run copies nothing; downloads then come from the bucket."""
    a = _upload(province, "focal_culture", "culture", "bao-cao.pdf", PDF_A)
    b = _upload(province, "focal_science", "science", "bao-cao.pdf", PDF_B)
    media = settings.MEDIA_ROOT
    url = f"s3://{s3server.new_bucket(s3_endpoint)}?endpoint_url={s3_endpoint}"
    settings.GIAMSAT_STORAGE_URL = url
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(url)}
    assert not default_storage.exists(a.file.name)
    call_command("storage-migrate", "--from", str(media))
    for evidence, data in ((a, PDF_A), (b, PDF_B)):
        with default_storage.open(evidence.file.name, "rb") as fh:
            assert fh.read() == data
    out = io.StringIO()
    call_command("storage-migrate", "--from", str(media), stdout=out)
    assert "đã chép 0 tệp, 2 tệp đã có sẵn" in out.getvalue()
    client.force_login(province["users"]["office"])
    assert b"".join(client.get(f"/minh-chung/{a.pk}/").streaming_content) == PDF_A


@pytest.mark.django_db
def test_storage_migrate_refuses_a_file_that_does_not_match_its_checksum(province, settings, s3_endpoint):
    a = _upload(province, "focal_culture", "culture", "bao-cao.pdf", PDF_A)
    (settings.MEDIA_ROOT / a.file.name).write_bytes(PDF_B)
    url = f"s3://{s3server.new_bucket(s3_endpoint)}?endpoint_url={s3_endpoint}"
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(url)}
    settings.GIAMSAT_STORAGE_URL = url
    with pytest.raises(CommandError, match="chưa chuyển được"):
        call_command("storage-migrate", "--from", str(settings.MEDIA_ROOT))
    assert not default_storage.exists(a.file.name)
