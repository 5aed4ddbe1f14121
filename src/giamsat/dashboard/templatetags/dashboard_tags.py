"""Dashboard sections that other pages include with one line:

{% load dashboard_tags %}
{% document_progress doc %}         on the document page: progress down the cascade
"""

from django import template
from django.utils import timezone

from giamsat.dashboard.progress import document_chain
from giamsat.dashboard.progress import document_progress as _document_progress
from giamsat.dashboard.selectors import reverse_or_empty, tasks_url
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
