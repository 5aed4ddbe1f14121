"""Pages: one's own notification channels (from the profile page), and the office's delivery log."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from giamsat.core.errors import REFUSALS, ApplicationError
from giamsat.notify.filters import DeliveryFilterSet
from giamsat.notify.forms import ChannelsForm
from giamsat.notify.selectors import channels_of, configured_channels, delivery_log
from giamsat.notify.services import channels_set

FIELDS = ("email", "zalo", "zalo_user_id", "telegram", "telegram_chat_id", "digest")


@require_http_methods(["GET", "POST"])
def channels(request):
    choice = channels_of(request.user)
    offered = configured_channels()
    current = {name: getattr(choice, name) for name in FIELDS}
    form = ChannelsForm(request.POST or None, offered=offered, initial=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                channels_set(user=request.user, **{**current, **form.cleaned_data})
            except REFUSALS:
                raise
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã lưu các kênh nhận thông báo.")
                return redirect("notify:channels")
        status = 400
    return render(request, "notify/channels.html", {
        "nav": "account", "form": form, "offered": offered, "has_email": bool(request.user.email),
    }, status=status)


def deliveries(request):
    filters = DeliveryFilterSet(request.GET, queryset=delivery_log())
    page = Paginator(filters.rows().order_by("-created", "-id"), 100).get_page(request.GET.get("page"))
    return render(request, "notify/deliveries.html", {
        "nav": "reports", "form": filters.form, "page": page, "total": page.paginator.count,
    }, status=200 if filters.is_valid() else 400)
