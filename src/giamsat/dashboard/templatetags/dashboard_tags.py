"""Dashboard sections that other pages include with one line:

{% load dashboard_tags %}
{% document_progress doc %}         on the document page: progress down the cascade
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from giamsat.dashboard.progress import document_chain
from giamsat.dashboard.progress import document_progress as _document_progress
from giamsat.dashboard.selectors import reverse_or_empty, tasks_url
from giamsat.indicators.templatetags.indicator_tags import vn_pct
from giamsat.tasks.status import LABELS as TASK_LABELS

register = template.Library()


@register.inclusion_tag("dashboard/_document_progress.html", takes_context=True)
def document_progress(context, doc):
    user = context["request"].user
    rows = _document_progress(user, doc, today=timezone.localdate())
    codes = [c for c in TASK_LABELS if any(r.all_counts.get(c) for r in rows)]
    top = rows[0] if rows and rows[0].document.pk == doc.pk else None
    base = reverse_or_empty("web:tasks")
    return {
        "doc": doc,
        "chain": document_chain(user, doc),
        "codes": [(c, TASK_LABELS[c]) for c in codes],
        "rows": [
            # A status count links to the list when it is the document's own (no plan under it).
            (r, [(r.all_counts.get(c, 0),
                  "" if r.has_children else tasks_url(base=base, document=r.document.pk, status=c))
                 for c in codes])
            for r in rows
        ],
        "total": top.all_total if top else 0,
        "done": top.all_done if top else 0,
        "overdue": top.all_overdue if top else 0,
        "deepest": max((r.depth for r in rows), default=0),
    }


@register.filter
def task_label(code):
    """A task status code → the words users know ("Chưa hoàn thành – quá hạn")."""
    return TASK_LABELS.get(code, code)


# ------------------------------------------------------------------------------- rows written in Python
# A province dashboard's breakdown by lead organization (≈150 rows × 8 statuses) and its punctuality heat
# map (≈150 rows × 6 months) cost ≈1 ms a row through the template (a `{% url %}`, a nested loop, filters);
# written here with `format_html` they cost a few hundredths of that (issue #25). Same cells, classes, texts
# and links as the templates wrote.


def _organization_prefix() -> str:
    """"/co-quan/": an organization's page is this followed by its id and a slash (one reverse a table)."""
    return reverse("web:organization", args=[0])[:-2]


def _linked(url: str, text) -> str:
    return format_html('<a href="{}">{}</a>', url, text) if url else conditional_escape(text)


@register.simple_tag
def breakdown_rows(rows, link_org=False):
    """The body rows of `dashboard/_breakdown.html`."""
    org_prefix = _organization_prefix() if link_org else ""
    out = []
    for r in rows:
        label = (format_html('<a href="{}{}/">{}</a>', org_prefix, r.key, r.label) if link_org and r.key
                 else conditional_escape(r.label))
        cells = "".join(
            format_html('<td class="num">{}</td>', _linked(cell.url if cell.n else "", cell.n))
            for cell in r.cells.values()
        )
        out.append(format_html(
            '<tr>\n    <td>{}</td>\n    <td class="num">{}</td>\n    {}\n'
            '    <td class="num">{}</td><td class="num">{}</td>\n  </tr>',
            label, _linked(r.url, r.total), mark_safe(cells), vn_pct(r.done_share), vn_pct(r.overdue_share),
        ))
    return mark_safe("\n  ".join(out))


@register.simple_tag
def heatmap_rows(rows):
    """The body rows of `dashboard/_heatmap.html`."""
    org_prefix = _organization_prefix()
    out = []
    for row in rows:
        cells = "".join(
            format_html('<td class="hm {}" title="{}">{}</td>', c.css, c.title,
                        _linked(c.url, c.text) if c.text else c.text)
            for c in row.cells
        )
        totals = row.totals
        out.append(format_html(
            '<tr>\n    <td><a href="{}{}/">{}</a></td>\n    {}\n'
            '    <td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>\n'
            '    <td class="num">{}</td>\n  </tr>',
            org_prefix, row.organization.pk, row.organization.display_name, mark_safe(cells),
            totals.get("on_time") or 0, totals.get("late") or 0, totals.get("missing") or 0, vn_pct(row.rate),
        ))
    return mark_safe("\n  ".join(out))
