"""The reporting pages, the dashboards and the early warnings near the floor (issue #25, ADR 0047): their query
counts on a synthetic province, cold (`?tinh-lai=1`) and warm; the rows now written in Python give the markup
the templates wrote; agencies' kept pages are warmed by the daily job and computed again after a write."""

import datetime as dt
import re
from urllib.parse import urlencode

import pytest
import time_machine
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.bench_modules import bench_module

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 6, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
# The most queries each page may make on the small synthetic country (measured, session 10). Before this
# change: reports (mine) 13, board 12, dashboard cold 33, agency dashboard cold 30, home cold 25, early
# warnings cold 27 (PostgreSQL, province scale; the small country makes the same number or fewer).
MAX_QUERIES = {
    # +1 on a report and an agency's reports: the «Đã gửi Hệ thống 57» mark read from the push log (ADR 0049);
    # +1 on the cold dashboards, home and early warnings: the root resolutions of their drop-down (ADR 0040).
    ("reports (mine)", "focal"): 13,
    ("reporting board", "office"): 10,
    ("a report", "focal"): 5,
    ("a report", "office"): 4,
    ("province dashboard", "leader"): 1,
    # The cold dashboards compute the task figures; their parts not kept are loaded after them (ADR 0059): 30 and
    # 32 queries for the whole page before, 15 and 16 the page, 9 the punctuality, 4 the indicators now.
    ("province dashboard, cold", "leader"): 15,
    ("province dashboard, cold: reports part", "leader"): 9,
    ("province dashboard, cold: indicators part", "leader"): 4,
    ("agency dashboard", "focal"): 2,
    ("agency dashboard, cold", "focal"): 16,
    ("agency dashboard, cold: reports part", "focal"): 9,
    ("agency dashboard, cold: indicators part", "focal"): 4,
    ("home /, cold", "focal"): 21,  # 27 before its reporting read only what it shows (session 13)
    # The early warnings' indicators and missing reports come after the page (ADR 0059): 21 before.
    ("early warnings, cold", "office"): 10,
    ("early warnings, cold: its parts", "office"): 12,
}



def _tight(html: str) -> str:
    """The markup without the whitespace between tags (the Python rows do not indent like the templates)."""
    return re.sub(r">\s+<", "><", html).strip()


# The row loops as the templates wrote them before (issue #25): the Python rows must give the same markup.
OLD_BREAKDOWN = """{% load indicator_tags %}{% for r in rows %}<tr>
<td>{% if link_org and r.key %}<a href="{% url 'web:organization' r.key %}">{{ r.label }}</a>{% else %}{{ r.label }}{% endif %}</td>
<td class="num">{% if r.url %}<a href="{{ r.url }}">{{ r.total }}</a>{% else %}{{ r.total }}{% endif %}</td>
{% for code, cell in r.cells.items %}<td class="num">{% if cell.n and cell.url %}<a href="{{ cell.url }}">{{ cell.n }}</a>{% else %}{{ cell.n }}{% endif %}</td>{% endfor %}
<td class="num">{{ r.done_share|vn_pct }}</td><td class="num">{{ r.overdue_share|vn_pct }}</td></tr>{% endfor %}"""  # noqa: E501
OLD_HEATMAP = """{% load indicator_tags %}{% for row in rows %}<tr>
<td><a href="{% url 'web:organization' row.organization.pk %}">{{ row.organization.display_name }}</a></td>
{% for c in row.cells %}<td class="hm {{ c.css }}" title="{{ c.title }}">{% if c.text and c.url %}<a href="{{ c.url }}">{{ c.text }}</a>{% else %}{{ c.text }}{% endif %}</td>{% endfor %}
<td class="num">{{ row.totals.on_time|default:0 }}</td><td class="num">{{ row.totals.late|default:0 }}</td><td class="num">{{ row.totals.missing|default:0 }}</td>
<td class="num">{{ row.rate|vn_pct }}</td></tr>{% endfor %}"""  # noqa: E501
OLD_MISSING = """{% load giamsat_tags %}{% for p, org, sub in rows %}
<tr><td>{{ p.rule.document.label }} — {{ p.rule.get_frequency_display|lower }}</td><td>{{ p.label }}</td><td>{{ p.due_date|vn_date }}</td><td><a href="{% url 'web:organization' org.pk %}">{{ org.display_name }}</a></td></tr>{% endfor %}"""  # noqa: E501
OLD_BOARD = """{% load reporting_tags %}{% for row in rows %}<tr><td><a href="{% url 'web:organization' row.organization.pk %}">{{ row.organization.display_name }}</a></td>
{% for cell in row.cells %}<td>{% if cell.report %}<a href="{% url 'reporting:report' cell.report.pk %}">{% submission_badge cell %}</a>{% else %}{% submission_badge cell %}{% endif %}</td>{% endfor %}</tr>{% endfor %}"""  # noqa: E501


