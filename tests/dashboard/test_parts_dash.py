"""The cold first views of the dashboards, the home pages and the early warnings (issue #25, ADR 0052): their
parts are kept per kind of data (`tasks:` and `reports:` scopes), so that a write computes again only what it
changed. A write of each kind shows at once on every page that shows it, the kept page equals the page
computed in full, scopes never share kept parts, and the query counts after a write do not grow with rows."""

import re
from collections import Counter

import pytest
from django.core.cache import caches
from django.db import connection
from django.db.models import Count
from django.db.models.functions import Greatest, TruncMonth
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.dashboard.conftest import grow
from tests.dashboard_page import opened

pytestmark = pytest.mark.django_db

# (user, page): the pages whose first view after a write this file measures.
PAGES = [
    ("leader", "/bang-dieu-khien/"),
    ("focal_culture", "/bang-dieu-khien/"),
    ("focal_culture", "/"),
    ("head_culture", "/"),
    ("leader", "/"),
    ("office", "/canh-bao/"),
    ("focal_culture", "/canh-bao/"),
]
# The most queries each page makes for its first view after a progress update (measured on the fixture and
# on the grown one: the same; the task figures' second, small aggregate of the yellow window is one of
# them). Before ADR 0052 such a view computed the whole page (the «Tính lại» bounds of
# tests/web/test_page_queries_reportpages.py: 30 for the dashboard, 27 home, 21 the warnings).
MAX_AFTER_UPDATE = {
    ("leader", "/bang-dieu-khien/"): 23,
    ("focal_culture", "/bang-dieu-khien/"): 23,
    ("focal_culture", "/"): 18,
    ("head_culture", "/"): 18,
    ("leader", "/"): 18,
    ("office", "/canh-bao/"): 16,  # + the few indicators' series read apart (ADR 0053)
    ("focal_culture", "/canh-bao/"): 17,
}


def _main(html: str) -> str:
    """The page's own content, without the whitespace between tags nor the per-request form tokens."""
    main = html[html.index("<main"):html.index("</main>")]
    main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)
    return re.sub(r">\s+<", "><", main).strip()


def _view(client, user, path: str, **params) -> str:
    """The page as a browser shows it: with the dashboard's parts loaded after it (ADR 0059)."""
    client.force_login(user)
    return _main(opened(client, path, **params))


def _pages(client, users, **params) -> dict:
    return {(role, path): _view(client, users[role], path, **params) for role, path in PAGES}


def _progress(dash, *, n: int = 0):
    """The culture department reports the overdue task done, with its product (a link): its status changes."""
    from giamsat.tasks.services import progress_update_create

    return progress_update_create(user=dash["users"]["focal_culture"], task=dash["tasks"]["overdue"], state="done",
                                  links=[f"https://vanban.laichau.gov.vn/bao-cao-{n}"],
                                  narrative=f"Đã hoàn thành {n}")


def _report(dash):
    """The culture department sends its December report (due 15/01/2026) on time: the punctuality changes."""
    from giamsat.reporting.services import report_approve, report_get_or_create_draft, report_send, report_update

    users = dash["users"]
    draft = report_get_or_create_draft(user=users["focal_culture"], period=dash["periods"]["12"])
    draft = report_update(user=users["focal_culture"], report=draft, lock_version=draft.lock_version,
                          results="Đã tổ chức tuyên truyền")
    approved = report_approve(user=users["head_culture"], report=draft)
    return report_send(user=users["head_culture"], report=approved)


def test_a_write_of_each_kind_shows_at_once_and_the_kept_page_equals_the_full_computation(client, dash):
    from giamsat.indicators.values import indicator_value_review, indicator_value_submit

    users = dash["users"]
    before = _pages(client, users)
    assert before == _pages(client, users)  # kept: the same
    _progress(dash)
    after_update = _pages(client, users)
    assert after_update == _pages(client, users, **{"tinh-lai": "1"})  # kept parts + new = all computed now
    changed = {k for k in PAGES if after_update[k] != before[k]}
    # The task is culture's: its pages and the province's show it; the office's warnings lose an overdue task.
    assert changed == set(PAGES), set(PAGES) - changed
    _report(dash)
    after_report = _pages(client, users)
    assert after_report == _pages(client, users, **{"tinh-lai": "1"})
    # The dashboards' punctuality and the agency's reporting duties on its home show the report.
    for key in [("leader", "/bang-dieu-khien/"), ("focal_culture", "/bang-dieu-khien/"), ("focal_culture", "/")]:
        assert after_report[key] != after_update[key], key
    value = indicator_value_submit(user=users["focal_culture"], indicator=dash["indicators"]["off_track"],
                                   period="2026", value="95")
    indicator_value_review(user=users["office"], value=value, decision="verified")
    after_value = _pages(client, users)
    assert after_value == _pages(client, users, **{"tinh-lai": "1"})
    for key in [("leader", "/bang-dieu-khien/"), ("office", "/canh-bao/")]:
        assert after_value[key] != after_report[key], key  # VH-01 is no longer off track


