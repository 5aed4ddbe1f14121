"""Crash test: a burst of API writes, SIGKILL mid-burst, restart, every acknowledged write must be there.

    python scripts/crash_test.py [--engines sqlite,postgresql] [--writes 300]

Exit status 0 when, for every engine, all acknowledged writes survived and the database is consistent
(the audit chain verifies, foreign keys hold). Loopback only; bounded in count and time.
"""

import argparse
import http.client
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from _harness import Instance, cleanup, giamsat, lead_task_ids, prepare


def burst(instance: Instance, task_ids: list[int], writes: int, kill_after: int) -> list[tuple[int, int, str]]:
    acked: list[tuple[int, int, str]] = []
    lock = threading.Lock()

    def one(n: int) -> None:
        task_id = task_ids[n % len(task_ids)]
        marker = f"crash-test write {n}"
        try:
            status, body = instance.request("POST", f"/api/v1/tasks/{task_id}/updates",
                                            {"state": "in_progress", "percent": n % 100, "narrative": marker},
                                            timeout=5)
        except (OSError, http.client.HTTPException):
            # the server died before answering, or mid-answer (IncompleteRead): not acknowledged,
            # the write may or may not be there
            return
        if status == 201:
            with lock:
                acked.append((body["id"], task_id, marker))
                if len(acked) == kill_after:
                    instance.kill()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(one, range(writes)))
    return acked


def check(instance: Instance, acked) -> list[str]:
    problems = []
    instance.start()
    by_task: dict[int, set[int]] = {}
    for task_id in {t for _, t, _ in acked}:
        status, updates = instance.request("GET", f"/api/v1/tasks/{task_id}/updates")
        if status != 200:
            problems.append(f"task {task_id}: GET updates answered {status}")
            continue
        by_task[task_id] = {(u["id"], u["narrative"]) for u in updates}
    for update_id, task_id, marker in acked:
        if (update_id, marker) not in by_task.get(task_id, set()):
            problems.append(f"acknowledged update {update_id} ({marker}) is missing")
    instance.stop()
    verify = giamsat(["audit", "verify"], instance.env, check=False)
    if verify.returncode != 0:
        problems.append("audit chain: " + (verify.stderr or verify.stdout).strip())
    integrity = giamsat(["shell", "-c", (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "if connection.vendor == 'sqlite':\n"
        "    c.execute('PRAGMA integrity_check'); print(c.fetchone()[0])\n"
        "    c.execute('PRAGMA foreign_key_check'); print('fk', len(c.fetchall()))\n"
        "else:\n"
        "    print('ok'); print('fk', 0)\n")], instance.env, check=False)
    lines = integrity.stdout.strip().splitlines()
    if lines[-2:] != ["ok", "fk 0"]:
        problems.append(f"database consistency: {integrity.stdout.strip()} {integrity.stderr.strip()[-300:]}")
    return problems


def run(engine: str, writes: int) -> dict:
    instance = prepare(engine, "crash")
    try:
        instance.start()
        tasks = lead_task_ids(instance)
        started = time.monotonic()
        acked = burst(instance, tasks, writes, kill_after=writes // 3)
        elapsed = time.monotonic() - started
        instance.kill()
        problems = check(instance, acked)
        return {"engine": engine, "acknowledged": len(acked), "sent": writes, "seconds": round(elapsed, 1),
                "problems": problems}
    finally:
        cleanup(instance)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--writes", type=int, default=300)
    args = parser.parse_args()
    failed = False
    for engine in args.engines.split(","):
        result = run(engine, args.writes)
        print(json.dumps(result, ensure_ascii=False))
        failed |= bool(result["problems"]) or result["acknowledged"] == 0
    print("crash test:", "FAILED" if failed else "passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
