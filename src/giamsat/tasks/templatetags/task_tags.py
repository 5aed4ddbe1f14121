"""`{% task_rows tasks show_document %}`: the task table's body written in Python (tasks.display, ADR 0045)."""

from django import template

from giamsat.tasks import display

register = template.Library()


@register.simple_tag
def task_rows(tasks, show_document=False):
    return display.task_rows(tasks or (), show_document=bool(show_document))


@register.simple_tag
def exception_rows(tasks):
    return display.exception_rows(tasks)
