"""The access rules as templates read them: `{% if can.see_history %}` asks `access.can_see_history(user)`.

Templates decide nothing about roles themselves (ADR 0018): every menu entry asks a `can_*` function of
accounts.access through this one object, computed only when a template reads it."""

from giamsat.accounts import access


class Can:
    def __init__(self, user):
        self._user = user

    def __getitem__(self, name: str) -> bool:
        rule = getattr(access, f"can_{name}", None)
        if rule is None or not callable(rule):
            raise KeyError(name)  # a misspelt rule: the template engine shows nothing, the test says so
        return rule(self._user)


def can(request):
    return {"can": Can(getattr(request, "user", None))}
