from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from giamsat.accounts.access import can_aggregate, can_see_reporting, can_urge, can_view_board, is_agency_user
from giamsat.core.links import address_of

register = template.Library()


@register.inclusion_tag("reporting/_menu.html", takes_context=True)
def reporting_menu(context, current: str = ""):
    """The reporting section's tabs, only those the user may open."""
    user = context["request"].user
    return {
        "current": current,
        "agency": is_agency_user(user),
        "board": can_view_board(user),
        "log": can_see_reporting(user),
        "aggregate": can_aggregate(user),
    }


NOT_DUE = mark_safe('<span class="muted" title="Không thuộc diện báo cáo kỳ này">—</span>')


@register.simple_tag
def submission_badge(sub):
    """The coloured state of one organization × period cell (on time / late / missing / pending)."""
    if sub is None:
        return NOT_DUE
    note = f" ({sub.draft_note})" if sub.draft_note else ""
    return format_html('<span class="badge {}">{}{}</span>', sub.css, sub.label, note)


@register.simple_tag
def board_rows(rows):
    """The body rows of the submission board (`reporting/board.html`), written here: ≈150 organizations × 6
    periods cost ≈1 ms a row through the template (a `{% url %}` and a tag a cell; issue #25). The same
    cells, badges and links."""
    organization, report = address_of("web:organization"), address_of("reporting:report")
    out = []
    for row in rows:
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append(f"<td>{NOT_DUE}</td>")
                continue
            note = f" ({cell.draft_note})" if cell.draft_note else ""
            badge = f'<span class="badge {escape(cell.css)}">{escape(cell.label)}{escape(note)}</span>'
            if cell.report is not None:
                badge = f'<a href="{report(cell.report.pk)}">{badge}</a>'
            cells.append(f"<td>{badge}</td>")
        out.append(f'<tr><td><a href="{organization(row.organization.pk)}">'
                   f'{escape(row.organization.display_name)}</a></td>\n    {"".join(cells)}</tr>')
    return mark_safe("\n  ".join(out))


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """How many in-app notifications (reminders, reports received) the user has not read: for the menu."""
    from giamsat.reporting.unread import unread_count

    user = context["request"].user
    if not user.is_authenticated:
        return 0
    return unread_count(user)  # cached until the user's notifications change (no query on most pages)


@register.inclusion_tag("reporting/_urging.html", takes_context=True)
def urging_panel(context, organization=None, task=None):
    """On an organization's or a task's page: its urgings (batch and targeted) and, for the office, the
    form to urge it in its own words and the urging letter."""
    from giamsat.reporting.urging import urging_history

    user = context["request"].user
    return {
        "history": urging_history(user, organization=organization, task=task),
        "may_urge": can_urge(user),
        "organization": organization,
        "task": task,
        "csrf_token": context.get("csrf_token"),
    }
