"""Browsing the audit log: the inspector (and the office, the administrator) sees the full history."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from giamsat.accounts.access import can_see_history
from giamsat.audit.filters import AuditFilterSet
from giamsat.audit.models import AuditEntry


@login_required
def history(request):
    if not can_see_history(request.user):
        raise PermissionDenied("Chỉ kiểm tra, giám sát và cơ quan theo dõi được xem lịch sử thay đổi.")
    filters = AuditFilterSet(request.GET, queryset=AuditEntry.objects.order_by("-id"))
    page = Paginator(filters.rows(), 50).get_page(request.GET.get("page"))
    return render(request, "audit/history.html", {"nav": "history", "page": page, "form": filters.form},
                  status=200 if filters.is_valid() else 400)