def _old(template: str, **context) -> str:
    return _tight(Template(template).render(Context(context)))


def test_pages_in_bounded_queries_and_rows_as_the_templates_wrote_them(client, settings):
    from giamsat.accounts.models import User
    from giamsat.dashboard.punctuality import punctuality
    from giamsat.dashboard.selectors import task_summary
    from giamsat.dashboard.templatetags.dashboard_tags import breakdown_rows, heatmap_rows, missing_report_rows
    from giamsat.dashboard.warnings import early_warnings
    from giamsat.reporting.models import ReportingRule
    from giamsat.reporting.submissions import submission_board
    from giamsat.reporting.templatetags.reporting_tags import board_rows
    from giamsat.synth import SCALES, generate

    settings.GIAMSAT_DEMO_MODE = True  # the synthetic users are demo accounts (ADR 0015)
    bench = bench_module("pages")
    with time_machine.travel(DAY, tick=True):
        generate(SCALES["small"], seed=5, as_of=DAY.date())
        users = bench.people()
        measured = {}
        for page in bench.pages(users):
            if (page.label, page.role) not in MAX_QUERIES:
                continue
            client.logout()
            client.force_login(User.objects.get(username=users[page.role]))
            client.get(page.path)  # the first view computes the snapshots
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(page.path)
            assert response.status_code == 200, (page, response.status_code)
            measured[(page.label, page.role)] = len(ctx.captured_queries)
        assert measured.keys() == MAX_QUERIES.keys(), measured
        over = {k: (n, MAX_QUERIES[k]) for k, n in measured.items() if n > MAX_QUERIES[k]}
        assert not over, (over, measured)

        today = DAY.date()
        leader, office = (User.objects.get(username=users[r]) for r in ("leader", "office"))
        summary = task_summary(leader, today=today)
        assert summary.by_org and summary.by_group
        for rows, link_org in ((summary.by_org, True), (summary.by_group, False)):
            assert _tight(breakdown_rows(rows, link_org)) == _old(OLD_BREAKDOWN, rows=rows, link_org=link_org)
        heat = punctuality(leader, today=today, months=12)
        assert heat.rows
        assert _tight(heatmap_rows(heat.rows)) == _old(OLD_HEATMAP, rows=heat.rows)
        full = early_warnings(office, today=today)
        missing = full.reports_missing
        assert missing
        # A country's page shows the first of each list, with how many there are: the same as the full lists.
        first = early_warnings(office, today=today, shown=2)
        for name in ("overdue", "soon", "not_reported", "indicators", "reports_missing"):
            assert getattr(first, f"{name}_total") == len(getattr(full, name)), name
            assert [getattr(x, "pk", x) for x in getattr(first, name)] == [
                getattr(x, "pk", x) for x in getattr(full, name)[:2]], name
        assert first.total == full.total and len(full.overdue) > 2
        assert early_warnings(office, today=today, shown=10 ** 6).total == full.total
        assert _tight(missing_report_rows(missing)) == _old(OLD_MISSING, rows=missing)
        rule = ReportingRule.objects.order_by("pk").first()
        board = submission_board(office, rule=rule, columns=12, today=today)
        assert board.rows and any(c is not None and c.report for r in board.rows for c in r.cells)
        assert _tight(board_rows(board.rows)) == _old(OLD_BOARD, rows=board.rows)


@pytest.mark.parametrize("params", [
    {"status": "overdue", "organization": 12, "role": "lead"},
    {"status": "done_on_time", "solution_group": 3, "document": None},
    {"q": "chuyển đổi số", "status": "overdue"},  # quoted as urlencode quotes it
    {"due_to": dt.date(2026, 1, 31), "status": ""},
    {"flag": True, "x": "a b&c"},
    {},
])
def test_task_links_are_the_urlencoded_ones(params):
    from giamsat.dashboard.selectors import query_string, tasks_url

    assert query_string(params) == urlencode({k: v for k, v in params.items() if v not in (None, "")})
    assert tasks_url(**params).startswith("/nhiem-vu/")


def _focal(province):
    return province["users"]["focal_culture"]


