"""API authentication: the browser's session (with CSRF) or a bearer token acting as its user."""

from ninja.security import HttpBearer, SessionAuth

from giamsat.accounts.models import ApiToken
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
        return found.user


class ActiveSession(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None and user.must_change_password:
            raise PermissionDeniedError("Tài khoản phải đổi mật khẩu trước khi dùng API.")
        return user if user is not None and user.is_active else None


AUTH = [BearerToken(), ActiveSession()]
