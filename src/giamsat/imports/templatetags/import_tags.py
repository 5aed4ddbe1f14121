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
def vn_iso_date(value) -> str:
    """'2025-09-03' (as a proposal keeps days) → '03/09/2025'."""
    import datetime as dt

    try:
        return f"{dt.date.fromisoformat(str(value)):%d/%m/%Y}"
    except ValueError:
        return str(value or "")