def test_each_choice_of_the_page_has_its_own_parts(client, dash):
    """The months shown and the root resolution are in the parts' keys: a part kept for one choice is never
    shown for another (the sections' download links carry the months)."""
    leader = dash["users"]["leader"]
    for query in ({}, {"thang": "12"}, {"resolution": "57"}, {"thang": "24", "resolution": "57"}, {}):
        kept = _view(client, leader, "/bang-dieu-khien/", **query)
        assert kept == _view(client, leader, "/bang-dieu-khien/", **query, **{"tinh-lai": "1"}), query
        if query.get("thang"):
            assert f"thang={query['thang']}" in kept


def test_a_write_computes_again_only_the_parts_of_its_kind(client, dash, monkeypatch):
    from giamsat.dashboard import views

    computed: Counter = Counter()
    for name in ("task_summary", "punctuality", "warning_tasks", "missing_reports"):
        original = getattr(views, name)
        monkeypatch.setattr(views, name, lambda *a, _n=name, _f=original, **k: computed.update([_n]) or _f(*a, **k))
    users = dash["users"]
    leader, focal, science, office = (users[k] for k in ("leader", "focal_culture", "focal_science", "office"))

    def views_of(*pairs):
        computed.clear()
        for user, path in pairs:
            _view(client, user, path)
        return dict(computed)

    pairs = [(leader, "/bang-dieu-khien/"), (focal, "/bang-dieu-khien/"), (science, "/bang-dieu-khien/"),
             (office, "/canh-bao/")]
    first = views_of(*pairs)
    assert first == {"task_summary": 3, "punctuality": 3, "warning_tasks": 1, "missing_reports": 1}
    assert views_of(*pairs) == {}
    _report(dash)  # culture's report: the reports parts of the province and of culture, nothing of science's
    assert views_of(*pairs) == {"punctuality": 2, "missing_reports": 1}
    _progress(dash)  # culture's task: the task parts of the province and of culture
    assert views_of(*pairs) == {"task_summary": 2, "warning_tasks": 1}
    # «Tính lại» computes everything the page shows, kept or not.
    computed.clear()
    _view(client, science, "/bang-dieu-khien/", **{"tinh-lai": "1"})
    assert dict(computed) == {"task_summary": 1, "punctuality": 1}


def test_scopes_never_share_kept_parts(dash):
    from giamsat.dashboard import snapshots

    users = dash["users"]
    culture, science = dash["orgs"]["culture"].pk, dash["orgs"]["science"].pk
    assert snapshots.part_scopes(users["leader"], snapshots.TASKS) == ["any", "tasks:all"]
    assert snapshots.part_scopes(users["focal_culture"], snapshots.REPORTS) == ["any", f"reports:org:{culture}"]
    assert snapshots.written_scopes("reporting.report", "0", {"organization_id": culture}) == [
        "all", f"org:{culture}", "reports:all", f"reports:org:{culture}"]
    written = snapshots.written_scopes("tasks.progressupdate", "0", {"task_id": dash["tasks"]["both"].pk})
    assert set(written) == {"all", f"org:{culture}", f"org:{science}", "tasks:all", f"tasks:org:{culture}",
                            f"tasks:org:{science}"}
    today = timezone.localdate()
    for part in (snapshots.TASKS, snapshots.REPORTS):
        for who in ("leader", "focal_culture", "focal_science"):
            kept = snapshots.kept_part(part, "a-part", users[who], lambda w=who, p=part: (w, p), today=today)
            assert kept == (who, part)  # each scope and kind its own, never another's
        for who in ("leader", "focal_culture", "focal_science"):
            assert snapshots.kept_part(part, "a-part", users[who], lambda: "computed again", today=today) == (who, part)
    snapshots.renew([f"reports:org:{culture}"])  # culture's report: only culture's reports part
    fresh = {(who, part): snapshots.kept_part(part, "a-part", users[who], lambda: "new", today=today)
             for who in ("leader", "focal_culture", "focal_science") for part in (snapshots.TASKS, snapshots.REPORTS)}
    assert {k for k, v in fresh.items() if v == "new"} == {("focal_culture", snapshots.REPORTS)}


def test_query_counts_after_a_write_do_not_grow_with_rows(client, dash):
    users = dash["users"]

    def counts(n: int) -> dict:
        out = {}
        for role, path in PAGES:
            client.force_login(users[role])
            client.get(path)  # kept
            _progress(dash, n=n)
            client.force_login(users[role])
            caches["default"].clear()  # the menu's unread notifications counted in every measurement alike
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(path).status_code == 200
            out[(role, path)] = len(ctx.captured_queries)
            n += 1
        return out

    grow(dash, 5, start=1000)  # so that every list has rows (an empty list saves a query)
    small = counts(0)
    over = {k: (n, MAX_AFTER_UPDATE[k]) for k, n in small.items() if n > MAX_AFTER_UPDATE[k]}
    assert not over, (over, small)
    grow(dash, 12, start=500)
    assert counts(100) == small


