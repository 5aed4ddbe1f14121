"""The province dashboard computed in full («Tính lại», issue #25): what was made cheaper writes the same text
and reads the same rows as before — the breakdowns' links (each cell's query string built from its row's),
the chart data (`data_script` for `json_script`) and the first overdue and soon-due tasks (their leads'
names read once for both lists, as plain rows)."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import json_script

from giamsat.dashboard.selectors import _breakdown, first_lists, task_summary, tasks_url
from giamsat.dashboard.templatetags.dashboard_tags import data_script
from giamsat.organizations.models import Organization, OrganizationGroup
from giamsat.tasks.selectors import task_list, with_current_status
from giamsat.tasks.services import task_assign
from giamsat.tasks.status import LABELS, StatusCode

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 10)


def _old_url(base, params, code):
    """A cell's link as the breakdown wrote it before: `tasks_url` of the status and the row's filters."""
    return tasks_url(base=base, **{"status": code, **params})


@pytest.mark.parametrize("params", [
    {"solution_group": 3},
    {"organization": 12, "role": "lead", "resolution": "57"},
    {"organization": 12, "role": "lead", "q": "chuyển đổi số & <AI>"},  # not plain: urlencoded
    {"solution_group": 2, "document": None, "resolution": ""},  # empty filters left out
    {},
])
def test_breakdown_cell_links_are_the_old_ones(params):
    codes = list(LABELS)
    row = _breakdown(1, "Sở", dict.fromkeys(codes, 1), codes, params, "/nhiem-vu/")
    assert {c: cell.url for c, cell in row.cells.items()} == {c: _old_url("/nhiem-vu/", params, c) for c in codes}
    unlinked = _breakdown(None, "Chưa phân nhóm", dict.fromkeys(codes, 1), codes, None, "/nhiem-vu/")
    assert all(cell.url == "" for cell in unlinked.cells.values())


def test_dashboard_links_and_chart_data_unchanged(dash):
    s = task_summary(dash["users"]["leader"], today=TODAY)
    assert s.by_org and s.by_group
    for row in s.by_org + s.by_group:
        if row.params is not None:
            assert all(cell.url == _old_url(row.base, row.params, c) for c, cell in row.cells.items())
    charts = {"groups": [[c.url for c in r.cells.values()] for r in s.by_group], "labels": [r.label for r in s.by_org],
              "text": "<script>&'\"</script> Sở Văn hoá"}
    ours, django_s = data_script(charts, "dashboard-data"), json_script(charts, "dashboard-data")
    body = ours.split(">", 1)[1].rsplit("</script>", 1)[0]
    # the same data as json_script's, with its escapes (nothing closes the script), letters written as letters
    assert json.loads(body) == json.loads(django_s.split(">", 1)[1].rsplit("</script>", 1)[0]) == charts
    assert ours.startswith('<script id="dashboard-data" type="application/json">')
    assert "<" not in body and ">" not in body and "&" not in body and "\\u003C/script\\u003E" in body
    assert "Sở Văn hoá" in body and len(ours.encode()) < len(django_s.encode())


def test_first_lists_read_the_lead_assignments_once_for_both(dash):
    leader = dash["users"]["leader"]
    qs = with_current_status(task_list(leader, coordinators=False), today=TODAY)
    overdue_qs = qs.filter(cur_code=StatusCode.OVERDUE).order_by("cur_due", "id")
    soon_qs = qs.filter(cur_warning=True).order_by("cur_due", "id")
    # One overdue task given to a group as well: the group's phrase stands for its members, once.
    group = OrganizationGroup.objects.create(name="Các sở, ban, ngành tỉnh")
    members = [o for o in Organization.objects.order_by("pk") if not o.task_assignments.exists()][:2]
    first_overdue = overdue_qs.first()
    task_assign(task=first_overdue, organizations=members, role="lead", via_group=group)
    with CaptureQueriesContext(connection) as ctx:
        overdue, soon = first_lists(overdue_qs, soon_qs, today=TODAY)
    assert overdue and soon
    assignment_reads = [q for q in ctx.captured_queries if 'FROM "tasks_taskassignment"' in q["sql"]]
    assert len(assignment_reads) == 1
    # The same tasks, with the same lead names, as each list read with its own prefetch (assignments as models).
    for got, qs_ in ((overdue, overdue_qs), (soon, soon_qs)):
        expected = list(qs_[:20])
        assert [t.pk for t in got] == [t.pk for t in expected]
        assert [t.lead_names() for t in got] == [t.lead_names() for t in expected]
    shown = next(t for t in overdue if t.pk == first_overdue.pk).lead_names()
    assert shown[-1] == "Các sở, ban, ngành tỉnh" and shown.count("Các sở, ban, ngành tỉnh") == 1 and len(shown) >= 2
