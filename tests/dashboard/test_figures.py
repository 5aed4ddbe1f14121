"""Dashboard figures against hand-computed expectations (see the table in tests/dashboard/conftest.py)."""

import datetime as dt

import pytest

from giamsat.dashboard.progress import document_progress
from giamsat.dashboard.punctuality import punctuality
from giamsat.dashboard.selectors import indicator_summary, task_summary
from giamsat.dashboard.warnings import early_warnings
from tests.dashboard_page import opened

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 10)


def test_task_counts_shares_and_headline_ratios(dash):
    s = task_summary(dash["users"]["leader"], today=TODAY)
    assert s.total == 8
    assert s.counts == {
        "not_started": 3,
        "done_on_time": 1,
        "done_late": 1,
        "overdue": 1,
        "in_progress": 1,
        "cancelled": 1,
    }
    assert s.shares["not_started"] == 37.5 and s.shares["overdue"] == 12.5
    assert [r[0] for r in s.status_rows] == [
        "not_started",
        "in_progress",
        "overdue",
        "done_on_time",
        "done_late",
        "cancelled",
    ]
    assert s.status_rows[2][4] == "/nhiem-vu/?status=overdue"
    # due by 10/01/2026: on_time (30/11), late (30/09), overdue (31/12) → 2 of 3 done
    assert (s.due_total, s.due_done, s.due_done_ratio, s.overdue_ratio) == (3, 2, 66.7, 12.5)
    assert [t.name for t in s.overdue] == ["Nhiệm vụ overdue"]
    assert [t.name for t in s.soon] == ["Nhiệm vụ soon"]


def test_by_lead_organization(dash):
    s = task_summary(dash["users"]["leader"], today=TODAY)
    culture, science = dash["orgs"]["culture"], dash["orgs"]["science"]
    rows = {r.key: r for r in s.by_org}
    assert [r.key for r in s.by_org] == [culture.pk, science.pk]  # most overdue first
    c, k = rows[culture.pk], rows[science.pk]
    assert (
        c.total,
        c.cells["not_started"].n,
        c.cells["done_on_time"].n,
        c.cells["overdue"].n,
        c.cells["cancelled"].n,
    ) == (5, 2, 1, 1, 1)
    assert (k.total, k.cells["not_started"].n, k.cells["done_late"].n, k.cells["in_progress"].n) == (
        4,
        2,
        1,
        1,
    )
    assert (c.done_share, c.overdue_share, k.done_share, k.overdue_share) == (20.0, 20.0, 25.0, 0.0)
    assert c.cells["overdue"].url == f"/nhiem-vu/?status=overdue&organization={culture.pk}&role=lead"
    assert c.url == f"/nhiem-vu/?organization={culture.pk}&role=lead"


def test_by_solution_group(dash):
    s = task_summary(dash["users"]["leader"], today=TODAY)
    groups = {r.key: r for r in s.by_group}
    assert set(groups) == {1, 5, None}
    assert (groups[1].total, groups[1].cells["overdue"].n, groups[1].cells["done_on_time"].n) == (3, 1, 1)
    assert (groups[5].total, groups[5].cells["done_late"].n, groups[5].cells["not_started"].n) == (3, 1, 2)
    assert (groups[None].total, groups[None].url, groups[None].cells["cancelled"].url) == (2, "", "")
    assert groups[5].cells["done_late"].url == "/nhiem-vu/?status=done_late&solution_group=5"


def test_every_number_links_to_the_list_behind_it(client, dash):
    """Follow the links of the counts: the list page shows exactly that many tasks."""
    client.force_login(dash["users"]["leader"])
    s = task_summary(dash["users"]["leader"], today=TODAY)
    checks = [(n, url) for _, _, n, _, url in s.status_rows]
    for row in s.by_org + [r for r in s.by_group if r.key]:
        checks.append((row.total, row.url))
        checks += [(cell.n, cell.url) for cell in row.cells.values() if cell.n]  # zeros are not links
    for n, url in checks:
        page = client.get(url).content.decode()
        assert f'<p class="lead">{n} nhiệm vụ' in page, url


def test_completion_trend(dash):
    trend = {p.month: p for p in task_summary(dash["users"]["leader"], today=TODAY).trend}
    assert len(trend) == 12 and list(trend)[-1] == "01/2026"
    assert (trend["09/2025"].due, trend["09/2025"].done, trend["09/2025"].ratio) == (1, 0, 0.0)
    assert (trend["10/2025"].due, trend["10/2025"].done, trend["10/2025"].ratio) == (1, 1, 100.0)
    assert (trend["11/2025"].due, trend["11/2025"].done, trend["11/2025"].ratio) == (2, 2, 100.0)
    assert (trend["12/2025"].due, trend["12/2025"].done, trend["12/2025"].ratio) == (3, 2, 66.7)
    assert (trend["01/2026"].due, trend["01/2026"].ratio) == (3, 66.7)
    assert trend["08/2025"].ratio is None


def test_reporting_punctuality_heat_map(dash):
    p = punctuality(dash["users"]["leader"], today=TODAY, months=6)
    assert [label for _, label in p.columns] == [
        "08/2025",
        "09/2025",
        "10/2025",
        "11/2025",
        "12/2025",
        "01/2026",
    ]
    assert p.totals == {"on_time": 2, "late": 1, "missing": 1, "pending": 2} and p.rate == 50.0
    rows = {r.organization.code: r for r in p.rows}
    culture, science = rows["svhttdl"], rows["skhcn"]
    assert [c.css for c in culture.cells[3:]] == ["hm-good", "hm-late", "hm-pending"]
    assert [c.text for c in culture.cells[3:]] == ["1/1", "0/1", "…"]
    assert [c.css for c in science.cells[3:]] == ["hm-good", "hm-bad", "hm-pending"]
    assert culture.totals == {"on_time": 1, "late": 1, "pending": 1} and culture.rate == 50.0
    assert science.totals == {"on_time": 1, "missing": 1, "pending": 1}
    assert culture.cells[0].css == "hm-none" and culture.cells[0].text == ""


