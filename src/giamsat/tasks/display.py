"""Task rows written in Python (issue #25, ADR 0045).

A task list of fifty rows rendered through `tasks/_task_table.html` cost about 1 ms a row: a `{% url %}`, two
badge tags, `truncatechars`, `vn_date` and a dozen variable lookups each. The same markup written here with
`format_html`, from values read once per row, costs a few hundredths of that. The template keeps the table's
frame (`tasks/_task_table.html`, included by the task list, the document and organization pages, the home
lists and the dashboards) and calls `{% task_rows %}` for its body; the exception board's rows are written
the same way. The markup is the one the templates wrote: the same cells, classes, texts and links.
"""

import unicodedata
from collections.abc import Callable, Iterable

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from giamsat.core.links import address_of
from giamsat.core.markup import escape
from giamsat.tasks.alerts import LEVELS

# The columns a row shows and its status reads, for lists loaded only to be shown as rows (the first lists of
# the dashboard and the home page, the early warnings' lists): a task has thirty, its document a dozen
# (timestamps decoded for nothing).
ROW_FIELDS = (
    "id", "number", "name", "lead_text", "deadline_text", "document_id", "status_as_of", "status_code",
    "status_due", "status_warning", "status_done_on", "document__doc_type", "document__number", "document__date",
)
WARNING_BADGE = mark_safe(' <span class="badge s-warning" title="Sắp đến hạn">Sắp đến hạn</span>')
NO_EVIDENCE = mark_safe(' <span class="badge s-warning">không có minh chứng</span>')
EMPTY_ROW = mark_safe('<tr><td colspan="5" class="muted">Không có nhiệm vụ nào.</td></tr>')


def vn_date(value) -> str:
    """dd/mm/yyyy, as officials write dates ("" for none)."""
    return value.strftime("%d/%m/%Y") if value else ""


def status_badge(status) -> SafeString | str:
    """A task status's badge, with the early-warning mark."""
    if status is None:
        return ""
    badge = format_html('<span class="badge s-{}">{}</span>', status.code, status.label)
    if status.warning:
        badge += WARNING_BADGE
    return badge


def alert_badge(level) -> SafeString | str:
    """The alert level's mark (tasks.alerts): nothing for "none"."""
    if not level or level == "none":
        return ""
    return format_html('<span class="badge alert-{}">{}</span>', level, LEVELS[level])


def truncate(text: str, length: int) -> str:
    """Django's `truncatechars`, without its per-character walk when the text is short enough."""
    text = unicodedata.normalize("NFC", text or "")
    if len(text) <= length:
        return text
    from django.utils.text import Truncator

    return Truncator(text).chars(length)


def _escaped_join(names: Iterable[str], sep: str = "; ") -> SafeString:
    return mark_safe(sep.join(escape(name) for name in names))


def task_row(task, *, address: Callable[[object], str], show_document: bool) -> SafeString:
    """One row of the task table (`tasks/_task_table.html`)."""
    names = task.lead_names()
    leads = (_escaped_join(names) if names
             else format_html('<span class="muted">{}</span>', task.lead_text or "—"))
    moved = getattr(task, "moved_from", None)
    if moved:
        leads += format_html('<div class="small muted moved-from">chuyển từ {}</div>', _escaped_join(moved))
    document = (format_html('<div class="small muted">{}</div>', task.document.label) if show_document else "")
    status = getattr(task, "status", None)
    due = (format_html('<div class="small muted">Hạn: {}</div>', vn_date(status.due))
           if status is not None and status.due else "")
    return format_html(
        '<tr><td data-label="TT" class="tt">{}</td>'
        '<td data-label="Nhiệm vụ" class="name"><a href="{}">{}</a>{}</td>'
        '<td data-label="Chủ trì">{}</td>'
        '<td data-label="Thời hạn">{}{}</td>'
        '<td data-label="Tình trạng">{} {}{}</td></tr>\n',
        task.number, address(task.pk), truncate(task.name, 160), document,
        leads,
        task.deadline_text or "—", due,
        status_badge(status), alert_badge(getattr(task, "alert", None)),
        NO_EVIDENCE if getattr(task, "without_evidence", False) else "",
    )


def task_rows(tasks, *, show_document: bool = False) -> SafeString:
    """The body of the task table: a row a task, or the "none" row."""
    address = address_of("web:task")
    rows = [task_row(task, address=address, show_document=show_document) for task in tasks]
    return mark_safe("".join(rows)) if rows else EMPTY_ROW


def exception_rows(tasks) -> SafeString:
    """The body of the exception board's table (`tasks/exceptions.html`)."""
    address = address_of("web:task")
    rows = []
    for t in tasks:
        rows.append(format_html(
            '<tr><td><a href="{}">{}{}</a><div class="small muted">{} · hạn {}</div></td>'
            "<td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
            address(t.pk), f"{t.number}. " if t.number else "", truncate(t.name, 140),
            t.document.label, vn_date(t.status.due),
            alert_badge(t.alert), "; ".join(t.lead_names()) or "—",
            "" if t.days_late is None else t.days_late,
            "Chưa có sản phẩm" if t.missing_product else "Đã có minh chứng",
            t.decides,
        ))
    if not rows:
        return mark_safe('<tr><td colspan="6" class="muted">Không có nhiệm vụ nào.</td></tr>')
    return mark_safe("".join(rows))
