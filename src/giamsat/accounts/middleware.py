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
