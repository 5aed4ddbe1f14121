"""Page cases of the bench (issue #25): every page a person opens, for each role, through a signed-in session."""

import json
import subprocess
import sys

from client import Client
from harness import BENCH, Run

FLOOR_LABEL = "logged-in floor (frame)"  # bench/pages.py: the ask page, the frame alone (ADR 0051)


def pages(run: Run, env: dict) -> None:
    """The pages bench/pages.py lists (with ids found in the data), each beside /healthz; first the logged-in
    floor (a trivial signed-in page), noted next to /healthz."""
    out = subprocess.run([sys.executable, str(BENCH / "pages.py"), "--list"], env=env, capture_output=True,
                         text=True, timeout=600, check=True)
    listed = json.loads(out.stdout.strip().splitlines()[-1])
    clients = {"anonymous": Client(run.server.port)}
    for role, username in listed["users"].items():
        if username:
            clients[role] = run.client(username, session=True)
    floor_rows = {}
    for page in listed["pages"]:
        if page.get("after_update_of"):  # a write before each view: measured in process (bench/pages.py) only
            continue
        client = clients.get(page["role"])
        if client is None:
            run.notes.append(f"page {page['label']}: no {page['role']} user in the data")
            continue
        row = run.measure(f"page: {page['label']} ({page['role']})", f"GET {page['path']}",
                          run.get(client, page["path"]))
        if page["label"] == FLOOR_LABEL:
            floor_rows[page["role"]] = row
    for role, row in floor_rows.items():
        if row.get("n"):
            run.notes.append(f"Logged-in floor ({role}, the frame alone, GET /hoi-dap/): p50 {row['p50_ms']} ms, p95 "
                             f"{row['p95_ms']} ms beside /healthz p95 {row['floor_p95_ms']} ms "
                             f"(×{row['ratio_p95']}; target ≤ 2×).")
