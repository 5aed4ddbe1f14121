"""Every surface shows the same value for every figure it shares with GET /api/v1/metrics (issue #16).

The fixture province of the dashboard's tests (tests/dashboard/conftest.py), plus a task of the programme done
without a deadline: the aggregated report used to count it as "due" (75 %), the dashboard did not (66,7 %).
"""

import datetime as dt
import html
import io
import re

import pytest
from docx import Document as Docx
from openpyxl import load_workbook

from giamsat.core.actors import SYSTEM
from giamsat.metrics.definitions import BY_KEY, format_value

pytestmark = pytest.mark.django_db
ROW = re.compile(r'<tr><td>([^<]+)</td><td class="num">([^<]+)</td></tr>')


@pytest.fixture
def fixture_province(dash):
    from giamsat.documents.models import Document
    from giamsat.tasks.models import ProgressUpdate
    from giamsat.tasks.services import task_create
    from giamsat.tasks.summary import refresh_statuses

    task = task_create(actor=SYSTEM, document=dash["program"], number="9", name="Nhiệm vụ không thời hạn",
                       deadline_text="", leads=[dash["orgs"]["culture"]])
    ProgressUpdate.objects.create(task=task, organization=dash["orgs"]["culture"], reported_on=dt.date(2025, 12, 5),
                                  state="done", is_lead=True)
    refresh_statuses([task.pk])
    Document.objects.update(is_published=True)
    return dash


def _metrics(client, **params) -> dict:
    answer = client.get("/api/v1/metrics", params)
    assert answer.status_code == 200, answer.content
    return {k: v["value"] for k, v in answer.json()["figures"].items()}


def _shown(page: bytes) -> dict[str, str]:
    """label → value of the figures tables (metrics/_figures.html) of a page."""
    return {html.unescape(label): html.unescape(value) for label, value in ROW.findall(page.decode())}


def _assert_table_matches(page: bytes, values: dict, *, at_least: int):
    shown = _shown(page)
    by_label = {f.label: key for key, f in BY_KEY.items()}
    compared = 0
    for label, text in shown.items():
        key = by_label[label]
        assert text == format_value(key, values[key]), (key, text, values[key])
        compared += 1
    assert compared >= at_least