def test_an_agencys_kept_pages_are_computed_again_after_a_write(client, province, settings):
    """After a write that changes an agency's figures, `refresh_agencies` (run in a thread shortly after the
    commit in a server) computes its home and dashboard again: the next view computes nothing."""
    from giamsat.dashboard import snapshots
    from giamsat.dashboard.views import leaders_snapshot
    from giamsat.web.views import home_snapshot

    focal = _focal(province)
    today = timezone.localdate()
    assert {kind for kind, _, _ in snapshots.AGENCY_SNAPSHOTS} == {"home-3", "leaders-page"}
    assert snapshots.refresh_agencies({focal.organization_id}, today=today) == 0  # nothing kept: nothing to do
    home_snapshot(focal, today=today)
    leaders_snapshot(focal, today=today)
    assert snapshots.refresh_agencies({focal.organization_id}, today=today) == 0  # kept and current
    snapshots.renew([f"org:{focal.organization_id}"])  # what a commit of its report or progress update does
    assert snapshots.refresh_agencies({focal.organization_id}, today=today) == 2
    computed = []
    compute = lambda: computed.append(1)  # noqa: E731
    assert snapshots.snapshot("home-3", focal, compute, today=today).current
    assert snapshots.snapshot("leaders-page", focal, compute, today=today, params={"months": 6}).current
    assert not computed
    # Another agency's write leaves this one alone.
    other = next(o for key, o in province["orgs"].items() if o.pk != focal.organization_id)
    snapshots.renew([f"org:{other.pk}"])
    assert snapshots.refresh_agencies({focal.organization_id}, today=today) == 0


@pytest.mark.django_db(transaction=True)
def test_refresh_on_commit_is_started_after_the_commit_only(monkeypatch, settings, province):
    """The writer's request reads nothing for it: the organizations of the renewed scopes are handed to a
    background thread once the transaction commits, never when it rolls back."""
    from django.db import transaction

    from giamsat.dashboard import snapshots

    settings.DASHBOARD_REFRESH_IN_BACKGROUND = True
    handed = []
    monkeypatch.setattr(snapshots, "refresh_agencies_in_background", lambda ids: handed.append(set(ids)))
    org = _focal(province).organization_id
    with pytest.raises(RuntimeError), transaction.atomic():
        snapshots.renew_on_commit(lambda: ["all", f"org:{org}"])
        raise RuntimeError("rolled back")
    assert handed == []
    with transaction.atomic():
        snapshots.renew_on_commit(lambda: ["all", f"org:{org}", "any"])
        assert handed == []  # nothing before the commit
    assert handed == [{org}]
    settings.DASHBOARD_REFRESH_IN_BACKGROUND = False  # as in tests: no thread would see a test's transaction
    with transaction.atomic():
        snapshots.renew_on_commit(lambda: [f"org:{org}"])
    assert handed == [{org}]


def test_the_daily_job_warms_each_agencys_home_and_dashboard(client, province, monkeypatch):
    from django.core.management import call_command

    from giamsat.dashboard import snapshots

    focal = _focal(province)
    call_command("refresh-statuses")
    computed = []
    compute = lambda: computed.append(1)  # noqa: E731
    today = timezone.localdate()
    assert snapshots.snapshot("home-3", focal, compute, today=today).current
    assert snapshots.snapshot("leaders-page", focal, compute, today=today, params={"months": 6}).current
    assert not computed
    # The agency's first views of the day compute nothing: both pages answer from the kept copies.
    def fail(*args, **kwargs):
        raise AssertionError("computed on view")

    monkeypatch.setattr("giamsat.web.views._home_figures", fail)
    monkeypatch.setattr("giamsat.dashboard.views._leaders_body", fail)
    client.force_login(focal)
    assert client.get("/").status_code == 200
    assert client.get("/bang-dieu-khien/").status_code == 200


def test_the_daily_job_computes_the_days_data_quality_so_its_first_view_does_not(client, province, monkeypatch):
    # A country's checks read every task and progress update (≈14 s, issue #25): the office's first view of
    # the day reads the copy the daily job kept, and a job without warming (--no-warm) leaves it to the view.
    from django.core.management import call_command

    from giamsat.dashboard import snapshots

    def fail(*args, **kwargs):
        raise AssertionError("computed on view")

    call_command("refresh-statuses", "--no-warm")
    snapshots.forget_all()
    monkeypatch.setattr("giamsat.metrics.quality.data_quality", fail)
    client.force_login(province["users"]["office"])
    with pytest.raises(AssertionError, match="computed on view"):
        client.get("/chat-luong-du-lieu/")
    monkeypatch.undo()
    call_command("refresh-statuses")
    monkeypatch.setattr("giamsat.metrics.quality.data_quality", fail)
    response = client.get("/chat-luong-du-lieu/")
    assert response.status_code == 200
    assert "Nhiệm vụ không có thời hạn" in response.content.decode()
