"""`make bench`: load a synthetic scale into a fresh database, serve it for real, measure, write the results.

    python bench/run.py [--scale province|national|small] [--requests 200] [--seconds 30]
                        [--processes 2] [--docs docs/PERFORMANCE.md] [--label after]

- Database: PostgreSQL when DATABASE_URL is set (a throw-away database named after it, `<name>_bench_<scale>`,
  dropped at the end unless --keep), otherwise SQLite in a temporary directory.
- Data: `giamsat synth --scale S --seed N` (timed; database size recorded).
- Server: `python -m giamsat serve` with production settings (DEBUG=0, a random SECRET_KEY,
  ALLOWED_HOSTS=127.0.0.1, GIAMSAT_TLS=0; serve runs collectstatic itself), on a free loopback port.
- Each case: `--requests` requests (at most `--seconds`), each followed by one request to /healthz, the
  framework's floor, so both see the same machine noise; p50/p95/p99, sequential requests per second, the
  floor's p95 and the ratio, and the server's resident memory (VmRSS of /proc/<pid>/status) afterwards.
- Posting updates is also measured sustained, with several clients at once (requests per second).

Loopback only: every request goes to 127.0.0.1; every loop is bounded in count and in time.
"""

import argparse
import datetime as dt
import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

from cases_pages import pages
from cases_read import (
    agency,
    dashboards,
    discover,
    evaluation,
    figures,
    floors,
    notices,
    reorganization,
    reports,
    search,
)
from cases_write import feedback, offline, writes
from harness import BENCH, PASSWORD, ROOT, RSS_LIMIT_MB, SAVED, Database, Run, Server, giamsat, inprocess, machine
from report import markdown, update_docs

# Small values under keys nothing reads: what costs a file cache is the number of its entries (ADR 0058).
FILL_CACHES = """
from django.core.cache import caches
for alias in ("default", "snapshots"):
    for start in range(0, {n}, 500):
        caches[alias].set_many({{f"bench:filler:{{i}}": "x" * 1000 for i in range(start, min({n}, start + 500))}},
                               2 * 86400)
"""


