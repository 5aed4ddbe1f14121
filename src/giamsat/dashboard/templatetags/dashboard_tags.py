"""Dashboard sections that other pages include with one line:

{% load dashboard_tags %}
{% document_progress doc %}         progress down the cascade (the document page renders `progress_context`
                                    with a bounded first view, kept as a snapshot)
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from giamsat.core.links import address_of
from giamsat.core.markup import escape
from giamsat.dashboard.progress import progress_context
from giamsat.indicators.templatetags.indicator_tags import (
    indicator_badge,
    progress_pct,
    progress_value,
    target_text,
    vn_number,
    vn_pct,
)
from giamsat.tasks.status import LABELS as TASK_LABELS

register = template.Library()


@register.inclusion_tag("dashboard/_document_progress.html", takes_context=True)
def document_progress(context, doc, limit=None):
    return progress_context(context["request"].user, doc, today=timezone.localdate(), limit=limit)


@register.filter
def task_label(code):
    """A task status code → the words users know ("Chưa hoàn thành – quá hạn")."""
    return TASK_LABELS.get(code, code)


# ------------------------------------------------------------------------------- rows written in Python
# A province dashboard's breakdown by lead organization (≈150 rows × 8 statuses) and its punctuality heat
# map (≈150 rows × 6 months) cost ≈1 ms a row through the template (a `{% url %}`, a nested loop, filters);
# written here with `format_html` they cost a few hundredths of that (issue #25). Same cells, classes, texts
# and links as the templates wrote.


def _linked(url: str, text) -> str:
    """`<a href="url">text</a>`, or the text alone without a URL; escaped (`core.markup.escape`)."""
    return f'<a href="{escape(url)}">{escape(text)}</a>' if url else escape(text)


@register.simple_tag
def breakdown_rows(rows, link_org=False):
    """The body rows of `dashboard/_breakdown.html`."""
    organization = address_of("web:organization")
    out = []
    for r in rows:
        label = (f'<a href="{organization(r.key)}">{escape(r.label)}</a>' if link_org and r.key
                 else escape(r.label))
        cells = "".join(f'<td class="num">{_linked(cell.url if cell.n else "", cell.n)}</td>'
                        for cell in r.cells.values())
        out.append(f'<tr>\n    <td>{label}</td>\n    <td class="num">{_linked(r.url, r.total)}</td>\n    {cells}\n'
                   f'    <td class="num">{escape(vn_pct(r.done_share))}</td>'
                   f'<td class="num">{escape(vn_pct(r.overdue_share))}</td>\n  </tr>')
    return mark_safe("\n  ".join(out))


@register.simple_tag
def heatmap_rows(rows):
    """The body rows of `dashboard/_heatmap.html`."""
    organization = address_of("web:organization")
    written = {}  # (link, counts) → the cell: most of a province's ≈900 cells are one of a few dozen
    out = []
    for row in rows:
        cells = []
        for c in row.cells:
            key = (c.url, *sorted(c.counts.items()))
            cell = written.get(key)
            if cell is None:
                text = c.text
                cell = written[key] = (f'<td class="hm {escape(c.css)}" title="{escape(c.title)}">'
                                       f'{_linked(c.url, text) if text else ""}</td>')
            cells.append(cell)
        cells = "".join(cells)
        totals = row.totals
        out.append(
            f'<tr>\n    <td><a href="{organization(row.organization.pk)}">'
            f'{escape(row.organization.display_name)}</a></td>\n    {cells}\n'
            f'    <td class="num">{totals.get("on_time") or 0}</td><td class="num">{totals.get("late") or 0}</td>'
            f'<td class="num">{totals.get("missing") or 0}</td>\n'
            f'    <td class="num">{escape(vn_pct(row.rate))}</td>\n  </tr>')
    return mark_safe("\n  ".join(out))


@register.simple_tag
def missing_report_rows(items):
    """The body rows of the early warnings' "reports not sent" table ((period, organization, submission); ≈300
    at province scale)."""
    organization = address_of("web:organization")
    frequency = {}  # rule id → its frequency's words, in lower case
    out = []
    for period, org, _ in items:
        rule = period.rule
        if rule.pk not in frequency:
            frequency[rule.pk] = rule.get_frequency_display().lower()
        due = period.due_date.strftime("%d/%m/%Y") if period.due_date else ""
        out.append(f"<tr><td>{escape(rule.document.label)} — {escape(frequency[rule.pk])}</td>"
                   f"<td>{escape(period.label)}</td><td>{due}</td>"
                   f'<td><a href="{organization(org.pk)}">{escape(org.display_name)}</a></td></tr>')
    return mark_safe("\n  ".join(out))


_NONE = '<span class="muted">—</span>'


@register.simple_tag
def indicator_table_rows(items, link=False):
    """The body rows of `dashboard/_indicator_table.html` (the dashboard's, the warnings', an organization's and
    the public page's indicator tables): ≈0,5 ms a row through the template (issue #25, ADR 0052)."""
    detail = address_of("indicators:detail")
    out = []
    for i in items:
        a = i.assessment
        h = a.headline
        code = f'<a href="{detail(i.pk)}">{escape(i.code)}</a>' if link else escape(i.code)
        target = f"{h.year}: {escape(target_text(h, i.unit))}" if h else _NONE
        o = a.latest
        latest = (f'{escape(vn_number(o.value, 4))} <span class="small muted">({escape(o.period)}'
                  f'{", ước" if o.is_estimate else ""})</span>' if o else _NONE)
        expected = escape(vn_number(h.expected, 2) or "—") if h else "—"
        progress = (f'<progress max="100" value="{progress_value(a.progress)}"></progress> '
                    f"{escape(progress_pct(a.progress))}" if a.progress is not None else _NONE)
        out.append(f"<tr>\n    <td>{code}</td>\n    <td>{escape(Truncator(i.name).chars(120))}</td>\n"
                   f"    <td>{target}</td>\n    <td>{latest}</td>\n    <td>{expected}</td>\n    <td>{progress}</td>\n"
                   f"    <td>{indicator_badge(a.status, a.is_estimate)}</td>\n  </tr>")
    return mark_safe("\n  ".join(out))  # every value above is escaped


@register.simple_tag
def indicator_chart_cards(items):
    """The dashboard's chart card of each indicator shown (its canvas is drawn by the page's script from the
    `indicators` list of the chart data, by index)."""
    detail = address_of("indicators:detail")
    out = []
    for n, i in enumerate(items):
        code = escape(i.code)
        out.append(
            f'<div class="chart-card">\n    <div class="chart-head"><h3><a href="{detail(i.pk)}">{code}</a> '
            f"{indicator_badge(i.assessment.status, i.assessment.is_estimate)}</h3>"
            f'<button type="button" class="btn secondary small" data-download="chart-indicator-{i.pk}" '
            f'data-filename="chi-tieu-{code}.png">PNG</button></div>\n'
            f'    <p class="small muted">{escape(Truncator(i.name).chars(110))}</p>\n'
            f'    <div class="chart-box small-chart"><canvas id="chart-indicator-{i.pk}" data-chart="indicator" '
            f'data-index="{n}" role="img" aria-label="Số liệu và lộ trình chỉ tiêu {code}"></canvas></div>\n  </div>')
    return mark_safe("\n  ".join(out))  # every value above is escaped


@register.filter
def data_script(value, element_id: str) -> SafeString:
    """`json_script`'s very text (the same escapes of <, > and &), with `str.replace` for its per-character
    `translate`: the dashboard's chart data is ≈100 KB, which `translate` maps in ≈4 ms (issue #25). Letters
    stay letters (the page is UTF-8): a Vietnamese name is not written as six-byte escapes."""
    text = (json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
            .replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E"))
    return mark_safe(f'<script id="{escape(element_id)}" type="application/json">{text}</script>')
