"""The file cache counts its directory at most every CULL_EVERY seconds, and still culls past MAX_ENTRIES."""

import pytest

from giamsat.core import filecache


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(filecache, "clock", lambda: now[0])
    monkeypatch.setattr(filecache, "_next_cull", {})
    return now


def _files(path) -> int:
    return len(list(path.glob("*.djcache")))


def test_writes_between_two_counts_do_not_cull_then_the_next_count_does(tmp_path, clock):
    cache = filecache.FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    for n in range(25):  # the first write counts (nothing to cull); the next 24 do not count
        cache.set(f"k{n}", n)
    assert _files(tmp_path) == 25 and cache.get("k24") == 24
    clock[0] += filecache.CULL_EVERY + 1
    cache.set("late", 1)  # counts 25 ≥ 10: half of them go, as Django culls
    assert _files(tmp_path) == 25 - 12 + 1
    assert cache.get("late") == 1