def fill_caches(env: dict, entries: int) -> None:
    """The server's caches as after a day's use: `entries` entries in each (on the file cache, its directory)."""
    giamsat(["shell", "-c", FILL_CACHES.format(n=int(entries))], env)
    print(f"  caches filled: {entries} entries each", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale",
        default=os.environ.get("BENCH_SCALE", "province"),
        choices=["small", "province", "national"],
    )
    parser.add_argument("--seed", type=int, default=57)
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", 200)))
    parser.add_argument(
        "--seconds",
        type=float,
        default=float(os.environ.get("BENCH_SECONDS", 30)),
        help="time bound of each case (the aggregated report gets four times as much)",
    )
    parser.add_argument("--slow-requests", type=int, default=6, help="requests of the aggregated report")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients posting updates")
    parser.add_argument("--sustain", type=float, default=20, help="seconds of sustained posting")
    parser.add_argument("--threads", type=int, default=8, help="server threads")
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="server processes for the sustained cases (one process runs Python on one core)",
    )
    parser.add_argument("--extract-repeat", type=int, default=30)
    parser.add_argument("--import-repeat", type=int, default=5)
    parser.add_argument(
        "--reuse",
        metavar="DATABASE",
        help="measure a database kept by an earlier run with --keep (PostgreSQL name or SQLite "
        "file); it holds that run's posted updates and sent reports too",
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument(
        "--cache-entries", type=int, default=5000,
        help="entries written to each cache of the server's data directory before measuring, as a server's "
        "after a day of kept pages and sessions (ADR 0058; 0: an empty directory)",
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated groups of cases to run (floors, agency, writes, reports, search, figures, pages, "
        "evaluation, reorganization, feedback, notices, offline, dashboards); default all. For working on a fix: a "
        "partial run is printed, not saved",
    )
    parser.add_argument("--docs", default=str(ROOT / "docs/PERFORMANCE.md"), help="'' to leave it alone")
    parser.add_argument("--label", default="", help="added to the block's key in the docs (e.g. 'before')")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix=f"giamsat-bench-{args.scale}-"))
    database = Database(args.scale, data_dir, args.reuse)
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(
        DATABASE_URL=database.bench_url,
        GIAMSAT_DATA_DIR=str(data_dir),
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
        GIAMSAT_TLS="0",
        GIAMSAT_SYNTH_PASSWORD=PASSWORD,
        GIAMSAT_DEMO_MODE="1",  # the synthetic users are demo accounts: they sign in only so (ADR 0015)
        GIAMSAT_FEEDBACK_PER_HOUR="1000000000",  # every bench submission comes from 127.0.0.1
    )
    meta = {
        "scale": args.scale,
        "engine": database.engine,
        "seed": args.seed,
        "machine": machine(),
        "date": dt.date.today().isoformat(),
        "threads": args.threads,
        "cache_entries": args.cache_entries,
        "processes": args.processes,
        "command": ("DATABASE_URL=… " if database.engine == "postgresql" else "")
        + f"python bench/run.py --scale {args.scale}",
    }
    print(f"giamsat bench: {args.scale} on {database.engine} ({database.name})", flush=True)
    servers: list[Server] = []
    try:
        started = time.monotonic()
        saved = SAVED / f"{Path(database.name).name}.json"
        if args.reuse:
            summary = json.loads(saved.read_text(encoding="utf-8"))
            env["GIAMSAT_SYNTH_PASSWORD"] = summary["password"]
            giamsat(["migrate", "-v0"], env)
        else:
            out = giamsat(["synth", "--scale", args.scale, "--seed", str(args.seed), "--json"], env)
            summary = json.loads(out.stdout.strip().splitlines()[-1])
            summary.update(wall_seconds=round(time.monotonic() - started, 1), password=PASSWORD)
            SAVED.mkdir(exist_ok=True)
            saved.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
        meta.update(
            synth_seconds=summary["seconds"],
            synth_wall_seconds=summary.get("wall_seconds"),
            database_mb=round((summary["database_bytes"] or 0) / 1e6),
            tasks=summary["counts"]["tasks.Task"],
            updates=summary["counts"]["tasks.ProgressUpdate"],
            values=summary["counts"]["indicators.IndicatorValue"],
        )
        print(f"  synth: {summary['seconds']} s, {meta['database_mb']} MB", flush=True)
        handles = summary["handles"]
        users = [handles["national_leader"], handles["focal"], handles["office"]]
        users += [u for pair in handles["reporters"] for u in pair]
        tokens = inprocess(["tokens", *users], env)
        if args.cache_entries:
            fill_caches(env, args.cache_entries)

        servers = [Server(env, args.threads) for _ in range(args.processes)]
        server = servers[0]
        meta["rss_start_mb"] = server.memory_mb()
        run = Run(args, servers, handles, tokens, args.scale)
        run.engine = database.engine
        run.password = env["GIAMSAT_SYNTH_PASSWORD"]
        paths = discover(run)
        groups = {
            "floors": lambda: floors(run),
            "agency": lambda: agency(run),
            "writes": lambda: writes(run),
            "reports": lambda: reports(run, paths),
            "search": lambda: search(run, paths),
            "figures": lambda: figures(run, paths),
            "pages": lambda: pages(run, env),
            "evaluation": lambda: evaluation(run, env),
            "reorganization": lambda: reorganization(run, paths),
            "feedback": lambda: feedback(run),
            "notices": lambda: notices(run, env),
            "offline": lambda: offline(run, env),
            # Last: at national scale a slow dashboard keeps server threads busy after a client time-out.
            "dashboards": lambda: dashboards(run, paths),
        }
        chosen = [g.strip() for g in args.only.split(",") if g.strip()] or list(groups)
        for name in chosen:
            groups[name]()
        meta.update(
            rss_end_mb=server.memory_mb(), rss_peak_mb=max(s.memory_mb("VmHWM") or 0 for s in servers)
        )
        meta["rss_met"] = (meta["rss_peak_mb"] or 0) < RSS_LIMIT_MB
    finally:
        for each in servers:
            each.stop()
        if not args.keep:
            database.drop()
        else:
            print(f"  kept database {database.name} (data dir {data_dir})")
    text = markdown(meta, run.rows, run.notes)
    print("\n" + text)
    if args.only:  # a partial run, for working on a fix: printed only
        return 0
    results = BENCH / "results"
    results.mkdir(exist_ok=True)
    stamp = f"{meta['date']}-{args.scale}-{database.engine}" + (f"-{args.label}" if args.label else "")
    (results / f"{stamp}.json").write_text(
        json.dumps({"meta": meta, "rows": run.rows, "notes": run.notes}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    if args.docs:
        key = f"{args.scale}:{database.engine}" + (f":{args.label}" if args.label else "")
        update_docs(Path(args.docs), key, text)
        print(f"Results written to {args.docs} and bench/results/{stamp}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
