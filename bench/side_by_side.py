"""giamsat's pages measured side by side with the open-source peer «nq57-mission» (issue #25).

Both servers run on this machine, each with its own data; the script signs in on each side, then for every
pair of equivalent pages sends the same number of requests to each, alternately (giamsat, peer, peer, giamsat,
…) after a warm-up, and prints a Markdown table with the medians, the 95th percentiles and the ratio of the
medians (peer ÷ giamsat). How to rebuild the peer outside this repository and run both: docs/dev/side-by-side.md.

    python bench/side_by_side.py \\
        --giamsat http://127.0.0.1:8001,http://127.0.0.1:8002 --giamsat-password "$GIAMSAT_SYNTH_PASSWORD" \\
        --discover \\
        --peer http://127.0.0.1:8057 --peer-password Peer-bench-57 \\
        --peer-var mission=NV01234 --peer-var period=23 --peer-var department=2 \\
        [--requests 40] [--warmup 5] [--only "task list"] [--json out.json]

Several base URLs for one side (comma-separated) are used in turn, each with its own signed-in session: two
`giamsat serve` processes are two ports, the peer's two gunicorn workers share one.

Placeholders in the paths ({agency}, {long_task}, … for giamsat; {mission}, {period}, {department}, {level}
for the peer) come from --giamsat-var / --peer-var; --discover fills giamsat's from the database named by
DATABASE_URL through `bench/pages.py --list` (the same busiest agency and ≈150-update task the page benchmark
uses), with the usernames of the office, the leader and that agency's focal point.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from client import Client

BENCH = Path(__file__).resolve().parent

# Who signs in on each side for a role. giamsat: the synthetic province's office (sees everything), its
# leader, and the focal point of the agency that leads the most tasks. The peer has no leader role: its
# superuser (the office's account) stands in; "agency" is a department user (group Member).
GIAMSAT_ROLES = ("office", "leader", "focal", "anonymous")
PEER_ROLES = ("office", "agency", "anonymous")


@dataclass(frozen=True)
class Pair:
    label: str
    giamsat_role: str
    giamsat_path: str
    peer_role: str
    peer_path: str
    peer_slow: bool = False  # one of the peer's slow pages: the target is 10×, not 1×
    note: str = ""
    # The fragments the peer's page loads by itself once shown (its HTMX "load" triggers), each after the one
    # before: the peer's time is then the whole chain on one connection, what a person waits for.
    peer_then: tuple[str, ...] = ()
    # Measured for reference, with no target: one request of a page the peer splits into several, when the
    # pair of that page as opened is the one with the target (ADR 0062).
    reference: bool = False


# The pairs of issue #25's table, then the peer's slow pages. Each peer path is that application's own URL
# (under its context root /app/); what it is, is said in `note`.
PAIRS = [
    # giamsat: the ask page, the signed-in frame alone (the floor bench/pages.py uses, ADR 0051).
    Pair("logged-in trivial read", "office", "/hoi-dap/", "office", "/app/mission/options/status/",
         note="peer: the mission-status options, a constant JSON list behind the session and the middleware"),
    Pair("task list, office", "office", "/nhiem-vu/", "office", "/app/mission/",
         note="peer: the mission list page (filters, first 10 rows with their latest report)"),
    Pair("task list, one organization", "office", "/nhiem-vu/?organization={agency}", "office",
         "/app/mission/?department={department}",
         note="peer: the mission list filtered on one lead department"),
    Pair("agency home", "focal", "/", "agency", "/app/dashboard/",
         note="peer: the dashboard page, where a department user lands after signing in"),
    Pair("agency task list", "focal", "/nhiem-vu/", "agency", "/app/mission/",
         note="peer: the mission list as a department user (its own missions)"),
    Pair("task detail, office", "office", "/nhiem-vu/{long_task}/", "office", "/app/mission/{mission}/detail/modal/",
         note="peer: the mission detail (opened as a modal) of the mission with the most reports"),
    Pair("indicator list", "office", "/chi-tieu/", "office", "/app/quotas/",
         note="peer: the quota list (only measured when the peer's quota module is rebuilt)"),
    Pair("province dashboard, cold", "leader", "/bang-dieu-khien/?tinh-lai=1", "office",
         "/app/dashboard/mission_panel/?directive_level_id={level}&year={year}", reference=True,
         note="peer: the dashboard's mission figures alone, the last of the three requests its dashboard makes "
              "(giamsat: recomputed, ?tinh-lai=1); the pair below, as opened, is the one with the target"),
    Pair("province dashboard, cold, as opened", "leader", "/bang-dieu-khien/?tinh-lai=1", "office",
         "/app/dashboard/", peer_then=("/app/dashboard/panel/?panel=mission",
                                       "/app/dashboard/mission_panel/?directive_level_id={level}&year={year}"),
         note="peer: what opening its dashboard requests, one after the other: the page, then the panel it loads, "
              "then the mission figures that panel loads (giamsat: one page, recomputed)"),
    Pair("peer's list: mission table", "office", "/nhiem-vu/", "office", "/app/mission/partial/", peer_slow=True,
         note="peer: the table fragment every filter change and page turn reloads"),
    Pair("peer's period filter", "office", "/nhiem-vu/?due_from={month_first}&due_to={month_last}", "office",
         "/app/mission/partial/?report_period={period}", peer_slow=True,
         note="peer: the table filtered on one reporting period; giamsat: tasks due in that month"),
    Pair("peer's public list", "anonymous", "/cong-khai/", "anonymous", "/app/public/missions/", peer_slow=True,
         note="peer: the public mission list page"),
]

# The giamsat labels of bench/pages.py whose paths hold the ids --discover needs.
DISCOVER_FROM = {"agency": ("task list, one organization", r"organization=(\d+)"),
                 "long_task": ("task detail (≈150 updates)", r"/nhiem-vu/(\d+)/")}
DEFAULT_GIAMSAT_VARS = {"month_first": "01/11/2026", "month_last": "30/11/2026"}
DEFAULT_PEER_VARS = {"level": "1", "year": "2026"}


# ------------------------------------------------------------------------------------------------ pure parts


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0–100) by the nearest-rank method; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n·p/100), at least 1
    return ordered[int(rank) - 1]


def fill(path: str, variables: dict[str, str]) -> str:
    """The path with its {placeholders} replaced; a KeyError names the one missing."""
    return path.format_map(variables)


def placeholders(path: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", path))


def ratio(peer_ms: float, giamsat_ms: float) -> float:
    return peer_ms / giamsat_ms if giamsat_ms > 0 else float("inf")


def format_ms(ms: float) -> str:
    if ms != ms:  # NaN
        return "—"
    return f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def format_ratio(value: float) -> str:
    if value != value:
        return "—"
    if value == float("inf"):
        return "∞"
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def verdict(pair: Pair, value: float) -> str:
    """Issue #25: never slower than the peer (ratio ≥ 1); on the peer's slow pages at least 10×; a reference
    pair has no target."""
    target = 10.0 if pair.peer_slow else 1.0
    if value != value:
        return "not measured"
    if pair.reference:
        return "reference (no target)"
    return "met" if value >= target else f"NOT met (target {target:g}×)"


def table(results: list[dict]) -> str:
    """The Markdown table of a run: one row a pair, ratio = peer median ÷ giamsat median."""
    lines = ["| page | giamsat path | peer path | giamsat p50 / p95 ms | peer p50 / p95 ms | peer ÷ giamsat (p50) "
             "| target |",
             "|---|---|---|---|---|---|---|"]
    for r in results:
        pair = r["pair"]
        g, p = r.get("giamsat", []), r.get("peer", [])
        if r.get("error"):
            lines.append(f"| {pair.label} | `{r['giamsat_path']}` | `{r['peer_path']}` | — | — | {r['error']} | — |")
            continue
        value = ratio(percentile(p, 50), percentile(g, 50))
        lines.append(
            f"| {pair.label} | `{r['giamsat_path']}` | `{r['peer_path']}` "
            f"| {format_ms(percentile(g, 50))} / {format_ms(percentile(g, 95))} "
            f"| {format_ms(percentile(p, 50))} / {format_ms(percentile(p, 95))} "
            f"| {format_ratio(value)} | {verdict(pair, value)} |")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ HTTP

class Session:
    """One keep-alive connection to one server with its cookies (a browser's tab, signed in or not): the
    benchmark's client (bench/client.py) on a loopback address given as a URL."""

    def __init__(self, base: str, timeout: float = 120):
        parts = urlsplit(base)
        if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit(f"{base}: loopback http only (the benchmark measures servers on this machine)")
        self.client = Client(parts.port or 80, timeout=timeout, host=parts.hostname)

    def login(self, form_path: str, username: str, password: str) -> None:
        """Signs in through the login form with its CSRF token, as a browser does (302 = signed in)."""
        try:
            self.client.login(username, password, path=form_path)
        except RuntimeError as exc:
            raise SystemExit(str(exc)) from exc

    def timed_get(self, path: str) -> tuple[float, int]:
        start = time.perf_counter()
        status, _ = self.client.request("GET", path)
        return (time.perf_counter() - start) * 1000, status


class Side:
    """One application: its servers (round-robin) and a session per role on each."""

    def __init__(self, name: str, bases: list[str], login_path: str, users: dict[str, str], password: str):
        self.name, self.bases, self.login_path = name, bases, login_path
        self.users, self.password = users, password
        self.sessions: dict[str, list[Session]] = {}
        self.turn = 0

    def sessions_for(self, role: str) -> list[Session]:
        if role not in self.sessions:
            sessions = [Session(base) for base in self.bases]
            if role != "anonymous":
                if not self.users.get(role):
                    raise SystemExit(f"{self.name}: no user for the role «{role}» (--{self.name}-user {role}=…)")
                for s in sessions:
                    s.login(self.login_path, self.users[role], self.password)
            self.sessions[role] = sessions
        return self.sessions[role]

    def get_chain(self, role: str, paths: list[str]) -> tuple[float, int]:
        """The paths requested one after the other on one session (a page and the fragments it loads): the
        total time, and the first status other than 200 (else 200)."""
        sessions = self.sessions_for(role)
        self.turn += 1
        session, total, first_bad = sessions[self.turn % len(sessions)], 0.0, 200
        for path in paths:
            ms, status = session.timed_get(path)
            total += ms
            if status != 200 and first_bad == 200:
                first_bad = status
        return total, first_bad


def measure(pair: Pair, giamsat: Side, peer: Side, gpath: str, ppaths: list[str], requests: int,
            warmup: int) -> dict:
    """`ppaths`: the peer's page and the fragments it loads (`Pair.peer_then`), timed as one."""
    result = {"pair": pair, "giamsat_path": gpath, "peer_path": " → ".join(ppaths), "giamsat": [], "peer": []}
    for _ in range(warmup):
        for side, role, paths in ((giamsat, pair.giamsat_role, [gpath]), (peer, pair.peer_role, ppaths)):
            _, status = side.get_chain(role, paths)
            if status != 200:
                result["error"] = f"{side.name}: HTTP {status}"
                return result
    for i in range(requests):
        order = ((giamsat, pair.giamsat_role, [gpath], "giamsat"), (peer, pair.peer_role, ppaths, "peer"))
        for side, role, paths, key in (order if i % 2 == 0 else order[::-1]):
            ms, status = side.get_chain(role, paths)
            if status != 200:
                result["error"] = f"{side.name}: HTTP {status}"
                return result
            result[key].append(ms)
    return result


def discover(env: dict) -> tuple[dict, dict]:
    """giamsat's users and ids from its database, through bench/pages.py --list (DATABASE_URL and
    GIAMSAT_DATA_DIR from the environment)."""
    out = subprocess.run([sys.executable, str(BENCH / "pages.py"), "--list"], env=env, capture_output=True,
                         text=True, check=True)
    listing = json.loads(out.stdout.strip().splitlines()[-1])
    variables = {}
    for name, (label, pattern) in DISCOVER_FROM.items():
        for page in listing["pages"]:
            found = re.search(pattern, page["path"]) if page["label"] == label else None
            if found:
                variables[name] = found.group(1)
                break
    return listing["users"], variables


def pairs_to_run(only: str) -> list[Pair]:
    return [p for p in PAIRS if only.lower() in p.label.lower()] if only else list(PAIRS)


def parse_vars(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"{item!r}: expected NAME=VALUE")
        out[key.strip()] = value.strip()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--giamsat", required=True, help="base URL(s), comma-separated")
    parser.add_argument("--giamsat-password", default=os.environ.get("GIAMSAT_SYNTH_PASSWORD", ""))
    parser.add_argument("--giamsat-user", action="append", default=[], help="ROLE=USERNAME (office, leader, focal)")
    parser.add_argument("--giamsat-var", action="append", default=[], help="NAME=VALUE for the path placeholders")
    parser.add_argument("--discover", action="store_true", help="giamsat users and ids from DATABASE_URL")
    parser.add_argument("--peer", required=True, help="base URL(s), comma-separated")
    parser.add_argument("--peer-password", default=os.environ.get("PEER_PASSWORD", "Peer-bench-57"))
    parser.add_argument("--peer-user", action="append", default=[], help="ROLE=USERNAME (office, agency)")
    parser.add_argument("--peer-var", action="append", default=[], help="NAME=VALUE for the path placeholders")
    parser.add_argument("--requests", type=int, default=40, help="measured requests per page and side")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--only", default="", help="only the pairs whose label contains this text")
    parser.add_argument("--json", default="", help="write the raw timings here too")
    args = parser.parse_args()

    gusers, gvars = {}, dict(DEFAULT_GIAMSAT_VARS)
    if args.discover:
        found_users, found_vars = discover(dict(os.environ))
        gusers.update({k: v for k, v in found_users.items() if v})
        gvars.update(found_vars)
    gusers.update(parse_vars(args.giamsat_user))
    gvars.update(parse_vars(args.giamsat_var))
    pusers = {"office": "admin", "agency": "pa01", **parse_vars(args.peer_user)}
    pvars = {**DEFAULT_PEER_VARS, **parse_vars(args.peer_var)}

    giamsat = Side("giamsat", args.giamsat.split(","), "/dang-nhap/", gusers, args.giamsat_password)
    peer = Side("peer", args.peer.split(","), "/app/sign-in/", pusers, args.peer_password)
    results = []
    for pair in pairs_to_run(args.only):
        try:
            gpath = fill(pair.giamsat_path, gvars)
            ppaths = [fill(path, pvars) for path in (pair.peer_path, *pair.peer_then)]
        except KeyError as missing:
            results.append({"pair": pair, "giamsat_path": pair.giamsat_path, "peer_path": pair.peer_path,
                            "error": f"no value for {missing}"})
            continue
        result = measure(pair, giamsat, peer, gpath, ppaths, args.requests, args.warmup)
        results.append(result)
        print(f"{pair.label}: giamsat p50 {format_ms(percentile(result['giamsat'], 50))} ms, "
              f"peer p50 {format_ms(percentile(result['peer'], 50))} ms {result.get('error', '')}",
              file=sys.stderr, flush=True)
    print(f"{args.requests} requests a page and side, alternating, after {args.warmup} of warm-up; "
          f"giamsat users {gusers}, peer users {pusers}\n")
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(
            [{**{k: v for k, v in r.items() if k != "pair"}, "label": r["pair"].label} for r in results],
            ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
