"""Read cases of the bench: dashboards, figures, evaluation, an agency's pages, reports, search."""

import datetime as dt
import re
import time
from urllib.parse import quote

from cases_write import submissions
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


