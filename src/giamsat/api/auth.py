"""API authentication: the browser's session (with CSRF) or a bearer token acting as its user."""

from functools import wraps

from django.contrib.auth.models import AnonymousUser
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from giamsat.accounts.models import ApiToken
from giamsat.accounts.routes import API_NAMESPACE, operation_refusal
from giamsat.accounts.signin import account_refusal
from giamsat.audit.context import set_actor
from giamsat.core.errors import PermissionDeniedError

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.authenticate(token)
        if found is None:
            return None
        if found.read_only and request.method not in SAFE_METHODS:
            raise PermissionDeniedError("Khóa API này chỉ được đọc, không được ghi.")
        refusal = account_refusal(found.user)  # a demo account's token, outside a demo instance
        if refusal:
            raise PermissionDeniedError(refusal)
        if found.user.must_change_password:
            raise PermissionDeniedError("Tài khoản phải đổi mật khẩu (đăng nhập trên web) trước khi dùng API.")
        request.user = found.user
        request.api_token = found
        set_actor(found.user, "api")
        return authorized(request, found.user)


class ActiveSession(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None and user.must_change_password:
            raise PermissionDeniedError("Tài khoản phải đổi mật khẩu trước khi dùng API.")
        return authorized(request, user) if user is not None and user.is_active else None


def authorized(request, user):
    """The route table (accounts.routes) once the user is known: its refusal is a 403 with the reason."""
    message = operation_refusal(user, getattr(request, "api_operation", ""), request.method)
    if message:
        raise PermissionDeniedError(message)
    return user


def naming_the_operation(run):
    """A django-ninja "view" decorator, which runs before authentication: it tells `authorized` which
    operation is asked, since the table is keyed by operation and several operations share one URL.
    The name is the operation's URL name, as django-ninja gives it (its url_name, else its function's)."""
    operation = run.__self__
    name = f"{API_NAMESPACE}:{getattr(operation, 'url_name', '') or operation.view_func.__name__}"

    @wraps(run)
    def named(request, *args, **kwargs):
        request.api_operation = name
        return run(request, *args, **kwargs)

    return named


class Visitor:
    """Anyone, for the operations the route table opens to anyone (the public feedback form and its lookup).
    A bearer token is still read first; a browser's session counts only with its CSRF token, else the caller
    is a visitor like any other (a cross-site form cannot act as the signed-in user, and a visitor with a
    stale cookie is not refused)."""

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and check_csrf(request) is not None:
            user = AnonymousUser()
        request.user = user
        set_actor(user, "api")
        return authorized(request, user)


AUTH = [BearerToken(), ActiveSession()]
VISITOR_AUTH = [BearerToken(), Visitor()]
