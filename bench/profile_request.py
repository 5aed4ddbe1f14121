"""Profile one request in process: where its time goes, in queries and in Python.

    DATABASE_URL=… GIAMSAT_DATA_DIR=… python bench/profile_request.py USERNAME PATH [--post JSON] [--repeat 5]

Runs the request once (warm-up), then `--repeat` times under cProfile with a timer around every query;
prints the time per request, the slowest query shapes, and the functions with the most own time. Use it on
a database kept by `bench/run.py --keep`; it writes what a POST writes.
"""

import argparse
import collections
import cProfile
import os
import pstats
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("username")
    parser.add_argument("path")
    parser.add_argument("--post", metavar="JSON", help="POST this JSON body instead of a GET")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--own", action="store_true", help="also list giamsat's functions by cumulative time")
    parser.add_argument("--time-only", action="store_true",
                        help="no profiler: time each request and print the median and the slowest")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamsat.config.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("GIAMSAT_DEMO_MODE", "1")  # the synthetic users are demo accounts (ADR 0015)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from giamsat.accounts.models import User

    queries: dict[str, list] = collections.defaultdict(lambda: [0, 0.0])

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            entry = queries[sql[:150]]
            entry[0] += 1
            entry[1] += time.perf_counter() - start

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=args.username))

    def request():
        if args.post is not None:
            return client.post(args.path, args.post, content_type="application/json")
        return client.get(args.path)

    response = request()
    print(f"{response.status_code}, {len(response.content)} bytes")
    if args.time_only:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            request()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(f"median {times[len(times) // 2]:.1f} ms, slowest {times[-1]:.1f} ms over {args.repeat} requests")
        return
    profile = cProfile.Profile()
    with connection.execute_wrapper(timed):
        start = time.perf_counter()
        profile.enable()
        for _ in range(args.repeat):
            request()
        profile.disable()
        per_request = (time.perf_counter() - start) / args.repeat
    count = sum(n for n, _ in queries.values()) / args.repeat
    print(f"{per_request * 1000:.1f} ms per request (under the profiler), {count:.0f} queries")
    for sql, (n, seconds) in sorted(queries.items(), key=lambda item: -item[1][1])[:10]:
        print(f"  {seconds / args.repeat * 1000:7.1f} ms {n / args.repeat:5.1f}×  {sql}")
    stats = pstats.Stats(profile)
    stats.sort_stats("tottime").print_stats(20)
    if args.own:
        stats.sort_stats("cumulative").print_stats("giamsat/", 40)


if __name__ == "__main__":
    main()
