"""Refreshing derived copies once at the end of a bulk write instead of after each row it writes."""

import contextvars
from collections.abc import Callable, Iterable
from contextlib import contextmanager


class DeferredRefresh:
    """Inside `block()`, `defer(ids)` collects ids instead of letting the caller refresh them now; when the
    block ends without an error, `refresh` runs once for all of them. After an error nothing runs: the
    writer's transaction is rolled back, and a query in it would only hide the error."""

    def __init__(self, name: str, refresh: Callable[[list[int]], object]):
        self._pending: contextvars.ContextVar[set | None] = contextvars.ContextVar(name, default=None)
        self._refresh = refresh

    @contextmanager
    def block(self):
        pending: set[int] = set()
        token = self._pending.set(pending)
        try:
            yield
        finally:
            self._pending.reset(token)
        if pending:
            self._refresh(sorted(pending))

    def defer(self, ids: Iterable[int]) -> bool:
        """True when the ids were collected for the end of the block; False outside a block."""
        pending = self._pending.get()
        if pending is None:
            return False
        pending.update(ids)
        return True
