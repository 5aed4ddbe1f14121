"""Browsing the audit log: the inspector (and the office, the administrator) sees the full history."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from giamsat.accounts.access import can_see_history
from giamsat.audit.models import AuditEntry


@login_required
def history(request):
    if not can_see_history(request.user):
        raise PermissionDenied("Chỉ kiểm tra, giám sát và cơ quan theo dõi được xem lịch sử thay đổi.")
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