def test_punctuality_of_an_agency_is_its_own_row_only(dash):
    p = punctuality(dash["users"]["focal_culture"], today=TODAY, months=6)
    assert [r.organization.code for r in p.rows] == ["svhttdl"]
    assert p.totals == {"on_time": 1, "late": 1, "pending": 1}


def test_indicator_counts(dash):
    summary = indicator_summary(dash["users"]["leader"], today=TODAY)
    assert summary.counts == {"achieved": 1, "on_track": 1, "at_risk": 1, "off_track": 1, "no_data": 1}
    assert {i.code: i.assessment.status for i in summary.items} == {
        "KHCN-01": "on_track",
        "VH-01": "off_track",
        "VH-02": "no_data",
        "KHCN-02": "achieved",
        "KHCN-03": "at_risk",
    }
    agency = indicator_summary(dash["users"]["focal_culture"], today=TODAY)
    # its own two, and the two published ones seen as the public sees them (KHCN-02's value is not verified)
    assert {i.code: i.assessment.status for i in agency.items} == {
        "VH-01": "off_track",
        "VH-02": "no_data",
        "KHCN-01": "on_track",
        "KHCN-02": "no_data",
    }


def test_agency_dashboard_counts_only_its_tasks(dash):
    s = task_summary(dash["users"]["focal_science"], today=TODAY)
    # Its figures count the tasks it leads (science, both, late, soon), as the metrics of scope
    # organization:<id> do; the culture task it coordinates is counted apart (issue #16).
    assert s.total == 4 and s.counts == {"not_started": 2, "done_late": 1, "in_progress": 1}
    assert s.coordinated == 1
    assert task_summary(dash["users"]["office"], today=TODAY).coordinated is None


def test_document_progress_down_the_cascade(dash):
    rows = document_progress(dash["users"]["leader"], dash["program"], today=TODAY)
    assert [(r.depth, r.document.number) for r in rows] == [(0, "63-CTr/TU"), (1, "2653/KH-UBND")]
    program, plan = rows
    assert (program.total, program.done, program.overdue, program.done_share) == (3, 2, 1, 66.7)
    assert (plan.total, plan.counts) == (5, {"not_started": 3, "in_progress": 1, "cancelled": 1})
    assert plan.url == f"/nhiem-vu/?document={dash['doc'].pk}"


def test_early_warnings(dash):
    w = early_warnings(dash["users"]["office"], today=TODAY)
    assert [t.name for t in w.overdue] == ["Nhiệm vụ overdue"]
    assert [t.name for t in w.soon] == ["Nhiệm vụ soon"]
    assert [i.code for i in w.indicators] == ["VH-01", "KHCN-03"]  # off track first, then at risk
    assert [(p.label, org.code) for p, org, _ in w.reports_missing] == [("Tháng 11/2025", "skhcn")]
    agency = early_warnings(dash["users"]["focal_culture"], today=TODAY)
    assert agency.reports_missing == [] and [i.code for i in agency.indicators] == ["VH-01"]


def test_dashboard_page_shows_the_figures(client, dash):
    client.force_login(dash["users"]["leader"])
    page = opened(client, "/bang-dieu-khien/")
    assert "66,7%" in page and "12,5%" in page  # due tasks done, overdue share
    assert 'href="/nhiem-vu/?status=overdue"' in page
    assert 'id="dashboard-data"' in page and "vendor/chart-4.6.1.umd.min.js" in page
    assert 'class="hm hm-bad"' in page and "style=" not in page.split("<main", 1)[1]
    assert "<script>" not in page  # no inline script (Content-Security-Policy)


def test_summary_api(client, dash, bearer):
    data = client.get("/api/v1/dashboard/summary", **bearer(dash["users"]["leader"])).json()
    tasks = data["tasks"]
    assert tasks["total"] == 8 and tasks["by_status"]["overdue"] == 1 and tasks["by_status"]["reported"] == 0
    assert tasks["due_done_ratio"] == 66.7
    org = {o["name"]: o for o in tasks["by_lead_organization"]}
    assert org["Sở VHTTDL"]["total"] == 5 and org["Sở VHTTDL"]["by_status"]["done_on_time"] == 1
    assert data["indicators"] == {
        "total": 5,
        "by_status": {"achieved": 1, "on_track": 1, "at_risk": 1, "off_track": 1, "no_data": 1},
    }
    rep = data["reporting"]
    assert (rep["on_time"], rep["late"], rep["missing"], rep["pending"], rep["on_time_rate"]) == (
        2,
        1,
        1,
        2,
        50.0,
    )
    agency = client.get("/api/v1/dashboard/summary", **bearer(dash["users"]["focal_culture"])).json()
    assert agency["tasks"]["total"] == 5 and [o["name"] for o in agency["reporting"]["by_organization"]] == [
        "Sở Văn hóa, Thể thao và Du lịch"
    ]
    assert client.get("/api/v1/dashboard/summary").status_code == 401


def test_warnings_api(client, dash, bearer):
    data = client.get("/api/v1/dashboard/warnings", **bearer(dash["users"]["office"])).json()
    kinds = [i["kind"] for i in data["items"]]
    assert (
        kinds.count("task_overdue") == 1
        and kinds.count("report_missing") == 1
        and kinds.count("indicator") == 2
    )
    assert data["total"] == len(data["items"])
