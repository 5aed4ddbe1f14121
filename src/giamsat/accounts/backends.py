"""The password backend: Django's ModelBackend, refusing what accounts.signin refuses."""

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from giamsat.accounts.session_user import session_user
from giamsat.accounts.signin import account_refusal, sign_in_refusal


class AccountBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        refusal = sign_in_refusal(user, password) if user is not None else ""
        if refusal:
            # PermissionDenied stops django.contrib.auth.authenticate (no other backend is asked) and counts
            # as a failed sign-in for django-axes; the sign-in forms (accounts.forms) show the reason.
            if request is not None:
                request.sign_in_refused = refusal
            raise PermissionDenied(refusal)
        return user

    def get_user(self, user_id):
        """The user of a session with their organization (the header shows it on every page; issue #25),
        from the shared cache while no user or organization was written since, else in one query
        (accounts.session_user, ADR 0055): a deactivation or a role change applies on the next request.
        A demo account's session made on a demo instance ends outside one."""
        user = session_user(user_id)
        if user is None or not self.user_can_authenticate(user) or account_refusal(user):
            return None
        return user

    async def aauthenticate(self, request, **kwargs):
        return await sync_to_async(self.authenticate)(request, **kwargs)

    async def aget_user(self, user_id):
        return await sync_to_async(self.get_user)(user_id)
