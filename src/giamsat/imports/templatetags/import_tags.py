"""The review marks the words OCR was unsure of, so the person checks them against the paper."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()
TITLE = "Nhận dạng không chắc chắn: đối chiếu với bản gốc"


@register.filter
def unsure(text, words) -> str:
    """`text`, escaped, with each word of `words` (the job's unsure words) in <mark>."""
    text = "" if text is None else str(text)
    wanted = {w for w in (words or []) if w and len(w) < 60}
    if not wanted:
        return escape(text)
    out = []
    for part in re.split(r"(\s+)", text):
        core = part.strip(".,;:()\"'“”")
        if core and core in wanted:
            out.append(f'<mark class="unsure" title="{TITLE}">{escape(part)}</mark>')
        else:
            out.append(escape(part))
    return mark_safe("".join(out))  # every piece above is escaped


@register.filter
def review_date(value) -> str:
    """An ISO date of the proposal as dd/mm/yyyy; text the reviewer typed (still to correct) as typed."""
    import datetime as dt

    if value in (None, ""):
        return ""
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


@register.filter
def review_number(value) -> str:
    """A number with the decimal comma (37,6; 20 not 20.0); text still to correct as typed."""
    if value in (None, ""):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))).replace(".", ",")
    return str(value)
