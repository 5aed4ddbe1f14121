"""Display helpers for indicators: Vietnamese numbers (decimal comma) and status badges."""

from decimal import Decimal

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from giamsat.core.links import address_of
from giamsat.core.periods import period_label
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


_PUBLISHED = ' <span class="badge s-pending" title="Hiển thị trên trang công khai">công khai</span>'
_NONE = '<span class="muted">—</span>'


@register.simple_tag
def indicator_rows(items):
    """The rows of the indicator table (indicators/_table.html), written in Python: the template took ≈3 ms
    a row (targets, assessment, badges, two links; issue #25). The same markup; every value escaped."""
    detail, organization = address_of("indicators:detail"), address_of("web:organization")
    out = []
    for i in items:
        a = i.assessment
        targets = "".join(f'<div class="nowrap">{t.year}: {escape(target_text(t, i.unit))}</div>'
                          for t in i.targets.all()) or _NONE
        if a.baseline_value is not None:
            baseline = escape(vn_number(a.baseline_value, 4))
            baseline += f" ({a.baseline_year})" if a.baseline_year else ""
            baseline += (' <span class="small muted" title="Lấy số liệu đầu tiên làm cơ sở">*</span>'
                         if a.baseline_inferred else "")
        else:
            baseline = _NONE
        o = a.latest
        latest = (f'{escape(vn_number(o.value, 4))} <span class="small muted">({escape(o.period)}'
                  f'{", ước" if o.is_estimate else ""}{"" if o.is_verified else ", chờ duyệt"})</span>'
                  if o else _NONE)
        progress = (f'<progress max="100" value="{progress_value(a.progress)}"></progress> '
                    f"{escape(progress_pct(a.progress))}" if a.progress is not None else _NONE)
        responsible = (f'<a href="{organization(i.responsible_id)}">{escape(i.responsible.display_name)}</a>'
                       if i.responsible else '<span class="muted">Chưa giao</span>')
        out.append(
            f'<tr>\n<td><a href="{detail(i.pk)}">{escape(i.code)}</a></td>\n'
            f"<td>{escape(Truncator(i.name).chars(140))}{_PUBLISHED if i.is_published else ''}</td>\n"
            f"<td>{targets}</td>\n<td>{baseline}</td>\n<td>{latest}</td>\n<td>{progress}</td>\n"
            f"<td>{indicator_badge(a.status, a.is_estimate)}</td>\n<td>{responsible}</td>\n</tr>\n"
        )
    return mark_safe("".join(out))  # every value above is escaped


@register.simple_tag(takes_context=True)
def value_rows(context, values, can_manage=False):
    """The rows of an indicator's values table (indicators/detail.html), written in Python (100 rows, the
    office's with a review form for each pending one; issue #25). The same markup; every value escaped."""
    review_url = address_of("indicators:value_review")
    token = context.get("csrf_token")
    request = context.get("request")
    form_head = (f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">' if token else "")
    next_path = escape(request.path) if request is not None else ""
    out = []
    for v in values:
        note = f'<div class="small muted">{escape(v.review_note)}</div>' if v.review_note else ""
        row = (f"<tr>\n<td>{escape(period_label(str(v.period or '')))}</td>\n"
               f"<td>{escape(v.organization.display_name)}</td>\n<td>{escape(vn_number(v.value, 4))}</td>\n"
               f"<td>{'Ước thực hiện' if v.is_estimate else 'Thực hiện'}</td>\n<td>{escape(v.source or '—')}</td>\n"
               f'<td><span class="badge s-{escape(v.review)}">{escape(v.get_review_display())}</span>{note}</td>\n')
        if can_manage:
            form = ""
            if v.review == "pending":
                form = (f'<form method="post" action="{review_url(v.pk)}" class="review-form">{form_head}\n'
                        f'<input type="hidden" name="next" value="{next_path}">\n'
                        '<input type="text" name="note" placeholder="Lý do (bắt buộc khi từ chối)" '
                        'aria-label="Lý do, ghi chú">\n'
                        '<button class="btn small" type="submit" name="decision" value="verified">Duyệt</button>\n'
                        '<button class="btn secondary small" type="submit" name="decision" value="rejected">'
                        "Từ chối</button>\n</form>")
            row += f"<td>{form}</td>\n"
        out.append(row + "</tr>\n")
    return mark_safe("".join(out))  # every value above is escaped
