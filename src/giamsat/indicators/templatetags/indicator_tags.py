"""Display helpers for indicators: Vietnamese numbers (decimal comma) and status badges."""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from giamsat.indicators.parsing import format_number
from giamsat.indicators.status import STATUS_LABELS

register = template.Library()

COMPARATOR_SIGNS = {">=": "≥", ">": ">", "=": "=", "<": "<", "<=": "≤", "range": "khoảng"}


@register.filter
def vn_number(value, places=2):
    """1234.5 → 1.234,5 (decimal comma, dot for thousands)."""
    if value is None or value == "":
        return ""
    try:
        return format_number(Decimal(str(value)), int(places))
    except (ArithmeticError, ValueError):
        return value


@register.filter
def vn_pct(value, places=1):
    """A share already in percent (45.25) → 45,3%; a fraction is not scaled."""
    if value is None or value == "":
        return "—"
    return f"{vn_number(value, places)}%"


@register.filter
def progress_pct(fraction):
    """Progress as a fraction (0.452) → 45,2%."""
    if fraction is None:
        return "—"
    return f"{format_number(Decimal(str(fraction)) * 100, 1)}%"


@register.simple_tag
def indicator_badge(status_code, estimate=False):
    label = STATUS_LABELS.get(status_code, status_code)
    badge = format_html('<span class="badge i-{}">{}</span>', status_code, label)
    if estimate:
        # A constant: format_html() without arguments is refused from Django 6.0.
        badge += mark_safe(' <span class="badge i-estimate" title="Dựa trên số liệu ước thực hiện">ước</span>')
    return badge


@register.simple_tag
def target_text(target, unit=""):
    """'≥ 37,6 %' or 'khoảng 9 – 10 % GRDP', as a target is read aloud."""
    sign = COMPARATOR_SIGNS.get(target.comparator, target.comparator)
    unit = f" {unit}" if unit else ""
    if target.comparator == "range" and target.value_max is not None:
        return f"{sign} {format_number(target.value, 4)} – {format_number(target.value_max, 4)}{unit}"
    return f"{sign} {format_number(target.value, 4)}{unit}"


@register.filter
def progress_value(fraction):
    """Progress as a fraction → 0..100 for a <progress> element (no inline style needed)."""
    if fraction is None:
        return 0
    return max(0, min(100, round(float(fraction) * 100)))
