"""Dashboard sections that other pages include with one line:

{% load dashboard_tags %}
{% document_progress doc %}         on the document page: progress down the cascade
"""

from django import template
from django.utils import timezone

from giamsat.dashboard.progress import document_progress as _document_progress
from giamsat.dashboard.selectors import reverse_or_empty, tasks_url
from giamsat.tasks.status import LABELS as TASK_LABELS

register = template.Library()


@register.inclusion_tag("dashboard/_document_progress.html", takes_context=True)
def document_progress(context, doc):
    rows = _document_progress(context["request"].user, doc, today=timezone.localdate())
    codes = [c for c in TASK_LABELS if any(r.counts.get(c) for r in rows)]
    base = reverse_or_empty("web:tasks")
    return {
        "doc": doc,
        "codes": [(c, TASK_LABELS[c]) for c in codes],
        "rows": [
            (r, [(r.counts.get(c, 0), tasks_url(base=base, document=r.document.pk, status=c)) for c in codes])
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
