"""Uploaded files through Django's storage API: unique stored names, and the checksum checked when served.

Where files live is a setting (ADR 0036): the data directory by default, S3-compatible object storage with
GIAMSAT_STORAGE_URL (several nodes read and write the same files). Nothing here knows which:
everything goes through `default_storage`, never through paths.

- Stored names are `<kind>/<yyyy>/<mm>/<uuid><ext>`, never the user's file name (kept in the row for
  display): two agencies uploading "bao-cao.pdf" on two nodes at the same second get two objects.
- The SHA-256 recorded at upload is checked before a byte is served: a file that does not match (changed in
  the storage, or a row pointing at another agency's object) is refused with a Vietnamese message, logged,
  and announced by the `stored_file_refused` signal (the audit app records it).
"""

import datetime as dt
import hashlib
import logging
import os
import uuid
from urllib.parse import parse_qs, urlsplit

from django.dispatch import Signal
from django.utils.deconstruct import deconstructible

from giamsat.core.errors import ApplicationError

logger = logging.getLogger(__name__)

# sent with instance=<the row>, name=<stored name>, reason="missing"|"mismatch", expected=, found=
stored_file_refused = Signal()


@deconstructible
class UniqueName:
    """`upload_to` for a FileField: `<prefix>/<yyyy>/<mm>/<uuid4><ext>`, the extension taken from the given
    name (already checked against the content by core.uploads)."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        return stored_name(self.prefix, filename)

    def __eq__(self, other):
        return isinstance(other, UniqueName) and other.prefix == self.prefix


def stored_name(prefix: str, filename: str, *, today: dt.date | None = None) -> str:
    ext = os.path.splitext(os.path.basename((filename or "").replace("\\", "/")))[1].lower()
    ext = "".join(c for c in ext if c.isalnum() or c == ".")[:10]
    today = today or dt.date.today()
    return f"{prefix}/{today:%Y}/{today:%m}/{uuid.uuid4().hex}{ext}"


def storage_settings(url: str) -> dict:
    """The `default` entry of STORAGES for GIAMSAT_STORAGE_URL (empty: the data directory's media folder).

    `s3://BUCKET?endpoint_url=http://host:9000&region_name=…&addressing_style=path`, with the keys in
    AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (read by boto3 from the environment, never from the URL)."""
    if not url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # MEDIA_ROOT, read when used
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError("GIAMSAT_STORAGE_URL phải có dạng s3://BUCKET?endpoint_url=http://…")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    options = {
        "bucket_name": parts.netloc,
        "file_overwrite": False,  # names are unique anyway: never replace another row's object
        "default_acl": None,
        "querystring_auth": True,  # files are served by the application, never from a public URL
        "location": parts.path.strip("/"),
    }
    if query.get("endpoint_url"):
        options["endpoint_url"] = query["endpoint_url"]
    if query.get("region_name"):
        options["region_name"] = query["region_name"]
    if query.get("addressing_style"):
        options["addressing_style"] = query["addressing_style"]
    elif query.get("endpoint_url"):
        options["addressing_style"] = "path"  # MinIO, Ceph, moto: no bucket sub-domains
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


class StoredFileError(ApplicationError):
    """A stored file that cannot be served as it was uploaded."""

    status = 409


def file_digest(fh) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: fh.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def open_verified(instance, field_file, sha256: str, *, shown_name: str):
    """The stored file, opened for reading, once its SHA-256 matches the one recorded at upload (rows from
    before the checksum was kept, with none, are served as they are). Raises StoredFileError otherwise."""
    name = field_file.name
    try:
        fh = field_file.storage.open(name, "rb")
        found = file_digest(fh) if sha256 else ""
    except Exception as exc:  # missing on disk or in the bucket, storage unreachable
        logger.error("stored file %s (%s) cannot be read: %s", name, instance._meta.label_lower, exc)
        stored_file_refused.send(StoredFileError, instance=instance, name=name, reason="missing",
                                 expected=sha256, found="")
        raise StoredFileError(
            f"Không đọc được tệp “{shown_name}” trong kho lưu trữ. Đề nghị báo quản trị hệ thống.",
            code="stored_file_missing", status=503) from exc
    if sha256 and found != sha256:
        fh.close()
        logger.error("stored file %s (%s #%s) does not match its checksum: expected %s, found %s",
                     name, instance._meta.label_lower, instance.pk, sha256, found)
        stored_file_refused.send(StoredFileError, instance=instance, name=name, reason="mismatch",
                                 expected=sha256, found=found)
        raise StoredFileError(
            f"Tệp “{shown_name}” trong kho lưu trữ không khớp với mã kiểm tra ghi lúc tải lên: hệ thống không "
            "gửi tệp này. Sự việc đã được ghi nhật ký; đề nghị báo quản trị hệ thống.", code="stored_file_mismatch")
    fh.seek(0)
    return fh


def file_response(instance, field_file, sha256: str, *, filename: str, content_type: str):
    """A download of a stored file, checked first (see `open_verified`)."""
    from django.http import FileResponse

    fh = open_verified(instance, field_file, sha256, shown_name=filename)
    return FileResponse(fh, as_attachment=True, filename=filename,
                        content_type=content_type or "application/octet-stream")
