"""Browsing the audit log: the inspector (and the office, the administrator) sees the full history."""

from django.core.paginator import Paginator
from django.shortcuts import render

from giamsat.audit.models import AuditEntry


def history(request):
    entries = AuditEntry.objects.order_by("-id")
    object_type = request.GET.get("type", "")
    object_id = request.GET.get("id", "")
    actor = request.GET.get("actor", "")
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if actor:
        entries = entries.filter(actor_label=actor)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/history.html", {
        "nav": "history", "page": page, "object_type": object_type, "object_id": object_id, "actor": actor,
    })
