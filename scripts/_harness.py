"""Shared by the crash, load and API-fuzz scripts: a throw-away giamsat instance served on loopback.

Only loopback addresses are ever contacted. Every loop is bounded in count and time.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PASSWORD = "Harness-mat-khau-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def giamsat(args: list[str], env: dict, check: bool = True, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "giamsat", *args], env=env, capture_output=True, text=True,
                          check=check, timeout=timeout)


def postgres_url(name: str) -> str | None:
    """A fresh database on the local PostgreSQL server, or None when there is none."""
    base = os.environ.get("HARNESS_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    try:
        subprocess.run(["psql", f"{base}/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {name}"], check=True,
                       capture_output=True, timeout=30)
        subprocess.run(["psql", f"{base}/postgres", "-q", "-c", f"CREATE DATABASE {name}"], check=True,
                       capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{base}/{name}"


def drop_postgres(name: str) -> None:
    base = os.environ.get("HARNESS_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    subprocess.run(["psql", f"{base}/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {name}"], capture_output=True,
                   timeout=30)


@dataclass
class Instance:
    engine: str
    env: dict
    port: int
    data_dir: Path
    process: subprocess.Popen | None = None
    token: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, threads: int = 8) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "giamsat", "serve", "--port", str(self.port), "--threads", str(threads),
             "--no-collectstatic"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        """SIGKILL, no goodbye: as a power cut would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def request(self, method: str, path: str, body: dict | None = None, timeout: float = 10) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as exc:
            return exc.code, {}


def lead_task_ids(instance: Instance) -> list[int]:
    """Tasks the focal point of Sở VHTTDL (the instance's token) leads."""
    status, data = instance.request("GET", "/api/v1/tasks?limit=200")
    return [t["id"] for t in data.get("items", [])
            if any(lead["name"].startswith("Sở Văn hóa") for lead in t["leads"])]


def prepare(engine: str, tag: str) -> Instance:
    """Migrate, load the demo, and make a token for the focal point of Sở VHTTDL."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"giamsat-{tag}-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    # Production settings, as served for real (DEBUG off); the demo is loaded with --force.
    # A demo instance run on purpose: the demo accounts sign in only so (ADR 0015).
    env.update(GIAMSAT_DATA_DIR=str(data_dir), GIAMSAT_DEMO_PASSWORD=PASSWORD, DEBUG="0", AXES_ENABLED="0",
               GIAMSAT_DEMO_MODE="1",
               SECRET_KEY="harness-" + os.urandom(16).hex(), ALLOWED_HOSTS="127.0.0.1,localhost", GIAMSAT_TLS="0")
    if engine == "postgresql":
        url = postgres_url(f"giamsat_{tag}_{os.getpid()}")
        if url is None:
            raise RuntimeError("PostgreSQL is not reachable")
        env["DATABASE_URL"] = url
    giamsat(["demo", "--force"], env)
    giamsat(["collectstatic", "--noinput", "-v0"], env)
    token = giamsat(["token", "create", "svhttdl"], env).stdout.strip().splitlines()[-1]
    return Instance(engine=engine, env=env, port=free_port(), data_dir=data_dir, token=token)


def cleanup(instance: Instance) -> None:
    instance.stop()
    if instance.engine == "postgresql":
        drop_postgres(instance.env["DATABASE_URL"].rsplit("/", 1)[-1])
