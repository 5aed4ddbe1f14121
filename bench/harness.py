"""The bench harness: the machine, a throw-away database, `giamsat` commands, a served process, and `Run`,
which measures one case against the /healthz floor (see run.py)."""

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
from urllib.parse import urlparse, urlunparse

from client import Client
from measure import interleaved

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