def _old_trend_counts(tasks, today):
    """The completion trend's three aggregates as they were computed before ADR 0052."""
    from giamsat.dashboard.selectors import CLOSED_CODES, DONE_CODES
    from giamsat.tasks.selectors import with_current_status

    def by_month(qs, expression):
        out: Counter = Counter()
        for month, n in qs.annotate(m=TruncMonth(expression)).order_by().values_list("m").annotate(n=Count("pk")):
            if month is not None:
                out[(month.year, month.month)] += n
        return out

    one_off = with_current_status(tasks, today=today).filter(recurring=False).exclude(cur_code__in=CLOSED_CODES)
    done = one_off.filter(cur_code__in=DONE_CODES, cur_done_on__lte=today)
    return (by_month(one_off.filter(cur_due__lte=today), "cur_due"), by_month(done, "cur_done_on"),
            by_month(done.filter(cur_due__isnull=False), Greatest("cur_done_on", "cur_due")))


def test_the_completion_trend_in_one_query_equals_the_three_it_replaced(dash):
    from giamsat.dashboard.selectors import completion_trend
    from giamsat.tasks.models import Task

    grow(dash, 15, start=700)
    today = timezone.localdate()
    for tasks in (Task.objects.all(), Task.objects.filter(assignments__organization=dash["orgs"]["culture"])):
        due, done, both = _old_trend_counts(tasks, today)
        assert due and done and both
        with CaptureQueriesContext(connection) as ctx:
            points = completion_trend(tasks, today, 24)
        assert len([q for q in ctx.captured_queries if "GROUP BY" in q["sql"]]) == 1
        for p in points:
            y, m = int(p.month[3:]), int(p.month[:2])

            def upto(c, y=y, m=m):
                return sum(n for k, n in c.items() if k <= (y, m))

            assert (p.due, p.done, p.done_of_due) == (upto(due), upto(done), upto(both)), p.month
        assert any(p.due for p in points) and any(p.done_of_due for p in points)


OLD_INDICATOR_TABLE = """{% load indicator_tags %}{% for i in items %}{% with a=i.assessment h=i.assessment.headline %}
  <tr>
    <td>{% if link %}<a href="{% url 'indicators:detail' i.pk %}">{{ i.code }}</a>{% else %}{{ i.code }}{% endif %}</td>
    <td>{{ i.name|truncatechars:120 }}</td>
    <td>{% if h %}{{ h.year }}: {% target_text h i.unit %}{% else %}<span class="muted">—</span>{% endif %}</td>
    <td>{% if a.latest %}{{ a.latest.value|vn_number:4 }} <span class="small muted">({{ a.latest.period }}{% if a.latest.is_estimate %}, ước{% endif %})</span>{% else %}<span class="muted">—</span>{% endif %}</td>
    <td>{{ h.expected|vn_number:2|default:"—" }}</td>
    <td>{% if a.progress is not None %}<progress max="100" value="{{ a.progress|progress_value }}"></progress> {{ a.progress|progress_pct }}{% else %}<span class="muted">—</span>{% endif %}</td>
    <td>{% indicator_badge a.status a.is_estimate %}</td>
  </tr>
  {% endwith %}{% endfor %}"""  # noqa: E501
OLD_CHART_CARDS = """{% load indicator_tags %}{% for i in items %}
  <div class="chart-card">
    <div class="chart-head"><h3><a href="{% url 'indicators:detail' i.pk %}">{{ i.code }}</a> {% indicator_badge i.assessment.status i.assessment.is_estimate %}</h3><button type="button" class="btn secondary small" data-download="chart-indicator-{{ i.pk }}" data-filename="chi-tieu-{{ i.code }}.png">PNG</button></div>
    <p class="small muted">{{ i.name|truncatechars:110 }}</p>
    <div class="chart-box small-chart"><canvas id="chart-indicator-{{ i.pk }}" data-chart="indicator" data-index="{{ forloop.counter0 }}" role="img" aria-label="Số liệu và lộ trình chỉ tiêu {{ i.code }}"></canvas></div>
  </div>
  {% endfor %}"""  # noqa: E501


def test_indicator_rows_and_cards_are_the_markup_the_templates_wrote(dash):
    from giamsat.dashboard.selectors import indicator_summary
    from giamsat.dashboard.templatetags.dashboard_tags import indicator_chart_cards, indicator_table_rows
    from giamsat.indicators.models import Indicator

    Indicator.objects.filter(pk=dash["indicators"]["no_data"].pk).update(
        name="Tỷ lệ <b>doanh nghiệp</b> & hộ kinh doanh " * 8)  # escaped, and cut
    items = indicator_summary(dash["users"]["leader"], today=timezone.localdate()).items
    assert len(items) == 5 and {i.assessment.status for i in items} >= {"on_track", "off_track", "no_data"}

    def tight(html):
        return re.sub(r">\s+<", "><", str(html)).strip()

    for link in (True, False):
        old = Template(OLD_INDICATOR_TABLE).render(Context({"items": items, "link": link}))
        assert tight(indicator_table_rows(items, link)) == tight(old)
    assert tight(indicator_chart_cards(items)) == tight(Template(OLD_CHART_CARDS).render(Context({"items": items})))
    assert "&lt;b&gt;" in indicator_table_rows(items, True)

