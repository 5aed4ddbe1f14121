"""{{ key|period_label }}: "Quý IV/2026" for "2026-Q4" (core.periods), on pages that show stored period keys."""

from django import template

from giamsat.core.periods import period_label as _label

register = template.Library()


@register.filter
def period_label(key) -> str:
    return _label(str(key or ""))
