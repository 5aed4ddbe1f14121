from django import template

from giamsat.tasks import display as _display

register = template.Library()


@register.filter
def vn_date(value):
    """dd/mm/yyyy, as officials write dates."""
    return value.strftime("%d/%m/%Y") if value else ""


@register.simple_tag
def status_badge(status):
    return _display.status_badge(status)


@register.simple_tag
def alert_badge(level):
    """The alert level's mark (tasks.alerts): nothing for "none"."""
    return _display.alert_badge(level)


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
