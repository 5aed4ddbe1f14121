"""A fingerprint of everything the generator writes: equal digests mean equal rows (ids included).

Password hashes are left out: a usable one is salted at random. Used by the determinism test.
"""

import hashlib

from giamsat.synth.generator import ALL_TABLES


def table_digest(model, columns) -> str:
    digest = hashlib.sha256()
    columns = [c for c in columns if c != "password"]
    for row in model._base_manager.order_by("pk").values_list(*columns).iterator(chunk_size=5000):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def database_digest() -> dict[str, str]:
    return {model._meta.label: table_digest(model, columns) for model, columns in ALL_TABLES}
