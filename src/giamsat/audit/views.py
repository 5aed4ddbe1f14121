"""Browsing the audit log: the inspector (and the office, the administrator) sees the full history."""

from django.core.paginator import Paginator
from django.shortcuts import render

from giamsat.audit import readable
from giamsat.audit.filters import AuditFilterSet
from giamsat.audit.models import AuditEntry


def history(request):
    filters = AuditFilterSet(request.GET, queryset=AuditEntry.objects.order_by("-id"))
    page = Paginator(filters.rows(), 50).get_page(request.GET.get("page"))
    for entry in page.object_list:  # names and values as people read them (audit.readable)
        entry.changes = readable.changes(entry)
        entry.type_label = readable.object_label(entry.object_type)
        entry.event_label = readable.event_label(entry.event)
        entry.source_label = readable.source_label(entry.source)
    return render(request, "audit/history.html", {"nav": "history", "page": page, "form": filters.form},
                  status=200 if filters.is_valid() else 400)
