"""Dashboard sections that other pages include with one line:

{% load dashboard_tags %}
{% document_progress doc %}         progress down the cascade (the document page renders `progress_context`
                                    with a bounded first view, kept as a snapshot)
"""

from django import template
from django.utils import timezone

from giamsat.dashboard.progress import progress_context
from giamsat.tasks.status import LABELS as TASK_LABELS

register = template.Library()


@register.inclusion_tag("dashboard/_document_progress.html", takes_context=True)
def document_progress(context, doc, limit=None):
    return progress_context(context["request"].user, doc, today=timezone.localdate(), limit=limit)


@register.filter
def task_label(code):
    """A task status code → the words users know ("Chưa hoàn thành – quá hạn")."""
    return TASK_LABELS.get(code, code)
