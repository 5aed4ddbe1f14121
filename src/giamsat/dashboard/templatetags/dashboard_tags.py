"""Dashboard sections that other pages include with one line:

{% load dashboard_tags %}
{% organization_indicators org %}   on the organization page: its indicators and reporting record
{% document_progress doc %}         on the document page: progress down the cascade
"""

from django import template
from django.utils import timezone

from giamsat.dashboard.selectors import document_progress as _document_progress
from giamsat.dashboard.selectors import indicator_summary, punctuality, tasks_url
from giamsat.tasks.status import LABELS as TASK_LABELS

register = template.Library()


@register.inclusion_tag("dashboard/_organization_indicators.html", takes_context=True)
def organization_indicators(context, org, months: int = 12):
    """The indicators `org` (or a unit merged into it) is responsible for, and its reporting punctuality."""
    from giamsat.organizations.selectors import organization_lineage_ids

    user = context["request"].user
    today = timezone.localdate()
    lineage = organization_lineage_ids(org.pk)
    summary = indicator_summary(user, today=today, responsible_ids=lineage)
    heat = punctuality(user, today=today, months=months, organization_ids=lineage)
    return {"org": org, "ind": summary, "heat": heat, "request": context["request"]}


@register.inclusion_tag("dashboard/_document_progress.html", takes_context=True)
def document_progress(context, doc):
    rows = _document_progress(context["request"].user, doc, today=timezone.localdate())
    codes = [c for c in TASK_LABELS if any(r.counts.get(c) for r in rows)]
    return {
        "doc": doc,
        "codes": [(c, TASK_LABELS[c]) for c in codes],
        "rows": [
            (r, [(r.counts.get(c, 0), tasks_url(document=r.document.pk, status=c)) for c in codes])
            for r in rows
        ],
        "total": sum(r.total for r in rows),
        "done": sum(r.done for r in rows),
        "overdue": sum(r.overdue for r in rows),
    }


@register.filter
def task_label(code):
    """A task status code → the words users know ("Chưa hoàn thành – quá hạn")."""
    return TASK_LABELS.get(code, code)
