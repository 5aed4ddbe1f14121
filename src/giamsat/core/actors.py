"""The system itself as an actor: the daily job, the demo, the synthetic data generator and console commands.

Services take who acts (`actor=` / `user=`) and check their rights. Code that acts for nobody in particular
passes `SYSTEM` explicitly: it may do what a service allows, input checks still apply, and its writes are
audited under its name ("hệ thống"). `None` is refused (`require_actor`): a forgotten user is a bug, not a
permission to do everything.
"""


class SystemActor:
    """Not a user: not signed in, no organization, no role; services recognise it with `is_system`."""

    label = "hệ thống"
    is_authenticated = False
    is_active = True
    pk = None
    organization_id = None
    role = ""

    def __repr__(self) -> str:
        return "SYSTEM"

    def get_username(self) -> str:
        return self.label


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    return actor is SYSTEM


def require_actor(actor):
    """`actor` itself, or TypeError for None (a caller that forgot to say who acts)."""
    if actor is None:
        raise TypeError("a service needs who acts: a user, or giamsat.core.actors.SYSTEM")
    return actor
