import time

from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.shortcuts import redirect

ALLOWED_PREFIXES = ("/tai-khoan/doi-mat-khau/", "/dang-xuat/", "/static/", "/healthz")


class MustChangePasswordMiddleware:
    """An account with an initial (random) password can do nothing before choosing its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and getattr(user, "must_change_password", False)
                and not request.path.startswith(ALLOWED_PREFIXES) and not request.path.startswith("/api/")):
            return redirect("accounts:password_change")
        return self.get_response(request)


SESSION_TOUCH_SECONDS = 60


class SlidingSessionMiddleware:
    """A session expires after SESSION_COOKIE_AGE without activity: its expiry moves on with every request,
    written at most once a minute (Django's SESSION_SAVE_EVERY_REQUEST writes the session row on every page
    view, a database write and commit per request). Placed after SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get("_touched", 0) >= SESSION_TOUCH_SECONDS:
                session["_touched"] = now  # marks it modified: saved, with a new expiry, by SessionMiddleware
        return response


class SessionUserMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, with `request.user` the loaded user rather than a lazy proxy.

    Every request reads its user anyway (the audit actor, the route rules, the menu); through the proxy each of
    the ≈300 attribute reads of a page (the menu asks the route table about ≈20 entries) went through
    `LazyObject.__getattribute__` and `new_method_proxy` (issue #25, ADR 0055). The user comes from the same
    public `auth.get_user` the proxy would call, once."""

    def process_request(self, request):
        super().process_request(request)
        request.user = auth.get_user(request)
