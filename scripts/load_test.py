"""Load test on loopback: agency users post progress updates while leaders read the dashboard.

    python scripts/load_test.py [--engine postgresql] [--seconds 120] [--writers 4] [--readers 4]

Prints throughput, p50/p95/p99 latency and errors per operation as JSON. Zero errors is the bar.
Loopback only; the run stops by itself after --seconds.
"""

import argparse
import json
import statistics
import sys
import threading
import time

from _harness import cleanup, giamsat, prepare


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", default="postgresql")
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8, help="server worker threads")
    args = parser.parse_args()
    instance = prepare(args.engine, "load")
    results: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    lock = threading.Lock()
    try:
        leader_token = giamsat(["token", "create", "lanhdao", "--read-only"], instance.env).stdout.split()[-1]
        instance.start(threads=args.threads)
        _, tasks = instance.request("GET", "/api/v1/tasks?limit=200")
        lead_tasks = [t["id"] for t in tasks["items"] if any(ln["name"].startswith("Sở Văn hóa") for ln in t["leads"])]
        stop_at = time.monotonic() + args.seconds

        def record(name: str, started: float, ok: bool) -> None:
            with lock:
                results.setdefault(name, []).append((time.monotonic() - started) * 1000)
                if not ok:
                    errors[name] = errors.get(name, 0) + 1

        def writer(n: int) -> None:
            i = 0
            while time.monotonic() < stop_at:
                task_id = lead_tasks[(n + i) % len(lead_tasks)]
                started = time.monotonic()
                status, _ = instance.request("POST", f"/api/v1/tasks/{task_id}/updates", {
                    "state": "in_progress", "percent": i % 100, "narrative": f"load {n}-{i}"})
                record("post_update", started, status == 201)
                i += 1

        def reader(n: int) -> None:
            reader_instance = type(instance)(**{**instance.__dict__, "token": leader_token})
            paths = [("dashboard_summary", "/api/v1/dashboard/summary"), ("task_list", "/api/v1/tasks?limit=50")]
            i = 0
            while time.monotonic() < stop_at:
                name, path = paths[(n + i) % len(paths)]
                started = time.monotonic()
                status, _ = reader_instance.request("GET", path)
                record(name, started, status == 200)
                i += 1

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(args.writers)]
        threads += [threading.Thread(target=reader, args=(n,)) for n in range(args.readers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        cleanup(instance)
    report = {"engine": args.engine, "seconds": args.seconds, "writers": args.writers, "readers": args.readers,
              "operations": {}}
    for name, latencies in sorted(results.items()):
        report["operations"][name] = {
            "requests": len(latencies), "per_second": round(len(latencies) / args.seconds, 1),
            "p50_ms": round(statistics.median(latencies), 1), "p95_ms": round(percentile(latencies, 95), 1),
            "p99_ms": round(percentile(latencies, 99), 1), "errors": errors.get(name, 0),
        }
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 1 if any(errors.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