def test_every_surface_shows_the_same_figures(fixture_province, login):
    dash = fixture_province
    client = login(dash["users"]["office"])
    province = _metrics(client, scope="province")
    # By hand: 9 tasks; due: on_time, late, overdue (the done task without a deadline is not due).
    assert (province["tasks_total"], province["tasks_due"], province["tasks_due_done"]) == (9, 3, 2)
    assert province["due_done_share"] == 66.7 and province["overdue_share"] == 11.1

    summary = client.get("/api/v1/dashboard/summary").json()
    for key, value in summary["figures"].items():
        assert province[key] == value, key
    assert summary["tasks"]["due_done_ratio"] == province["due_done_share"]
    assert summary["tasks"]["overdue_ratio"] == province["overdue_share"]
    assert summary["tasks"]["soon_due"] == province["tasks_soon_due"]
    for code in ("on_time", "late", "missing", "pending"):
        assert summary["reporting"][code] == province[f"reports_{code}"], code
    assert summary["reporting"]["on_time_rate"] == province["reports_on_time_share"]
    for code, n in summary["indicators"]["by_status"].items():
        assert province[f"indicators_{code}"] == n, code

    for url in ("/bang-dieu-khien/", "/"):
        page = client.get(url).content.decode()
        assert f"{format_value('due_done_share', province['due_done_share'])}</div>" in page, url
        assert f"({province['tasks_due_done']}/{province['tasks_due']})" in page, url
        assert f"{format_value('overdue_share', province['overdue_share'])}</div>" in page, url

    culture = dash["orgs"]["culture"].pk
    org = _metrics(client, scope=f"organization:{culture}")
    _assert_table_matches(client.get(f"/co-quan/{culture}/").content, org, at_least=10)

    program = dash["program"].pk
    doc = _metrics(client, scope=f"document:{program}")
    _assert_table_matches(client.get(f"/van-ban/{program}/").content, doc, at_least=7)

    public = client.get("/cong-khai/").content
    _assert_table_matches(public, province, at_least=7)  # every document is published

    # The aggregated report of the programme for January 2026, figures as of its cut-off (today here): the
    # old count took the done task without a deadline as due, 3 of 4 (75 %).
    params = {"document": program, "period": "2026-01"}
    book = load_workbook(io.BytesIO(client.get("/api/v1/reports/aggregate", {**params, "format": "xlsx"}).content))
    info = {row[0]: row[1] for row in book["Thông tin"].iter_rows(min_row=2, values_only=True)}
    as_of = info["Tình trạng nhiệm vụ tính đến"].date()
    cut_off = _metrics(client, scope=f"document:{program}", date=as_of.isoformat())
    assert (cut_off["tasks_due"], cut_off["tasks_due_done"], cut_off["due_done_share"]) == (3, 2, 66.7)
    assert info["Tổng số nhiệm vụ"] == cut_off["tasks_total"]
    assert info["Nhiệm vụ đến hạn"] == cut_off["tasks_due"]
    assert info["Nhiệm vụ đến hạn đã hoàn thành"] == cut_off["tasks_due_done"]
    assert info["Nhiệm vụ đến hạn đã hoàn thành (%)"] == cut_off["due_done_share"]
    assert info["Nhiệm vụ quá hạn (%)"] == cut_off["overdue_share"]
    docx = Docx(io.BytesIO(client.get("/api/v1/reports/aggregate", {**params, "format": "docx"}).content))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert f"đạt {format_value('due_done_share', cut_off['due_done_share'])} (2/3 nhiệm vụ đến hạn)" in text
    assert "75%" not in text


def test_an_agency_dashboard_counts_the_tasks_it_leads_and_shows_coordinated_ones_apart(fixture_province, login):
    """An agency's figures are those of scope organization:<its id> (the tasks it leads); the tasks it only
    coordinates are one labelled count beside them, not mixed in (issue #16)."""
    from giamsat.tasks.services import task_create
    from giamsat.tasks.summary import refresh_statuses

    dash = fixture_province
    culture, science = dash["orgs"]["culture"], dash["orgs"]["science"]
    helped = task_create(actor=SYSTEM, document=dash["program"], number="10", name="Nhiệm vụ phối hợp",
                         deadline_text="Tháng 12/2025", leads=[science], coordinators=[culture])
    refresh_statuses([helped.pk])
    client = login(dash["users"]["focal_culture"])
    own = _metrics(client)  # an agency's default scope: its own organization
    assert own == _metrics(client, scope=f"organization:{culture.pk}")
    visible = client.get("/api/v1/tasks", {"limit": 100}).json()
    visible = visible["items"] if isinstance(visible, dict) else visible
    assert helped.pk in {t["id"] for t in visible}  # it sees the coordinated task…
    assert own["tasks_total"] == len(visible) - 1  # …which the figures do not count

    summary = client.get("/api/v1/dashboard/summary").json()
    for key, value in summary["figures"].items():
        assert own[key] == value, key
    assert summary["tasks"]["total"] == own["tasks_total"]
    assert summary["tasks"]["coordinated"] == 1
    assert summary["tasks"]["due_total"] == own["tasks_due"]

    for url in ("/bang-dieu-khien/", "/"):
        page = client.get(url).content.decode()
        assert f'<div class="n">{own["tasks_total"]}</div><div class="l">Nhiệm vụ chủ trì</div>' in page, url
        assert '<div class="n">1</div><div class="l">Nhiệm vụ phối hợp (không tính' in page, url
        if own["tasks_due"]:
            assert f"({own['tasks_due_done']}/{own['tasks_due']})" in page, url

    office = login(dash["users"]["office"])
    assert office.get("/api/v1/dashboard/summary").json()["tasks"]["coordinated"] is None
