"""Horizontal bar charts drawn in SVG on the server (no script, no CDN): `{% include "bars.html" %}` with
rows of (label, number)."""

from django import template

register = template.Library()

ROW = 34  # height of one bar with its label, in SVG units
WIDTH = 520  # the longest bar (the drawing is 600 wide: room for its number)


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


@register.filter
def thousands(value) -> str:
    """1.200.000: the thousands separator people read (integers only; empty for none)."""
    if value in (None, ""):
        return ""
    return f"{int(value):,}".replace(",", ".")
