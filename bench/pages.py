"""Every page a person opens, for each role (issue #25): the list `bench/run.py` measures over HTTP (group
`pages`), and an in-process measurement of the same list with its query counts, for working on a fix:

    DATABASE_URL=… GIAMSAT_DATA_DIR=… python bench/pages.py [--repeat 40] [--only task] [--json out.json]

The in-process run uses Django's test client with a signed-in session (middleware, context processors and
templates all run; no HTTP server, no socket), alternating each page with `/healthz` and with the trivial
signed-in page (the *logged-in floor*: the ask page, the frame alone), so that the ratios compare across noisy
machines.
"""

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass

FLOOR_PATH = "/healthz"
# The ask page: the logged-in frame (session, user, header, menus, footer) around an empty form and nothing
# else. Until session 10 the floor was the profile page, which adds four queries of its own (API keys, second
# factor, notification channels, calendar address) and so measured a page, not the frame (ADR 0051).
SIGNED_IN_FLOOR = "/hoi-dap/"


@dataclass(frozen=True)
class Page:
    label: str
    role: str  # office, leader, focal, head, anonymous
    path: str
    api: bool = False  # a JSON read with the session (the metrics API)
    # The first view after a real write: before each view (untimed) the focal point posts a progress update on
    # this task (its own) through the tasks service, and kept copies are shown only while current (ADR 0052).
    after_update_of: int | None = None


def people() -> dict[str, str]:
    """Usernames per role: the province's office and leader, and the focal point and head of the agency that
    leads the most tasks (a department, as most agencies' users)."""
    from django.db.models import Count

    from giamsat.accounts.models import Role, User
    from giamsat.organizations.models import Organization

    busiest = (Organization.objects.filter(users__role=Role.FOCAL)
               .annotate(n=Count("task_assignments")).order_by("-n", "pk").values_list("pk", flat=True).first())

    def one(role, **extra):
        return (User.objects.filter(role=role, is_active=True, **extra).order_by("-organization_id", "username")
                .values_list("username", flat=True).first())

    return {"office": one(Role.OFFICE), "leader": one(Role.LEADER, organization__isnull=False) or one(Role.LEADER),
            "focal": one(Role.FOCAL, organization_id=busiest), "head": one(Role.HEAD, organization_id=busiest)}


