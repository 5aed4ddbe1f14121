"""Horizontal bar charts drawn in SVG on the server (no script, no CDN): `{% include "bars.html" %}` with
rows of (label, number)."""

from django import template

register = template.Library()

ROW = 34  # height of one bar with its label, in SVG units
WIDTH = 340  # the longest bar


@register.filter
def bar_height(count: int) -> int:
    return max(1, count) * ROW


@register.filter
def bar_offset(index: int) -> int:
    return index * ROW


@register.filter
def bar_width(value, rows) -> int:
    top = max([n or 0 for _, n in rows] + [1])
    return round((value or 0) * WIDTH / top)
