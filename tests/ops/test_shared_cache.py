"""The shared cache of several nodes (ADR 0037): GIAMSAT_CACHE_URL selects Django's Redis backend under a
giamsat prefix; `add()` there has one winner across processes; forgetting snapshots touches no other key.
(Versions and per-process copies of snapshots: tests/dashboard/test_snapshots.py, on Redis too; scopes:
tests/organizations/test_scope_other_process.py.)"""

import json
import os
import subprocess
import sys
import time
import uuid

import pytest

REDIS_URL = os.environ.get("GIAMSAT_TEST_REDIS_URL_MULTINODE", "redis://127.0.0.1:6379/1")


@pytest.fixture
def redis_client():
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
    except Exception as exc:  # the package missing or no server: say which
        pytest.skip(f"no Redis server answers at {REDIS_URL} ({type(exc).__name__}: {exc})")
    return client


def _child(code: str, tmp_path, **env) -> str:
    run = subprocess.run([sys.executable, "-c", (
        "import django, os, json; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'giamsat.config.settings'); "
        "django.setup()\n" + code)], env={**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
                                          "GIAMSAT_DATA_DIR": str(tmp_path), **env},
        capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.strip().splitlines()[-1]


def test_the_cache_url_selects_redis_under_a_giamsat_prefix(tmp_path):
    out = json.loads(_child("from django.conf import settings as s\n"
                            "print(json.dumps({a: [c['BACKEND'], c['LOCATION'], c.get('KEY_PREFIX')] "
                            "for a, c in s.CACHES.items()}))", tmp_path, GIAMSAT_CACHE_URL=REDIS_URL))
    assert out == {alias: ["django.core.cache.backends.redis.RedisCache", REDIS_URL, f"giamsat:{alias}"]
                   for alias in ("default", "snapshots")}
    local = json.loads(_child("from django.conf import settings as s\n"
                              "print(json.dumps(s.CACHES['snapshots']['BACKEND']))", tmp_path, GIAMSAT_CACHE_URL=""))
    assert local == "giamsat.core.filecache.FileCache"  # one server: the data directory (ADR 0058)


def test_add_on_redis_has_one_winner_per_key_across_processes(tmp_path, redis_client):
    """What 'one recomputation at a time' may rely on with Redis (the file cache's add() is not atomic: giamsat
    relies on PostgreSQL advisory locks there instead)."""
    tag, keys = uuid.uuid4().hex[:10], 200
    start = time.time() + 4  # both processes begin together, after their start-up
    code = (f"import time; from django.core.cache import cache\ntime.sleep(max(0, {start} - time.time()))\n"
            f"won = [i for i in range({keys}) if cache.add('race-{tag}-%d' % i, os.getpid(), 60)]\n"
            "print(json.dumps([os.getpid(), won]))")
    env = {"GIAMSAT_CACHE_URL": REDIS_URL}
    procs = [subprocess.Popen([sys.executable, "-c", (
        "import django, os, json; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'giamsat.config.settings'); "
        "django.setup()\n" + code)], env={**os.environ, "GIAMSAT_DATA_DIR": str(tmp_path), **env},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        results = []
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err[-2000:]
            results.append(json.loads(out.strip().splitlines()[-1]))
        wins = {}
        for pid, won in results:
            for i in won:
                assert i not in wins, f"key {i} won by two processes"
                wins[i] = pid
        assert sorted(wins) == list(range(keys))
        for i in (0, keys // 2, keys - 1):  # the stored value is the winner's (Django keeps ints as digits)
            assert int(redis_client.get(f"giamsat:default:1:race-{tag}-{i}")) == wins[i]
    finally:
        for key in redis_client.scan_iter(f"giamsat:default:1:race-{tag}-*"):
            redis_client.delete(key)


@pytest.mark.django_db
def test_forgetting_snapshots_leaves_other_programs_keys_in_redis(settings, redis_client):
    from giamsat.dashboard import snapshots

    prefix = f"giamsat-test-{uuid.uuid4().hex[:10]}"
    settings.CACHES = {**settings.CACHES, "snapshots": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}}
    foreign = f"another-program:{uuid.uuid4().hex}"
    redis_client.set(foreign, b"theirs")
    try:
        before = snapshots.versions([snapshots.GENERATION])
        snapshots.forget_all()
        assert snapshots.versions([snapshots.GENERATION]) != before
        assert redis_client.get(foreign) == b"theirs"
        assert all(k.decode().startswith(prefix) for k in redis_client.scan_iter(f"{prefix}*"))
    finally:
        redis_client.delete(foreign)
        for key in redis_client.scan_iter(f"{prefix}:*"):
            redis_client.delete(key)