def pages(users: dict[str, str]) -> list[Page]:
    """The cases, with ids found in the database (a task with about 150 updates, the busiest agency, …)."""
    from django.db.models import Count, Func, IntegerField, Value

    from giamsat.accounts.models import User
    from giamsat.documents.models import Document
    from giamsat.evaluation.models import Evaluation
    from giamsat.feedback.models import Feedback
    from giamsat.indicators.models import Indicator
    from giamsat.reporting.models import Report
    from giamsat.tasks.models import Task

    agency = User.objects.filter(username=users["focal"]).values_list("organization_id", flat=True).first()
    distance = Func(Count("updates") - Value(150), function="ABS", output_field=IntegerField())
    long_task = Task.objects.annotate(d=distance).order_by("d", "pk").values_list("pk", flat=True).first()
    own_task = (Task.objects.filter(assignments__organization_id=agency, assignments__role="lead")
                .annotate(d=distance).order_by("d", "pk").values_list("pk", flat=True).first())
    document = (Document.objects.annotate(n=Count("tasks")).order_by("-n", "pk").values_list("pk", flat=True)
                .first())
    indicator = Indicator.objects.order_by("pk").values_list("pk", flat=True).first()
    # Another agency's published indicator: the focal point sees it as the public does (verified values only).
    published_indicator = (Indicator.objects.filter(is_published=True).exclude(responsible_id=agency).order_by("pk")
                 .values_list("pk", flat=True).first() or indicator)
    report = Report.objects.filter(organization_id=agency).order_by("-pk").values_list("pk", flat=True).first()
    evaluation = Evaluation.objects.order_by("-pk").values_list("pk", flat=True).first()
    # An evaluation an agency may open: a published one (evaluation.models), else none for the focal point.
    published_evaluation = (Evaluation.objects.filter(state=Evaluation.State.PUBLISHED).order_by("-pk")
                 .values_list("pk", flat=True).first())
    tracking = Feedback.objects.order_by("pk").values_list("tracking_code", flat=True).first()

    cases = [Page("logged-in floor (frame)", role, SIGNED_IN_FLOOR) for role in ("office", "focal")]
    cases += [Page("profile page", role, "/tai-khoan/") for role in ("office", "focal")]
    for role in ("office", "leader", "focal", "head"):
        cases.append(Page("home /", role, "/"))
    office_lists = [
        ("task list", "/nhiem-vu/"),
        ("task list, overdue", "/nhiem-vu/?status=overdue"),
        ("task list, page 5", "/nhiem-vu/?page=5"),
        ("task list, one organization", f"/nhiem-vu/?organization={agency}"),
        ("task list, search", "/nhiem-vu/?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91"),
    ]
    cases += [Page(label, "office", path) for label, path in office_lists]
    cases += [Page("agency task list", "focal", "/nhiem-vu/"),
              Page("agency task list, page 2", "focal", "/nhiem-vu/?page=2"),
              Page("agency task list, overdue", "focal", "/nhiem-vu/?status=overdue"),
              Page("agency task list, page 5", "focal", "/nhiem-vu/?page=5")]
    cases += [Page("task detail (≈150 updates)", "office", f"/nhiem-vu/{long_task}/"),
              Page("task detail, own task", "focal", f"/nhiem-vu/{own_task}/"),
              Page("document page", "office", f"/van-ban/{document}/"),
              Page("cascade page", "office", f"/van-ban/{document}/chuoi/"),
              Page("documents list", "office", "/van-ban/"),
              Page("organization page", "office", f"/co-quan/{agency}/"),
              Page("organizations list", "office", "/co-quan/"),
              Page("indicator list", "office", "/chi-tieu/"),
              Page("indicator list", "leader", "/chi-tieu/"),
              Page("indicator list", "focal", "/chi-tieu/"),
              Page("indicator list, page 2", "office", "/chi-tieu/?page=2"),
              Page("indicator list, off track", "office", "/chi-tieu/?status=off_track"),
              Page("indicator detail", "office", f"/chi-tieu/{indicator}/"),
              Page("indicator detail", "focal", f"/chi-tieu/{indicator}/"),
              Page("indicator detail, another's published", "focal", f"/chi-tieu/{published_indicator}/"),
              Page("reports (mine)", "focal", "/bao-cao/"),
              Page("reporting board", "office", "/bao-cao/theo-doi/"),
              Page("province dashboard", "leader", "/bang-dieu-khien/"),
              # Cold first views (after a write, or an agency's first of the day): computed on every request.
              Page("province dashboard, cold", "leader", "/bang-dieu-khien/?tinh-lai=1"),
              # Its parts a cold view loads after it (ADR 0059), opened as pages of their own (the page's script
              # asks for the part alone: a little less).
              Page("province dashboard, cold: reports part", "leader", "/bang-dieu-khien/phan/bao-cao/?tinh-lai=1"),
              Page("province dashboard, cold: indicators part", "leader",
                   "/bang-dieu-khien/phan/chi-tieu/?tinh-lai=1"),
              Page("home /, cold", "focal", "/?tinh-lai=1"),
              Page("early warnings, cold", "office", "/canh-bao/?tinh-lai=1"),
              Page("early warnings, cold: its parts", "office", "/canh-bao/phan/?tinh-lai=1"),
              Page("early warnings", "office", "/canh-bao/"),
              # What the focal point's browser loads after the page (ADR 0059): kept once loaded, so the page's
              # next view is whole and kept too, as for the office above.
              Page("early warnings: its parts", "focal", "/canh-bao/phan/"),
              Page("early warnings", "focal", "/canh-bao/"),
              Page("early warnings, a list's page", "office", "/canh-bao/?danh-sach=qua-han&page=2"),
              Page("search", "office", "/tim-kiem/?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91"),
              Page("search", "focal", "/tim-kiem/?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91"),
              Page("search, progress updates only", "office",
                   "/tim-kiem/?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91&loai=update"),
              Page("search API", "leader", "/api/v1/search?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91", api=True),
              Page("metrics API", "office", "/api/v1/metrics", api=True),
              Page("data quality", "office", "/chat-luong-du-lieu/"),
              Page("data quality, all agencies", "office", "/chat-luong-du-lieu/?kiem-tra=co-quan"),
              Page("evaluation list", "office", "/danh-gia/"),
              Page("feedback inbox", "office", "/phan-anh/"),
              Page("feedback inbox", "focal", "/phan-anh/"),
              Page("outreach summary", "office", "/tuyen-truyen/tong-hop/"),
              Page("reorganization preview", "office", "/sap-xep-co-quan/"),
              # The organization chooser's suggestions (forms with large choice lists: ADR 0056).
              Page("organization chooser API", "office", "/api/v1/organizations/choices?q=S%E1%BB%9F", api=True),
              Page("ask page", "focal", "/hoi-dap/"),
              Page("public page", "anonymous", "/cong-khai/"),
              Page("feedback public form", "anonymous", "/phan-anh-kien-nghi/")]
    if report:
        cases.append(Page("a report", "focal", f"/bao-cao/{report}/"))
        cases.append(Page("a report", "office", f"/bao-cao/{report}/"))
    cases += [Page("agency dashboard", "focal", "/bang-dieu-khien/"),
              Page("agency dashboard, cold", "focal", "/bang-dieu-khien/?tinh-lai=1"),
              Page("agency dashboard, cold: reports part", "focal", "/bang-dieu-khien/phan/bao-cao/?tinh-lai=1"),
              Page("agency dashboard, cold: indicators part", "focal", "/bang-dieu-khien/phan/chi-tieu/?tinh-lai=1")]
    # Cold first views after a real write (a progress update, untimed, before each view): what the page
    # computes again after a write, with what the write did not change kept (ADR 0052).
    cases += [Page("province dashboard, after a write", "leader", "/bang-dieu-khien/", after_update_of=own_task),
              Page("agency dashboard, after a write", "focal", "/bang-dieu-khien/", after_update_of=own_task),
              Page("home /, after a write", "focal", "/", after_update_of=own_task),
              Page("early warnings, after a write", "office", "/canh-bao/", after_update_of=own_task)]
    if evaluation:
        cases.append(Page("evaluation ranking", "office", f"/danh-gia/{evaluation}/"))
    if published_evaluation:
        cases.append(Page("evaluation ranking", "focal", f"/danh-gia/{published_evaluation}/"))
    if tracking:
        cases.append(Page("feedback public lookup", "anonymous", f"/phan-anh-kien-nghi/tra-cuu/?ma={tracking}"))
    return cases


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--only", default="",
                        help="only the cases whose label contains this text (or one of several, split by |)")
    parser.add_argument("--json", default="", help="write the results here too")
    parser.add_argument("--list", action="store_true", help="print the users and cases as JSON (for run.py)")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamsat.config.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("GIAMSAT_DEMO_MODE", "1")  # the synthetic users are demo accounts (ADR 0015)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from giamsat.accounts.models import User

    users = people()
    if args.list:
        print(json.dumps({"users": users, "pages": [vars(p) for p in pages(users)]}, ensure_ascii=False))
        return 0
    clients = {"anonymous": Client(HTTP_HOST="127.0.0.1")}
    for role, username in users.items():
        clients[role] = Client(HTTP_HOST="127.0.0.1")
        clients[role].force_login(User.objects.get(username=username))
    count = [0]

    def counted(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    def timed(client, path) -> tuple[float, int, int]:
        count[0] = 0
        start = time.perf_counter()
        with connection.execute_wrapper(counted):
            response = client.get(path)
        return (time.perf_counter() - start) * 1000, count[0], response.status_code

    def write(task_id: int, n: int) -> None:
        """A progress update by the focal point on its own task, as the task page posts it (committed)."""
        from giamsat.tasks.models import ProgressUpdate, Task
        from giamsat.tasks.services import progress_update_create

        focal = User.objects.select_related("organization").get(username=users["focal"])
        progress_update_create(user=focal, task=Task.objects.get(pk=task_id), state=ProgressUpdate.State.IN_PROGRESS,
                               narrative=f"Cập nhật đo hiệu năng {n}")

    from django.test.utils import override_settings

    # After a write the page must show it: no stale copy, no background thread computing it meanwhile.
    showing_writes = override_settings(DASHBOARD_MAX_STALE=0, DASHBOARD_REFRESH_IN_BACKGROUND=False)
    results = []
    print(f"{'case':<34} {'role':<9} {'median':>7} {'p95':>7} {'queries':>7} {'/healthz p95':>12} {'ratio':>6}")
    for page in pages(users):
        if args.only and not any(text in page.label for text in args.only.split("|")):
            continue
        client = clients[page.role]
        if page.after_update_of:
            showing_writes.enable()
        timed(client, page.path)  # warm-up: the first view (snapshots computed, templates compiled)
        times, floors, queries, status = [], [], 0, 0
        for n in range(args.repeat):
            if page.after_update_of:
                write(page.after_update_of, n)  # untimed
            elapsed, queries, status = timed(client, page.path)
            times.append(elapsed)
            floors.append(timed(clients["anonymous"], FLOOR_PATH)[0])
        if page.after_update_of:
            showing_writes.disable()
        row = {"case": page.label, "role": page.role, "path": page.path, "status": status,
               "p50_ms": round(statistics.median(times), 2), "p95_ms": round(percentile(times, 95), 2),
               "queries": queries, "floor_p95_ms": round(percentile(floors, 95), 2)}
        row["ratio_p95"] = round(row["p95_ms"] / row["floor_p95_ms"], 1)
        results.append(row)
        print(f"{page.label:<34} {page.role:<9} {row['p50_ms']:7.1f} {row['p95_ms']:7.1f} {queries:7d} "
              f"{row['floor_p95_ms']:12.1f} {row['ratio_p95']:6.1f}{'' if status == 200 else f'  HTTP {status}'}")
        sys.stdout.flush()
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"load": os.getloadavg(), "results": results}, out, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
