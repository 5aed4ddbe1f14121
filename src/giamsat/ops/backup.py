"""Backup and restore: one archive with the database (as Django fixtures), the uploaded files and a manifest.

Files are read and written through Django's storage API (the data directory, or the object storage of
GIAMSAT_STORAGE_URL: ADR 0036), and they are the files the rows name, read from the same snapshot as the
rows: on several nodes every backup holds every file. A file a row names that the storage lacks stops the
backup (and the restore) with its name: an archive never silently misses a file.

The database is dumped table by table as JSON rows (full precision), inside one transaction with snapshot
isolation (REPEATABLE READ on PostgreSQL; a read transaction in SQLite's WAL mode), so the archive is consistent
while the server keeps writing. The format is engine-neutral: a SQLite backup restores into PostgreSQL and back.
Restore refuses a non-empty instance and checks every checksum before it writes anything.

Checksums alone catch accidents, not someone who changes a file and recomputes its checksum in the manifest:
the manifest is signed (HMAC-SHA256, `manifest.hmac`) with GIAMSAT_BACKUP_KEY (default SECRET_KEY), which is
never in the archive, and restore refuses an archive whose signature does not match (ADR 0017).
"""

import datetime as dt
import hashlib
import io
import json
import tarfile
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils.crypto import constant_time_compare, salted_hmac

import giamsat
from giamsat.audit.context import audit_suppressed
from giamsat.core.frame import renew_frame_rows
from giamsat.dashboard.snapshots import forget_all
from giamsat.organizations.selectors import renew_scopes
from giamsat.search.index import rebuild as rebuild_search_index

FORMAT = "giamsat-backup/2"  # /2: the manifest is signed
UNSIGNED_FORMAT = "giamsat-backup/1"  # archives written before: restored only when the operator says so
SIGNATURE = "manifest.hmac"
# Tables rebuilt by migrate itself, or that must not travel between instances.
EXCLUDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "admin.logentry",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "search.searchentry",
}  # derived from the rows: rebuilt after a restore


class BackupError(Exception):
    pass


def _models():
    # Auto-created many-to-many tables travel too, as plain rows.
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label not in EXCLUDED and not model._meta.proxy and model._meta.managed:
            yield model


