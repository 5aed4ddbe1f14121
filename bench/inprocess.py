"""In-process timings and set-up the benchmark runs in a child process with the bench database's settings.

    python bench/inprocess.py extract FILE [--repeat N]     giamsat.ingest.extract_file (no Django)
    python bench/inprocess.py import FILE [--repeat N]      giamsat.imports.services.import_file_auto
    python bench/inprocess.py tokens USER... [--read-only]   API tokens for many users at once

Prints one JSON object on stdout.
"""

import argparse
import json
import os
import statistics
import sys
import time


def _timings(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "n": len(values),
        "first_ms": round(values[0], 1),
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 1),
        "max_ms": round(ordered[-1], 1),
    }


def extract(path: str, repeat: int) -> dict:
    from giamsat.ingest import extract_file

    times, tasks = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = extract_file(path)
        times.append((time.perf_counter() - t0) * 1000)
        tasks = len(result.tasks)
    return {**_timings(times), "tasks": tasks}


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamsat.config.settings")
    import django

    django.setup()


def import_(path: str, repeat: int) -> dict:
    _django()
    from giamsat.audit.context import acting_as
    from giamsat.imports.services import import_file_auto

    times, tasks = [], 0
    with acting_as(None, "cli"):
        for i in range(repeat):
            t0 = time.perf_counter()
            # A fresh number each time: the importer refuses a document it already has.
            doc = import_file_auto(
                path=path, overrides={"number": f"{9000 + i}/KH-BENCH{os.getpid()}"}, is_demo=True
            )
            times.append((time.perf_counter() - t0) * 1000)
            tasks = doc.tasks.count()
    return {**_timings(times), "tasks": tasks}


def tokens(usernames: list[str], read_only: bool) -> dict:
    _django()
    from giamsat.accounts.models import ApiToken, User
    from giamsat.audit.context import acting_as

    out = {}
    with acting_as(None, "cli"):
        for user in User.objects.filter(username__in=usernames):
            out[user.username] = ApiToken.issue(user=user, name="bench", read_only=read_only)[1]
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=["extract", "import", "tokens"])
    parser.add_argument("args", nargs="+")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--read-only", action="store_true")
    args = parser.parse_args()
    if args.action == "extract":
        result = extract(args.args[0], args.repeat)
    elif args.action == "import":
        result = import_(args.args[0], args.repeat)
    else:
        result = tokens(args.args, args.read_only)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
