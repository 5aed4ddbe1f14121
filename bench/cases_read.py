"""Read cases of the bench: dashboards, figures, evaluation, an agency's pages, reports, search."""

import datetime as dt
import re
import subprocess
import time
from urllib.parse import quote

from cases_write import post_update, submissions
from client import Client
from harness import Run, giamsat


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
        # Cold: the first request after a write computes the figures again (target 2 s). Each call posts a
        # progress update first (its own cost is the "post update" case's, tens of milliseconds).
        write = post_update(run.client(h["focal"]), h["focal_lead_task_ids"], offset=500)
        leader = run.client(h["national_leader"])
        run.measure(f"metrics ({level}), cold after a write", "POST an update (agency), then GET /api/v1/metrics",
                    lambda i: write(i) and leader.request("GET", "/api/v1/metrics")[0] == 200,
                    target="metrics (cold)", requests=run.args.slow_requests)
    if "/api/v1/data-quality" in paths:
        run.measure("data quality (API)", "GET /api/v1/data-quality (office)",
                    run.get(run.client(h["office"]), "/api/v1/data-quality"), target="data-quality page",
                    requests=run.args.slow_requests)
    office = run.client(h["office"], session=True)
    run.measure("data-quality page", "GET /chat-luong-du-lieu/ (office, session)",
                run.get(office, "/chat-luong-du-lieu/"), target="data-quality page",
                requests=run.args.slow_requests)
    run.measure("exception board", "GET /nhiem-vu/ngoai-le/ (office, session)",
                run.get(office, "/nhiem-vu/ngoai-le/"))
    # Issue 23: the exports in the national systems' shapes (the open data only below the national scale:
    # there it is every task of the country in one answer).
    if "/api/v1/exports/system57" in paths:
        run.measure(f"Hệ thống 57 export ({level})", "GET /api/v1/exports/system57 (office)",
                    run.get(run.client(h["office"]), "/api/v1/exports/system57"))
    if "/api/v1/exports/open-data" in paths and run.scale != "national":
        run.measure("open data (JSON)", "GET /api/v1/exports/open-data (office)",
                    run.get(run.client(h["office"]), "/api/v1/exports/open-data"), requests=run.args.slow_requests)


def reorganization(run: Run, paths: set[str]) -> None:
    """Issue 18: the preview of a merger (`dry_run`, nothing written) of the main department of the first
    province into another department: every open task, duty, indicator, user and alias it would move."""
    if "/api/v1/reorganizations" not in paths:
        run.notes.append("reorganization preview: not yet (no POST /api/v1/reorganizations)")
        return
    h, office = run.handles, run.client(run.handles["office"])
    source = h["focal_organization_id"]
    status, found = office.json("GET", f"/api/v1/organizations/{source}")
    found = found if isinstance(found, dict) else {}
    _, peers = office.json("GET", "/api/v1/organizations?level=" + quote(str(found.get("level", ""))))
    target = next((o["id"] for o in peers or [] if o["id"] != source and o["kind"] == found.get("kind")
                   and o["active"] and o.get("parent_id") == found.get("parent_id")), None)
    if status != 200 or target is None:
        run.notes.append("reorganization preview: no second department to merge into")
        return
    body = {"kind": "merge", "predecessors": [source], "successors": [target], "dry_run": True,
            "effective_date": dt.date.today().isoformat(), "document": {"number": "99/QĐ-BENCH"}}

    def preview(i: int) -> bool:
        status, answer = office.json("POST", "/api/v1/reorganizations", body)
        return status == 200 and isinstance(answer, dict) and answer.get("dry_run") is True

    row = run.measure("reorganization preview", f"POST /api/v1/reorganizations dry_run (merge {source} → {target})",
                      preview, requests=run.args.slow_requests)
    _, answer = office.json("POST", "/api/v1/reorganizations", body)
    if isinstance(answer, dict):
        run.notes.append(f"reorganization preview (p95 {row.get('p95_ms')} ms) moves: "
                         + ", ".join(f"{k} {v}" for k, v in sorted((answer.get("counts") or {}).items())))


def _evaluate(args: list[str], env: dict) -> tuple[float, list[str], str]:
    """Run `giamsat evaluate` timed (the process start included): seconds, its summary lines, its error."""
    started = time.monotonic()
    try:
        out = giamsat(["evaluate", *args], env)
    except subprocess.CalledProcessError as exc:  # e.g. a reused database whose year is already published
        said = (exc.stderr or exc.stdout or "").strip().splitlines()
        return time.monotonic() - started, [], said[-1] if said else str(exc)
    lines = [line for line in out.stdout.strip().splitlines() if "cơ quan, đơn vị," in line]
    return time.monotonic() - started, lines, ""


def evaluation(run: Run, env: dict) -> None:
    """Issue 17: every agency of the scale, both levels, evaluated for a year (`giamsat evaluate --level all`,
    timed: 60 s for the country, 5 s for a province): the past year as of its last day (every status computed
    as of then: the slowest case) and the current year, published; then the published ranking page and API."""
    year, limit = dt.date.today().year, 60 if run.scale == "national" else 5
    for period, extra in ((str(year - 1), ["--as-of", f"{year - 1}-12-31"]), (str(year), ["--publish"])):
        args = ["--period", period, "--level", "all", *extra]
        seconds, lines, error = _evaluate(args, env)
        run.notes.append(f"`giamsat evaluate {' '.join(args)}` (every agency, both levels): {seconds:.1f} s, "
                         f"process start included (target {limit} s): " + ("; ".join(lines) or f"failed: {error}"))
        print(f"  evaluation {' '.join(args)}: {seconds:.1f} s (target {limit} s)", flush=True)
    h = run.handles
    _, listed = run.client(h["national_leader"]).json("GET", f"/api/v1/evaluations?period={year}&level=commune")
    if not listed:
        run.notes.append(f"evaluation pages: no published evaluation of the communes for {year}")
        return
    pk = listed[0]["id"]  # the newest published version (a reused database may have one from an earlier run)
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




def notices(run: Run, env: dict) -> None:
    """Issue 23: the office's delivery log, a user's channels page, and an agency user's calendar feed (which
    calendar applications poll without a session)."""
    h = run.handles
    run.measure("delivery log", "GET /nhat-ky-gui-thong-bao/ (office, session)",
                run.get(run.client(h["office"], session=True), "/nhat-ky-gui-thong-bao/"))
    run.measure("channels page", "GET /tai-khoan/kenh-thong-bao/ (focal, session)",
                run.get(run.client(h["focal"], session=True), "/tai-khoan/kenh-thong-bao/"))
    code = ("from giamsat.accounts.models import User; from giamsat.calendars.services import feed_create; "
            f"print(feed_create(user=User.objects.get(username={h['focal']!r})))")
    secret = giamsat(["shell", "-c", code], env).stdout.strip().splitlines()[-1]
    run.measure("calendar feed (an agency)", "GET /lich/<secret>.ics (no session)",
                run.get(Client(run.server.port), f"/lich/{secret}.ics"))
