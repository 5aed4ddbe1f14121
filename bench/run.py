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
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlparse, urlunparse

from client import Client
from measure import Sample, interleaved, sustained

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
SEED_001 = ROOT / "src/giamsat/demo/samples/001_e52419797d7d93ee.txt"
PASSWORD = os.environ.get("GIAMSAT_SYNTH_PASSWORD") or "Bench-mat-khau-" + secrets.token_hex(4)
# What --reuse needs from the run that loaded a kept database (outside the repository: it holds the password).
SAVED = Path(tempfile.gettempdir()) / "giamsat-bench"

# p95 limits of issue 7 (milliseconds), and the largest ratio to the floor where one is set.
TARGETS = {
    "dashboard (national)": (150, 5),
    "dashboard (province)": (80, 5),
    "task list": (40, None),
    "task detail": (40, None),
    "post update": (40, None),
    "aggregated report": (2000, None),
    "metrics": (150, None),  # issue 16: country and province, warm
    "data-quality page": (1000, None),
    "evaluation": (150, None),  # issue 17: the published ranking page and API
    "public feedback": (50, None),
    "feedback list": (100, None),
}
RSS_LIMIT_MB = 400
POSTS_PER_SECOND = 150
FEEDBACK_PER_SECOND = 20


# ------------------------------------------------------------------------------------------------ set-up


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    memory = re.search(r"MemTotal:\s*(\d+) kB", meminfo)
    return {
        "nproc": os.cpu_count(),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "memory_gb": round(int(memory.group(1)) / 1024 / 1024, 1) if memory else None,
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Database:
    """A throw-away PostgreSQL database named after DATABASE_URL, or SQLite in the data directory."""

    def __init__(self, scale: str, data_dir: Path, reuse: str | None):
        self.url = os.environ.get("DATABASE_URL", "")
        self.engine = "postgresql" if self.url.startswith(("postgres://", "postgresql://")) else "sqlite"
        self.reused = bool(reuse)
        if self.engine == "postgresql":
            parsed = urlparse(self.url)
            self.name = reuse or f"{parsed.path.lstrip('/') or 'giamsat'}_bench_{scale}"
            self.admin_url = urlunparse(parsed._replace(path="/postgres"))
            self.bench_url = urlunparse(parsed._replace(path=f"/{self.name}"))
            if not reuse:
                self._sql(f'DROP DATABASE IF EXISTS "{self.name}"')
                self._sql(f'CREATE DATABASE "{self.name}"')
        else:
            self.name = str(Path(reuse) if reuse else data_dir / "giamsat.sqlite3")
            self.bench_url = f"sqlite:///{self.name}"

    def _sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def drop(self) -> None:
        if self.engine == "postgresql" and not self.reused:
            self._sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def giamsat(args: list[str], env: dict, timeout: int = 7200) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "giamsat", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def inprocess(args: list[str], env: dict, timeout: int = 1800) -> dict:
    out = subprocess.run(
        [sys.executable, str(BENCH / "inprocess.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


class Server:
    def __init__(self, env: dict, threads: int):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "giamsat",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--threads",
                str(threads),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 300  # collectstatic first
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited: " + self.process.stderr.read().decode()[-2000:])
            try:
                status, _ = Client(self.port, timeout=5).request("GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("server did not start")

    def memory_mb(self, key: str = "VmRSS") -> float | None:
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        found = re.search(rf"{key}:\s*(\d+) kB", status)
        return round(int(found.group(1)) / 1024, 1) if found else None

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


# -------------------------------------------------------------------------------------------------- cases


class Run:
    def __init__(self, args, servers: list[Server], handles: dict, tokens: dict, scale: str):
        self.args, self.servers, self.handles, self.tokens, self.scale = args, servers, handles, tokens, scale
        self.server = servers[0]  # latencies are measured on the first process
        self.floor_client = Client(self.server.port)
        self.password = PASSWORD
        self.rows: list[dict] = []
        self.notes: list[str] = []

    def client(self, user: str | None = None, *, session: bool = False) -> Client:
        if session:
            c = Client(self.server.port)
            c.login(user, self.password)
            return c
        return Client(self.server.port, self.tokens.get(user))

    def floor(self) -> None:
        self.floor_client.request("GET", "/healthz")

    def measure(
        self,
        case: str,
        what: str,
        call,
        *,
        requests: int | None = None,
        seconds: float | None = None,
        target: str | None = None,
    ) -> dict:
        sample = interleaved(
            call, self.floor, requests=requests or self.args.requests, seconds=seconds or self.args.seconds
        )
        row = {"case": case, "what": what, **sample.stats(), "rss_mb": self.server.memory_mb()}
        limit = TARGETS.get(target or "")
        if limit and row.get("n"):
            p95_ok = row["p95_ms"] <= limit[0]
            ratio_ok = limit[1] is None or (row["ratio_p95"] or 0) <= limit[1]
            row["target"] = f"p95 ≤ {limit[0]} ms" + (f", ≤ {limit[1]}× floor" if limit[1] else "")
            row["met"] = p95_ok and ratio_ok and not row["errors"]
        self.rows.append(row)
        print(
            f"  {case:38} {what[:60]:60} p95 {row.get('p95_ms', '-'):>8} ms  ×{row.get('ratio_p95') or '-'}"
            f"  err {row['errors']}",
            flush=True,
        )
        return row

    def get(self, client: Client, path_of, expect: int = 200):
        return lambda i: client.request("GET", path_of(i) if callable(path_of) else path_of)[0] == expect


def discover(run: Run) -> set[str]:
    status, schema = Client(run.server.port).json("GET", "/api/openapi.json")
    return set(schema.get("paths", {})) if status == 200 and isinstance(schema, dict) else set()


def floors(run: Run) -> None:
    """What the floor itself costs, next to cheaper references: /healthz builds Django's migration graph on
    every call (a database query and a graph of every migration), so it is not free."""
    static = Client(run.server.port)
    status, page = static.request("GET", "/dang-nhap/")
    asset = re.search(r'(/static/[^"]+\.css)', page.decode("utf-8", "replace"))
    cases = [("floor: /healthz", "GET /healthz", run.get(Client(run.server.port), "/healthz"))]
    if asset:
        cases.append(
            (
                "floor: static file",
                f"GET {asset.group(1)} (WhiteNoise, no view)",
                run.get(static, asset.group(1)),
            )
        )
    org = run.handles["focal_organization_id"]
    cases.append(
        (
            "floor: small API read",
            f"GET /api/v1/organizations/{org} (token)",
            run.get(run.client(run.handles["focal"]), f"/api/v1/organizations/{org}"),
        )
    )
    for case, what, call in cases:
        run.measure(case, what, call)


def dashboards(run: Run, paths: set[str]) -> None:
    h = run.handles
    level = "province" if run.scale != "national" else "national"
    leader = h["national_leader"]
    if "/api/v1/dashboard/summary" in paths:
        api = run.client(leader)
        run.measure(
            f"dashboard ({level})",
            "GET /api/v1/dashboard/summary (leader)",
            run.get(api, "/api/v1/dashboard/summary"),
            target=f"dashboard ({level})",
        )
        # Snapshots (ADR 0011): the cases above and below read the kept figures once the first request has
        # computed them; this one computes them on every request, as the first request after a write does.
        run.measure(
            f"dashboard ({level}), recomputed",
            "GET /api/v1/dashboard/summary?recompute=true (leader)",
            run.get(api, "/api/v1/dashboard/summary?recompute=true"),
            requests=run.args.slow_requests,
            seconds=run.args.seconds * 4,
        )
        page = run.client(leader, session=True)
        run.measure(
            f"dashboard page ({level})",
            "GET /bang-dieu-khien/ (leader, session)",
            run.get(page, "/bang-dieu-khien/"),
            target=f"dashboard ({level})",
        )
        if level == "national":
            run.notes.append(
                "At national scale every leader sees the whole country (no province-scoped role): "
                "the province dashboard is the one measured on the province scale (a province's own "
                "instance); here an agency's scoped dashboard is measured instead."
            )
            run.measure(
                "dashboard (an agency)",
                "GET /api/v1/dashboard/summary (focal)",
                run.get(run.client(h["focal"]), "/api/v1/dashboard/summary"),
                target="dashboard (province)",
            )
            run.measure(
                "dashboard (an agency), recomputed",
                "GET /api/v1/dashboard/summary?recompute=true (focal)",
                run.get(run.client(h["focal"]), "/api/v1/dashboard/summary?recompute=true"),
                requests=run.args.slow_requests,
            )
    else:
        run.notes.append(
            "GET /api/v1/dashboard/summary is absent: the leader's home page and the overdue list "
            "stand in for the dashboard."
        )
    home = run.client(leader, session=True)
    run.measure(
        f"home page ({level})", "GET / (leader, session)", run.get(home, "/"), target=f"dashboard ({level})"
    )
    run.measure(
        "overdue list (leader)",
        "GET /api/v1/tasks?status=overdue&limit=50",
        run.get(run.client(leader), "/api/v1/tasks?status=overdue&limit=50"),
        target="task list",
    )


def figures(run: Run, paths: set[str]) -> None:
    """Issue 16: the figures of giamsat.metrics (warm: kept as dashboard snapshots), the data-quality page and
    the exception board."""
    h = run.handles
    level = "province" if run.scale != "national" else "national"
    if "/api/v1/metrics" in paths:
        run.measure(f"metrics ({level})", "GET /api/v1/metrics (leader)",
                    run.get(run.client(h["national_leader"]), "/api/v1/metrics"), target="metrics")
        org = h["focal_organization_id"]
        run.measure("metrics (an organization)", f"GET /api/v1/metrics?scope=organization:{org} (focal)",
                    run.get(run.client(h["focal"]), f"/api/v1/metrics?scope=organization:{org}"), target="metrics")
    office = run.client(h["office"], session=True)
    run.measure("data-quality page", "GET /chat-luong-du-lieu/ (office, session)",
                run.get(office, "/chat-luong-du-lieu/"), target="data-quality page",
                requests=run.args.slow_requests)
    run.measure("exception board", "GET /nhiem-vu/ngoai-le/ (office, session)",
                run.get(office, "/nhiem-vu/ngoai-le/"))


def evaluation(run: Run, env: dict) -> None:
    """Issue 17: every commune of the scale evaluated for the year and published (`giamsat evaluate`, timed:
    60 s for the country, 5 s for a province), then the published ranking page and API."""
    year = str(dt.date.today().year)
    started = time.monotonic()
    out = giamsat(["evaluate", "--period", year, "--level", "commune", "--publish"], env)
    seconds = time.monotonic() - started
    pk = int(out.stdout.strip().splitlines()[-1].rsplit(" ", 1)[-1])
    limit = 60 if run.scale == "national" else 5
    run.notes.append(f"`giamsat evaluate --period {year} --level commune --publish`: {seconds:.1f} s, process "
                     f"start included (target {limit} s): {out.stdout.strip().splitlines()[0]}")
    h = run.handles
    run.measure("evaluation ranking page", f"GET /danh-gia/{pk}/ (leader, session)",
                run.get(run.client(h["national_leader"], session=True), f"/danh-gia/{pk}/"), target="evaluation")
    run.measure("evaluation list (API)", f"GET /api/v1/evaluations?period={year}&level=commune (leader)",
                run.get(run.client(h["national_leader"]), f"/api/v1/evaluations?period={year}&level=commune"),
                target="evaluation")
    org = h["focal_organization_id"]
    run.measure("evaluation of an agency (API)", f"GET /api/v1/evaluations/{pk}?organization={org} (leader)",
                run.get(run.client(h["national_leader"]), f"/api/v1/evaluations/{pk}?organization={org}"),
                target="evaluation")


def agency(run: Run) -> None:
    h = run.handles
    leader_page = run.client(h["national_leader"], session=True)
    run.measure(
        "organization page",
        f"GET /co-quan/{h['focal_organization_id']}/ (leader, session)",
        run.get(leader_page, f"/co-quan/{h['focal_organization_id']}/"),
    )
    run.measure(
        "task list page",
        "GET /nhiem-vu/ (leader, session: every task in scope, with its filters)",
        run.get(leader_page, "/nhiem-vu/"),
    )
    focal = run.client(h["focal"])
    run.measure(
        "task list",
        "GET /api/v1/tasks?limit=50 (agency)",
        run.get(focal, "/api/v1/tasks?limit=50"),
        target="task list",
    )
    run.measure(
        "task list, filtered",
        "GET /api/v1/tasks?limit=50&status=in_progress (agency)",
        run.get(focal, "/api/v1/tasks?limit=50&status=in_progress"),
        target="task list",
    )
    tasks = h["focal_lead_task_ids"]
    run.measure(
        "task detail",
        "GET /api/v1/tasks/<id> (agency)",
        run.get(focal, lambda i: f"/api/v1/tasks/{tasks[i % len(tasks)]}"),
        target="task detail",
    )
    run.measure(
        "task history",
        "GET /api/v1/tasks/<id>/updates (agency)",
        run.get(focal, lambda i: f"/api/v1/tasks/{tasks[i % len(tasks)]}/updates"),
        target="task detail",
    )


def pages(run: Run, env: dict) -> None:
    """Every page a person opens, for each role (bench/pages.py lists them, issue #25), through a signed-in
    session, each beside /healthz; first the logged-in floor (a trivial signed-in page)."""
    out = subprocess.run([sys.executable, str(BENCH / "pages.py"), "--list"], env=env, capture_output=True,
                         text=True, timeout=600, check=True)
    listed = json.loads(out.stdout.strip().splitlines()[-1])
    clients = {"anonymous": Client(run.server.port)}
    for role, username in listed["users"].items():
        if username:
            clients[role] = run.client(username, session=True)
    floor_rows = {}
    for page in listed["pages"]:
        client = clients.get(page["role"])
        if client is None:
            run.notes.append(f"page {page['label']}: no {page['role']} user in the data")
            continue
        row = run.measure(f"page: {page['label']} ({page['role']})", f"GET {page['path']}",
                          run.get(client, page["path"]))
        if page["path"] == "/tai-khoan/":
            floor_rows[page["role"]] = row
    for role, row in floor_rows.items():
        if row.get("n"):
            run.notes.append(f"Logged-in floor ({role}, GET /tai-khoan/): p50 {row['p50_ms']} ms, p95 "
                             f"{row['p95_ms']} ms beside /healthz p95 {row['floor_p95_ms']} ms "
                             f"(×{row['ratio_p95']}; target ≤ 2×).")


def post_update(client: Client, tasks: list[int], offset: int = 0):
    def call(i: int) -> bool:
        task = tasks[(i + offset) % len(tasks)]
        status, _ = client.request(
            "POST",
            f"/api/v1/tasks/{task}/updates",
            json_body={
                "state": "in_progress",
                "percent": abs(i) % 100,
                "narrative": f"Cập nhật tiến độ (benchmark {i})",
            },
        )
        return status == 201

    return call


def cpu_note(result: dict, engine: str) -> str:
    if engine == "postgresql":
        where = f"{result['cpu_ms_server']} ms in the server processes, {result['cpu_ms_database']} ms in PostgreSQL"
    else:  # SQLite runs inside the server processes
        where = f"{result['cpu_ms_server']} ms in the server processes (SQLite included)"
    return f"CPU per request {where}, {result['cpu_ms_client']} ms in the bench's clients"


def writes(run: Run) -> None:
    h = run.handles
    tasks = h["focal_lead_task_ids"]
    run.measure(
        "post update",
        "POST /api/v1/tasks/<id>/updates (agency)",
        post_update(run.client(h["focal"]), tasks),
        target="post update",
    )
    # Sustained: the clients share the server processes (round robin, as a reverse proxy would).
    ports = [s.port for s in run.servers]
    clients = [Client(ports[n % len(ports)], run.tokens[h["focal"]]) for n in range(run.args.clients)]
    sustained_case(
        run,
        "post update, sustained",
        lambda n: post_update(clients[n], tasks, offset=n * 7),
        target=f"≥ {POSTS_PER_SECOND}/s, p95 ≤ 40 ms",
        met=lambda r: r["per_second"] >= POSTS_PER_SECOND and r["p95_ms"] <= 40 and not r["errors"],
    )
    sustained_case(run, "task list, sustained", lambda n: run.get(clients[n], "/api/v1/tasks?limit=50"))
    # What the same clients get from the framework alone: the CPU a request costs before giamsat's work.
    organization = f"/api/v1/organizations/{h['focal_organization_id']}"
    sustained_case(run, "floor: small API read, sustained", lambda n: run.get(clients[n], organization))
    sustained_case(run, "floor: /healthz, sustained", lambda n: run.get(clients[n], "/healthz"))


def submit_feedback(client: Client, offset: int = 0):
    def call(i: int) -> bool:
        status, _ = client.request("POST", "/api/v1/public/feedback", json_body={
            "kind": "proposal", "subject": f"Kiến nghị (benchmark {offset}-{i})",
            "content": "Đề nghị mở rộng dịch vụ công trực tuyến toàn trình.", "contact": "bench@example.vn"})
        return status == 201

    return call


def feedback(run: Run) -> None:
    """The public form and lookup (anonymous), submissions sustained, the office's list of every item. The
    server counts submissions per address; all come from 127.0.0.1 here, so the bench lifts the limit
    (GIAMSAT_FEEDBACK_PER_HOUR) as distinct addresses would not need."""
    h = run.handles
    visitor = Client(run.server.port)
    run.measure("public feedback form", "GET /phan-anh-kien-nghi/ (anonymous)",
                run.get(visitor, "/phan-anh-kien-nghi/"), target="public feedback")
    code = h.get("feedback_code")
    if code:
        run.measure("public feedback lookup", "GET /phan-anh-kien-nghi/tra-cuu/?ma=<code> (anonymous)",
                    run.get(visitor, f"/phan-anh-kien-nghi/tra-cuu/?ma={code}"), target="public feedback")
        run.measure("public feedback lookup (API)", "GET /api/v1/public/feedback/<code> (anonymous)",
                    run.get(visitor, f"/api/v1/public/feedback/{code}"), target="public feedback")
    run.measure("public feedback submit", "POST /api/v1/public/feedback (anonymous, JSON)",
                submit_feedback(visitor), target="public feedback")
    ports = [s.port for s in run.servers]
    clients = [Client(ports[n % len(ports)]) for n in range(run.args.clients)]
    sustained_case(
        run, "public feedback submit, sustained", lambda n: submit_feedback(clients[n], offset=n),
        target=f"≥ {FEEDBACK_PER_SECOND}/s, no error",
        met=lambda r: r["per_second"] >= FEEDBACK_PER_SECOND and not r["errors"],
    )
    office = run.client(h["office"])
    run.measure("feedback list (office)", "GET /api/v1/feedback?limit=50 (office: every item)",
                run.get(office, "/api/v1/feedback?limit=50"), target="feedback list")
    run.measure("feedback list, overdue (office)", "GET /api/v1/feedback?limit=50&overdue=true (office)",
                run.get(office, "/api/v1/feedback?limit=50&overdue=true"), target="feedback list")
    page = run.client(h["office"], session=True)
    run.measure("feedback list page (office)", "GET /phan-anh/ (office, session)", run.get(page, "/phan-anh/"),
                target="feedback list")


def sustained_case(run: Run, case: str, make_call, target: str = "", met=None) -> None:
    ports = [s.port for s in run.servers]
    result = sustained(
        make_call,
        clients=run.args.clients,
        seconds=run.args.sustain,
        server_pids=[s.process.pid for s in run.servers],
    )
    processes = f", {len(ports)} server processes" if len(ports) > 1 else ""
    result.update(
        case=case,
        what=f"{run.args.clients} clients × {result['seconds']} s{processes}",
        rss_mb=max(s.memory_mb() or 0 for s in run.servers),
    )
    if target:
        result.update(target=target, met=met(result))
    run.rows.append(result)
    print(
        f"  {case:38} {result['per_second']}/s p95 {result['p95_ms']} ms "
        f"err {result['errors']}; {cpu_note(result, run.engine)}"
    )
    run.notes.append(f"{case}: {cpu_note(result, run.engine)}.")


def reports(run: Run, paths: set[str]) -> None:
    h = run.handles
    needed = {"/api/v1/reports/periods/{period_id}/draft", "/api/v1/reports/{report_id}/send"}
    if not needed <= paths:
        run.notes.append("Report submission: the reporting API is absent; skipped.")
    else:
        pairs = [
            (period, focal, head) for period in h["pending_period_ids"] for focal, head in h["reporters"]
        ]
        submissions(run, pairs[: run.args.requests])

    if "/api/v1/reports/aggregate" not in paths:
        run.notes.append("Aggregated report: GET /api/v1/reports/aggregate is absent; skipped.")
        return
    office = run.client(h["office"])
    for fmt in ("docx", "xlsx"):
        query = f"document={h['plan_document_id']}&period={h['plan_period']}&format={fmt}"
        path = f"/api/v1/reports/aggregate?{query}"
        run.measure(
            f"aggregated report ({fmt})",
            f"GET {path.split('?')[0]} ({h['plan_tasks']} tasks, {fmt})",
            run.get(office, path),
            requests=run.args.slow_requests,
            seconds=run.args.seconds * 4,
            target="aggregated report",
        )


def submissions(run: Run, pairs: list[tuple[int, str, str]]) -> None:
    """Each agency's whole submission in turn (draft, edit, approve, send), every step timed and followed by a
    floor request: one report per reporter and pending period, so each is sent exactly once."""
    steps = {
        "draft": ("POST /api/v1/reports/periods/<id>/draft (focal)", Sample()),
        "edit": ("PUT /api/v1/reports/<id> (focal)", Sample()),
        "approve": ("POST /api/v1/reports/<id>/approve (head)", Sample()),
        "send": ("POST /api/v1/reports/<id>/send (head): submitting", Sample()),
    }
    clients: dict[str, Client] = {}

    def client_of(user: str) -> Client:
        if user not in clients:
            clients[user] = Client(run.server.port, run.tokens[user])
        return clients[user]

    def timed(kind: str, method: str, path: str, user: str, body=None):
        sample = steps[kind][1]
        t0 = time.perf_counter()
        try:
            status, answer = client_of(user).json(method, path, body)
        except Exception as exc:  # noqa: BLE001
            status, answer, sample.last_error = 0, None, repr(exc)[:200]
        sample.latencies.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        run.floor()
        sample.floor.append((time.perf_counter() - t0) * 1000)
        if status != 200:
            sample.errors += 1
            sample.last_error = sample.last_error or f"HTTP {status}: {str(answer)[:150]}"
            return None
        return answer

    started = time.monotonic()
    for period, focal, head in pairs:
        if time.monotonic() - started > run.args.seconds * 4:
            break
        report = timed("draft", "POST", f"/api/v1/reports/periods/{period}/draft", focal)
        if report and report.get("state") == "draft":
            report = timed(
                "edit",
                "PUT",
                f"/api/v1/reports/{report['id']}",
                focal,
                {
                    "lock_version": report["lock_version"],
                    "results": "Kết quả thực hiện trong kỳ (benchmark).",
                },
            )
        if report and report.get("state") == "draft":
            report = timed(
                "approve",
                "POST",
                f"/api/v1/reports/{report['id']}/approve",
                head,
                {"lock_version": report["lock_version"]},
            )
        if report and report.get("state") == "approved":
            timed(
                "send",
                "POST",
                f"/api/v1/reports/{report['id']}/send",
                head,
                {"lock_version": report["lock_version"]},
            )
        # No idle keep-alive connections left behind: the server drops them after a while (waitress
        # channel_timeout), and a request sent on one just then waited minutes in an earlier run.
        for user in (focal, head):
            if user in clients:
                clients.pop(user).close()
    for kind, (what, sample) in steps.items():
        row = {"case": f"report: {kind}", "what": what, **sample.stats(), "rss_mb": run.server.memory_mb()}
        run.rows.append(row)
        print(
            f"  {row['case']:38} {what[:60]:60} p95 {row.get('p95_ms', '-'):>8} ms  err {row['errors']}",
            flush=True,
        )


def search(run: Run, paths: set[str]) -> None:
    found = sorted(p for p in paths if "search" in p or "tim-kiem" in p)
    if not found:
        run.notes.append("Search: not yet (no search endpoint in the OpenAPI schema).")
        run.rows.append({"case": "search", "what": "not yet", "n": 0, "errors": 0})
        return
    leader = run.client(run.handles["national_leader"])
    run.measure(
        "search",
        f"GET {found[0]}?q=chuyển đổi số",
        run.get(leader, f"{found[0]}?q=chuy%E1%BB%83n%20%C4%91%E1%BB%95i%20s%E1%BB%91"),
    )
    if "/api/v1/ask" in paths:  # questions answered with citations (giamsat.qa, #24): p95 ≤ 300 ms
        question = quote("Sở nào chủ trì nhiệm vụ tuyên truyền chuyển đổi số trên báo chí?")
        run.measure("ask", "GET /api/v1/ask?q=Sở nào chủ trì … (leader)", run.get(leader, f"/api/v1/ask?q={question}"))


def offline(run: Run, env: dict) -> None:
    """Extraction and import of seed 001: not HTTP, timed in a child process (no floor)."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "giamsat", "extract", str(SEED_001), "--json"],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    cold = (time.perf_counter() - started) * 1000
    extracted = inprocess(["extract", str(SEED_001), "--repeat", str(run.args.extract_repeat)], env)
    run.rows.append(
        {
            "case": "extract seed 001",
            "what": f"extract_file in process ({extracted['tasks']} tasks)",
            "n": extracted["n"],
            "errors": 0,
            "p50_ms": extracted["p50_ms"],
            "p95_ms": extracted["p95_ms"],
            "p99_ms": extracted["max_ms"],
            "cold_cli_ms": round(cold, 1),
        }
    )
    imported = inprocess(["import", str(SEED_001), "--repeat", str(run.args.import_repeat)], env)
    run.rows.append(
        {
            "case": "import seed 001",
            "what": f"import_file_auto, fresh number ({imported['tasks']} tasks)",
            "n": imported["n"],
            "errors": 0,
            "p50_ms": imported["p50_ms"],
            "p95_ms": imported["p95_ms"],
            "p99_ms": imported["max_ms"],
            "first_ms": imported["first_ms"],
        }
    )
    print(
        f"  extract p50 {extracted['p50_ms']} ms (CLI cold {cold:.0f} ms); import p50 {imported['p50_ms']} ms"
    )


# ------------------------------------------------------------------------------------------------- report


def markdown(meta: dict, rows: list[dict], notes: list[str]) -> str:
    m = meta["machine"]
    lines = [
        f"### {meta['scale']} scale on {meta['engine']}, {meta['date']}",
        "",
        f"- Machine: {m['nproc']} CPU ({m['cpu']}), {m['memory_gb']} GB RAM, Python {m['python']}, "
        f"kernel {m['kernel']}; shared with other work while measuring.",
        f"- Command: `{meta['command']}`",
        f"- Data: `giamsat synth --scale {meta['scale']} --seed {meta['seed']}` in {meta['synth_seconds']} s "
        f"(whole command {meta['synth_wall_seconds']} s, with migrations), database "
        f"{meta['database_mb']} MB; {meta['tasks']:,} tasks, {meta['updates']:,} progress updates, "
        f"{meta['values']:,} indicator values.",
        f"- Server: `giamsat serve` (waitress, {meta['threads']} threads"
        + (f"; {meta['processes']} processes for the sustained cases" if meta.get("processes", 1) > 1 else "")
        + "), DEBUG=0; "
        f"memory {meta['rss_start_mb']} MB after start, {meta['rss_end_mb']} MB at the end, peak "
        f"{meta['rss_peak_mb']} MB (target < {RSS_LIMIT_MB} MB: {'met' if meta['rss_met'] else 'MISSED'}).",
        "- Floor: `GET /healthz` measured between every two requests of a case; ratio = p95 / floor p95.",
        "",
        "| case | request | n | p50 ms | p95 ms | p99 ms | req/s | floor p95 | ratio | RSS MB | target | |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for r in rows:
        met = {True: "met", False: "**missed**"}.get(r.get("met"), "")
        lines.append(
            f"| {r['case']} | {r['what']} | {r.get('n', '')} | {r.get('p50_ms', '')} "
            f"| {r.get('p95_ms', '')} | "
            f"{r.get('p99_ms', '')} | {r.get('per_second', '')} | {r.get('floor_p95_ms') or ''} | "
            f"{r.get('ratio_p95') or ''} | {r.get('rss_mb') or ''} | {r.get('target', '')} | {met} |"
            + (f" errors: {r['errors']}" if r.get("errors") else "")
        )
    if notes:
        lines += ["", *[f"- {n}" for n in notes]]
    return "\n".join(lines) + "\n"


def update_docs(path: Path, key: str, text: str) -> None:
    """Replace the block of this scale and engine in the document (or append it)."""
    start, end = f"<!-- bench:{key} -->", f"<!-- /bench:{key} -->"
    block = f"{start}\n{text}{end}\n"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n\n"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        current = before + block + rest.split(end, 1)[1].lstrip("\n")
    else:
        current = current.rstrip("\n") + "\n\n" + block
    path.write_text(current, encoding="utf-8")


# --------------------------------------------------------------------------------------------------- main


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
        "--only",
        default="",
        help="comma-separated groups of cases to run (floors, agency, writes, reports, search, evaluation, pages, "
        "offline, dashboards); default all. For working on a fix: a partial run is printed, not saved",
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
            "feedback": lambda: feedback(run),
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
