"""Latency sampling, interleaved with the framework floor, and sustained throughput with several clients."""

import os
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (as scripts/load_test.py)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)  # milliseconds
    floor: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    last_error: str = ""

    def stats(self) -> dict:
        if not self.latencies:
            return {"n": 0, "errors": self.errors, "last_error": self.last_error}
        p95, floor95 = percentile(self.latencies, 95), percentile(self.floor, 95)
        return {
            "n": len(self.latencies),
            "errors": self.errors,
            "p50_ms": round(statistics.median(self.latencies), 1),
            "p95_ms": round(p95, 1),
            "p99_ms": round(percentile(self.latencies, 99), 1),
            # Sequential: one request after the other (with a floor request in between, not counted).
            "per_second": round(len(self.latencies) / (sum(self.latencies) / 1000), 1),
            "floor_p95_ms": round(floor95, 1) if self.floor else None,
            "ratio_p95": round(p95 / floor95, 1) if self.floor and floor95 else None,
            "last_error": self.last_error,
        }


def interleaved(call, floor, *, requests: int, seconds: float, warmup: int = 1) -> Sample:
    """Alternate one measured request with one floor request, so both see the same machine noise.
    `call(i)` returns True when the answer is right. Stops after `requests` or `seconds`."""
    sample = Sample()
    for i in range(warmup):
        t0 = time.perf_counter()
        try:
            ok = call(-1 - i)
        except Exception as exc:  # noqa: BLE001 - a time-out while warming up is reported, not fatal
            ok, sample.last_error = False, f"warm-up: {exc!r}"[:200]
        elapsed = time.perf_counter() - t0
        if floor is not None:
            floor()
        if elapsed > seconds:  # too slow to repeat within the bound: this one request is the measurement
            sample.latencies, sample.errors, sample.seconds = [elapsed * 1000], int(not ok), elapsed
            if floor is not None:
                t0 = time.perf_counter()
                floor()
                sample.floor.append((time.perf_counter() - t0) * 1000)
            return sample
    started = time.monotonic()
    for i in range(requests):
        if time.monotonic() - started > seconds:
            break
        t0 = time.perf_counter()
        try:
            ok = call(i)
        except Exception as exc:  # noqa: BLE001 - a benchmark reports errors (time-outs too), it does not stop
            ok, sample.last_error = False, repr(exc)[:200]
        sample.latencies.append((time.perf_counter() - t0) * 1000)
        sample.errors += not ok
        if floor is not None:
            t0 = time.perf_counter()
            floor()
            sample.floor.append((time.perf_counter() - t0) * 1000)
    sample.seconds = time.monotonic() - started
    return sample


def cpu_seconds(pids) -> dict[int, float]:
    """pid → user + system CPU time used so far (Linux /proc; processes gone are left out)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime (fields 14 and 15 of stat)
    return used


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two readings by the processes alive at the second (a process that exited
    meanwhile takes its time with it: an undercount, never a negative)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def postgres_pids() -> list[int]:
    """Every PostgreSQL server process on this machine (the bench's connections among them)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in {"postgres", "postmaster"}:
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def sustained(make_call, *, clients: int, seconds: float, server_pids=()) -> dict:
    """`clients` threads calling as fast as they can for `seconds`: requests per second and latencies.
    `make_call(n)` returns the call of client n (each with its own connection)."""
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]
    stop_at = time.monotonic() + seconds

    def run(n: int) -> None:
        call = make_call(n)
        i = 0
        while time.monotonic() < stop_at:
            t0 = time.perf_counter()
            try:
                ok = call(i)
            except Exception:  # noqa: BLE001
                ok = False
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok
            i += 1

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    # CPU per request, by who spent it: comparable across machines where latency under load is not.
    cpu_before = (cpu_seconds(server_pids), cpu_seconds(postgres_pids()), time.process_time())
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    cpu_after = (cpu_seconds(server_pids), cpu_seconds(postgres_pids()), time.process_time())
    n = max(len(latencies), 1)
    spent = [cpu_used(b, a) for b, a in zip(cpu_before[:2], cpu_after[:2], strict=True)]
    spent.append(cpu_after[2] - cpu_before[2])
    cpu = {
        f"cpu_ms_{who}": round(seconds * 1000 / n, 1)
        for who, seconds in zip(("server", "database", "client"), spent, strict=True)
    }
    return {
        **cpu,
        "clients": clients,
        "seconds": round(elapsed, 1),
        "n": len(latencies),
        "errors": errors[0],
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
    }
