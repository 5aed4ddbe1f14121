"""Write cases of the bench: posting updates and feedback (one client, then sustained), report submissions,
the offline paths."""

import subprocess
import sys
import time

from client import Client
from harness import FEEDBACK_PER_SECOND, POSTS_PER_SECOND, SEED_001, Run, inprocess
from measure import Sample, sustained


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


