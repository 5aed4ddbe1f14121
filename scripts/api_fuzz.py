"""Schemathesis against the running server's OpenAPI schema: no 5xx, responses match the schema.

    python scripts/api_fuzz.py [--engine sqlite] [--max-examples 15] [--seconds 240]

Two passes on a throw-away demo instance on loopback, within one time bound (--seconds for both):
1. every operation, file uploads included, as the monitoring office (read and write);
2. the progress-update operations (JSON and multipart with evidence files) as the focal point of Sở VHTTDL,
   who may post them, so generated bodies reach the upload checks and the services.
The upload operations get real identifiers (a task the focal point leads, an import job kept for review),
so their requests are judged on their bodies rather than answered 404.
"""

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

from _harness import cleanup, giamsat, lead_task_ids, prepare

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "giamsat" / "demo" / "samples"
SEED = SAMPLES / "003_c389389e1134b9db.txt"
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def _config(instance) -> Path:
    """Identifiers for the upload operations: a task the focal point leads, an import job in review."""
    task_id = lead_task_ids(instance)[0]
    imported = giamsat(["import", str(SEED)], instance.env).stdout
    job_id = int(re.search(r"/nhap-van-ban/(\d+)/", imported).group(1))
    path = instance.data_dir / "schemathesis.toml"
    path.write_text(
        "[[operations]]\n"
        'include-path-regex = "^/api/v1/tasks/\\\\{task_id\\\\}/updates"\n'
        f"parameters = {{ task_id = {task_id} }}\n\n"
        "[[operations]]\n"
        'include-path = "/api/v1/imports/{job_id}/commit"\n'
        f"parameters = {{ job_id = {job_id} }}\n")
    return path


def _schemathesis(instance, config: Path, token: str, max_examples: int, seconds: float,
                  *extra: str) -> int | None:
    """Exit status of one schemathesis run, or None when it was stopped by the time bound."""
    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run",
        f"{instance.base}/api/openapi.json", "--checks", CHECKS,
        "--max-examples", str(max_examples), "--generation-deterministic",
        "--request-timeout", "20", "-H", f"Authorization: Bearer {token}", *extra,
    ]
    try:
        return subprocess.run(command, timeout=max(seconds, 1)).returncode
    except subprocess.TimeoutExpired:
        print(f"api fuzz: stopped by the time bound ({seconds:.0f} s left for this pass)")
        return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", default="sqlite")
    parser.add_argument("--max-examples", type=int, default=15)
    parser.add_argument("--seconds", type=int, default=240, help="time bound of both passes together")
    args = parser.parse_args()
    instance = prepare(args.engine, "fuzz")
    try:
        focal_token = instance.token
        office_token = giamsat(["token", "create", "vanphong"], instance.env).stdout.strip().splitlines()[-1]
        instance.start()
        config = _config(instance)
        deadline = time.monotonic() + args.seconds
        results = [  # the second pass is short: the first may use four fifths of the time
            _schemathesis(instance, config, office_token, args.max_examples, 0.8 * args.seconds),
            _schemathesis(instance, config, focal_token, args.max_examples, deadline - time.monotonic(),
                          "--include-path-regex", "/updates"),
        ]
        failed = any(code not in (0, None) for code in results)
        print("api fuzz:", "FAILED" if failed else "passed")
        return 1 if failed else 0
    finally:
        cleanup(instance)


if __name__ == "__main__":
    sys.exit(main())
