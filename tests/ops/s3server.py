"""An S3-compatible server on loopback for tests: moto's server (Apache-2.0), in its own process."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start() -> tuple[subprocess.Popen, str]:
    """(the server's process, its endpoint URL); RuntimeError with the reason when it does not start."""
    port = _free_port()
    try:
        process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        raise RuntimeError(f"moto could not start: {exc}") from exc
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("moto's server exited (is moto[server] installed?)")
        try:
            with urllib.request.urlopen(url + "/", timeout=1):
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("moto's server did not answer within 20 s")


def credentials() -> None:
    """Keys moto accepts (any); set only when the environment has none."""
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "giamsat-test")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "giamsat-test-secret")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


def new_bucket(endpoint: str) -> str:
    import boto3

    name = f"giamsat-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=name)
    return name