def _json_default(value):
    # Full precision: Django's own serializer cuts datetimes to milliseconds, which would change the
    # audit chain's hashes after a restore.
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (Decimal, uuid.UUID)):
        return str(value)
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_columns(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def referenced_files(tables: dict) -> list[str]:
    """The stored names the rows of `tables` (as `_dump_tables` gives them) point at."""
    names = set()
    for model in _models():
        columns = _file_columns(model)
        for row in tables.get(model._meta.label_lower, ()) if columns else ():
            names.update(row[c] for c in columns if row.get(c))
    return sorted(names)


def stored_files_with_checksums() -> list[tuple[str, str]]:
    """(stored name, SHA-256 recorded at upload or "") of every file a row names, by name."""
    found: dict[str, str] = {}
    for model in _models():
        names = {f.name for f in model._meta.concrete_fields}
        for field in (f for f in model._meta.concrete_fields if isinstance(f, models.FileField)):
            checksum = next((c for c in (f"{field.name}_sha256", "sha256", "file_sha256") if c in names), None)
            columns = [field.attname] + ([checksum] if checksum else [])
            for row in model._base_manager.exclude(**{field.attname: ""}).values_list(*columns):
                found[row[0]] = found.get(row[0]) or (row[1] if checksum else "")
    return sorted(found.items())


def _missing(name: str) -> BackupError:
    return BackupError(
        f"CSDL ghi nhận tệp “{name}” nhưng kho lưu trữ tệp ({_storage_label()}) không có tệp này: "
        "không sao lưu, không khôi phục khi thiếu tệp. Tìm lại tệp (hoặc bản sao lưu có nó) rồi chạy lại."
    )


def _storage_label() -> str:
    return settings.GIAMSAT_STORAGE_URL.split("?")[0] or str(settings.MEDIA_ROOT)


def read_stored(name: str) -> bytes:
    """The bytes of a stored file; BackupError naming it when the storage does not have it."""
    try:
        with default_storage.open(name, "rb") as fh:
            return fh.read()
    except Exception as exc:  # FileNotFoundError on disk, ClientError(404) from S3
        raise _missing(name) from exc


def _dump_database() -> bytes:
    return _encode(_dump_tables())


def _encode(tables: dict) -> bytes:
    return json.dumps(tables, default=_json_default, ensure_ascii=False, separators=(",", ":")).encode()


def _dump_tables() -> dict:
    """Every row of every table, {"app.model": [ {attname: value}, ... ]}, read from one snapshot."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        tables = {}
        for model in _models():
            columns = [f.attname for f in model._meta.concrete_fields]
            tables[model._meta.label_lower] = list(
                model._base_manager.order_by("pk").values(*columns).iterator(chunk_size=2000)
            )
    return tables


def backup_write(path: Path) -> dict:
    """Write the archive to `path` (tar.gz) and return its manifest."""
    tables = _dump_tables()
    db, files = _encode(tables), referenced_files(tables)
    manifest = {
        "format": FORMAT,
        "giamsat": giamsat.__version__,
        "created": dt.datetime.now(dt.UTC).isoformat(),
        "engine": connection.vendor,
        "database": {"name": "database.json", "sha256": _sha256(db), "bytes": len(db)},
        "files": [],
    }
    tmp = path.with_suffix(path.suffix + ".part")
    try:
        with tarfile.open(tmp, "w:gz") as tar:
            _add(tar, "database.json", db)
            for name in files:
                data = read_stored(name)
                manifest["files"].append({"name": name, "sha256": _sha256(data), "bytes": len(data)})
                _add(tar, f"media/{name}", data)
            manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            _add(tar, "manifest.json", manifest_bytes)
            _add(tar, SIGNATURE, manifest_signature(manifest_bytes).encode())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)  # a half-written archive never carries the final name
    return manifest


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


@dataclass
class Archive:
    manifest: dict
    database: bytes
    media: dict[str, bytes]


def manifest_signature(manifest: bytes) -> str:
    key = settings.GIAMSAT_BACKUP_KEY or settings.SECRET_KEY
    return salted_hmac("giamsat.backup.manifest", manifest, secret=key, algorithm="sha256").hexdigest()


def _authentic_manifest(manifest_bytes: bytes, signature: bytes | None, *, accept_unsigned: bool) -> dict:
    """The manifest, once its signature is checked (before anything else in it is believed)."""
    if signature is not None:
        given = signature.decode("ascii", "replace").strip()
        if not constant_time_compare(given, manifest_signature(manifest_bytes)):
            raise BackupError(
                "Bản sao lưu không xác thực được: chữ ký không khớp với khóa sao lưu của hệ thống này "
                "(GIAMSAT_BACKUP_KEY, mặc định SECRET_KEY). Bản sao lưu đã bị sửa, hoặc được lập bằng "
                "một khóa khác: không khôi phục."
            )
        manifest = json.loads(manifest_bytes)
        if manifest.get("format") != FORMAT:
            raise BackupError("Không phải bản sao lưu giamsat (sai định dạng).")
        return manifest
    manifest = json.loads(manifest_bytes)
    if manifest.get("format") == UNSIGNED_FORMAT and accept_unsigned:
        return manifest
    if manifest.get("format") in {FORMAT, UNSIGNED_FORMAT}:
        raise BackupError(
            "Bản sao lưu không có chữ ký nên không kiểm chứng được là chưa bị sửa: không khôi phục. "
            "Chỉ với bản sao lưu lập trước phiên bản có chữ ký, và khi chắc chắn nó còn nguyên, "
            "chạy lại với --accept-unsigned."
        )
    raise BackupError("Không phải bản sao lưu giamsat (sai định dạng).")


def backup_read(path: Path, *, accept_unsigned: bool = False) -> Archive:
    """Read and verify an archive: signature, manifest, checksums, no path tricks. Raises BackupError.
    `accept_unsigned`: also read an archive of the older, unsigned format."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = {m.name: m for m in tar.getmembers() if m.isfile()}

            def read(name: str) -> bytes:
                member = members.get(name)
                if member is None:
                    raise BackupError(f"Bản sao lưu thiếu {name}.")
                return tar.extractfile(member).read()

            signature = read(SIGNATURE) if SIGNATURE in members else None
            manifest = _authentic_manifest(read("manifest.json"), signature, accept_unsigned=accept_unsigned)
            database = read("database.json")
            if _sha256(database) != manifest["database"]["sha256"]:
                raise BackupError("Dữ liệu trong bản sao lưu bị sai khác so với mã kiểm tra.")
            media = {}
            for entry in manifest["files"]:
                name = entry["name"]
                if name.startswith("/") or ".." in Path(name).parts:
                    raise BackupError(f"Tên tệp không hợp lệ trong bản sao lưu: {name}")
                data = read(f"media/{name}")
                if _sha256(data) != entry["sha256"]:
                    raise BackupError(f"Tệp {name} bị sai khác so với mã kiểm tra.")
                media[name] = data
    except (tarfile.TarError, OSError, ValueError, KeyError) as exc:
        raise BackupError(f"Không đọc được bản sao lưu: {exc}") from exc
    return Archive(manifest, database, media)


def instance_is_empty() -> bool:
    from giamsat.accounts.models import User
    from giamsat.documents.models import Document
    from giamsat.organizations.models import Organization

    return not (User.objects.exists() or Document.objects.exists() or Organization.objects.exists())


def restore(path: Path, *, accept_unsigned: bool = False) -> dict:
    """Rebuild an empty instance from an archive: migrate, load every row, write the files."""
    archive = backup_read(path, accept_unsigned=accept_unsigned)
    call_command("migrate", interactive=False, verbosity=0)
    if not instance_is_empty():
        raise BackupError("Chỉ khôi phục vào hệ thống trống (chưa có người dùng, cơ quan, văn bản).")
    tables = json.loads(archive.database)
    for name in referenced_files(tables):  # every file a row names, before anything is written
        if name not in archive.media:
            raise BackupError(f"Bản sao lưu thiếu tệp “{name}” mà CSDL trong nó ghi nhận: không khôi phục.")
    for name, data in archive.media.items():  # files first: a failure here leaves no rows without files
        _write_stored(name, data)
    restored_models = []
    with transaction.atomic(), audit_suppressed():
        for model in _models():
            rows = tables.get(model._meta.label_lower, [])
            if rows:  # what the migrations seeded (the outreach channels) is replaced by the archive's rows
                model._base_manager.all().delete()
            fields = {f.attname: f for f in model._meta.concrete_fields}
            # bulk_create: no save() logic and no signals; foreign keys are checked at commit.
            with _timestamps_kept(model):
                model._base_manager.bulk_create(
                    [model(**{k: _from_json(fields[k], v) for k, v in row.items() if k in fields}) for row in rows],
                    batch_size=500,
                )
            restored_models.append(model)
        _reset_sequences(restored_models)
    forget_all()  # restored rows carry no new audit entry: no snapshot of the empty instance may stay
    renew_frame_rows()  # nor signals: no kept user or organization row of the instance before may stay
    renew_scopes()  # nor any process's closure of successions, and the restored successions' scopes
    rebuild_search_index()  # restored rows sent no signal
    return archive.manifest


def _write_stored(name: str, data: bytes) -> None:
    """Write a file under exactly its stored name (the rows point at it)."""
    if default_storage.exists(name):
        if _sha256(read_stored(name)) == _sha256(data):
            return
        default_storage.delete(name)  # a leftover of an earlier attempt: the archive's bytes win
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:
        raise BackupError(f"Không ghi được tệp “{name}” vào kho lưu trữ dưới đúng tên của nó (ghi thành {saved}).")


@contextmanager
def _timestamps_kept(model):
    """auto_now/auto_now_add would stamp restored rows with today's time: switch them off meanwhile."""
    stamped = [
        f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in stamped]
    for f in stamped:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


def _from_json(field, value):
    if value is None or field.get_internal_type() == "JSONField":
        return value
    return field.to_python(value)


def _reset_sequences(models) -> None:
    """PostgreSQL keeps id sequences apart from the rows: move them past the restored ids."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list({m for m in models}))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def database_digest() -> dict[str, str]:
    """A checksum per table over every row, to compare two instances (used after a restore)."""
    tables = json.loads(_dump_database())
    return {label: _sha256(json.dumps(rows, sort_keys=True).encode()) for label, rows in tables.items()}


def media_digest() -> dict[str, str]:
    """A checksum per stored file the rows name, read through the storage."""
    return {name: _sha256(read_stored(name)) for name in referenced_files(_dump_tables())}
