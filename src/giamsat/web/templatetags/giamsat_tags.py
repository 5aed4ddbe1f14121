from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def vn_date(value):
    """dd/mm/yyyy, as officials write dates."""
    return value.strftime("%d/%m/%Y") if value else ""


WARNING_BADGE = mark_safe(' <span class="badge s-warning" title="Sắp đến hạn">Sắp đến hạn</span>')


@register.simple_tag
def status_badge(status):
    if status is None:
        return ""
    badge = format_html('<span class="badge s-{}">{}</span>', status.code, status.label)
    if status.warning:
        badge += WARNING_BADGE
    return badge


@register.simple_tag
def alert_badge(level):
    """The alert level's mark (tasks.alerts): nothing for "none"."""
    from giamsat.tasks.alerts import LEVELS

    if not level or level == "none":
        return ""
    return format_html('<span class="badge alert-{}">{}</span>', level, LEVELS[level])


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()


@register.filter
def lines(values):
    """A list as one item per line, for editing in a textarea."""
    return "\n".join(values or [])
