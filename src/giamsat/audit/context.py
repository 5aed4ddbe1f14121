"""Who is acting, and through which channel, for the audit log of the current request or command."""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    label: str
    source: str  # web, api, cli, admin, import, system


_current: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("giamsat_audit_actor", default=None)


def current_actor() -> Actor:
    return _current.get() or Actor(None, "hệ thống", "system")


def actor_for(user, source: str) -> Actor:
    from giamsat.core.actors import is_system

    if is_system(user):  # the daily jobs, the demo, console commands: audited under the system's name
        return Actor(None, f"{user.label} ({_console()})" if source == "cli" else user.label, source)
    if user is None or not getattr(user, "is_authenticated", False):
        if source == "cli":
            return Actor(None, _console(), source)
        return Actor(None, "khách", source)
    return Actor(user.pk, user.get_username(), source)


def _console() -> str:
    import getpass

    return f"dòng lệnh ({getpass.getuser()})"


@contextmanager
def acting_as(user, source: str):
    token = _current.set(actor_for(user, source))
    try:
        yield
    finally:
        _current.reset(token)


def set_actor(user, source: str) -> None:
    """For code that cannot use a with-block (token authentication inside a request)."""
    _current.set(actor_for(user, source))


_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar("giamsat_audit_suppressed", default=False)


def is_suppressed() -> bool:
    return _suppressed.get()


@contextmanager
def audit_suppressed():
    """Only for restoring a backup: the rows and their audit chain arrive together, as they were."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)
