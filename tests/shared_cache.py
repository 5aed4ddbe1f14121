"""Two processes sharing Redis, as several nodes do (GIAMSAT_CACHE_URL, ADR 0037): for the tests where
another process's write must be seen here."""

import os

import pytest

REDIS_URL = os.environ.get("GIAMSAT_TEST_REDIS_URL_MULTINODE", "redis://127.0.0.1:6379/1")


def share_caches_through_redis(settings) -> dict:
    """Point this process's caches at Redis (skipping the test when no server answers) and return the
    environment that points another process at the same one."""
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as exc:  # the package missing or no server: say which
        pytest.skip(f"no Redis server answers at {REDIS_URL} ({type(exc).__name__}: {exc})")
    settings.CACHES = {alias: {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                               "KEY_PREFIX": f"giamsat:{alias}"} for alias in ("default", "snapshots")}
    return {"GIAMSAT_CACHE_URL": REDIS_URL}
