"""The calendar feed (no session: the secret in the address is the key; GET only) and its owner's buttons."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from giamsat.calendars.ics import calendar
from giamsat.calendars.selectors import feed_events, feed_user
from giamsat.calendars.services import feed_create, feed_revoke


def _base(request) -> str:
    return getattr(settings, "GIAMSAT_BASE_URL", "").rstrip("/") or request.build_absolute_uri("/").rstrip("/")


@require_GET
def feed(request, secret: str):
    user = feed_user(secret)
    base = _base(request)
    body = calendar(f"Hạn công việc — {user.get_full_name() or user.username}",
                    feed_events(user, today=timezone.localdate()), stamp=timezone.now(), base_url=base,
                    domain=urlsplit(base).hostname or "giamsat")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-han.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def create(request):
    secret = feed_create(user=request.user)
    url = f"{_base(request)}{reverse('calendars:feed', args=[secret])}"
    return render(request, "calendars/created.html", {"nav": "account", "url": url,
                                                     "webcal": "webcal://" + url.split("://", 1)[-1]})


@require_POST
def revoke(request):
    if feed_revoke(user=request.user):
        messages.success(request, "Đã thu hồi địa chỉ lịch: lịch đã đăng ký ở đâu sẽ không cập nhật được nữa.")
    return redirect("accounts:profile")
