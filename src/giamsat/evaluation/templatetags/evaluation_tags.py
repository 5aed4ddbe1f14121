"""The task page's "priority in the evaluation" line (issue #17): the tasks app cannot import the evaluation
(a layer above it), so its page loads this tag, as pages load the dashboard's."""

from django import template

from giamsat.accounts.access import can_manage_evaluations
from giamsat.evaluation.forms import PRIORITY_CHOICES

register = template.Library()


@register.inclusion_tag("evaluation/_task_priority.html", takes_context=True)
def task_priority(context, task):
    from giamsat.evaluation.models import TaskPriority

    row = TaskPriority.objects.filter(task_id=task.pk).values_list("priority", flat=True).first()
    priority = row or 1
    request = context.get("request")
    return {"task": task, "priority": priority, "label": dict(PRIORITY_CHOICES)[priority],
            "choices": PRIORITY_CHOICES, "can_edit": request is not None and can_manage_evaluations(request.user),
            "csrf_token": context.get("csrf_token")}
