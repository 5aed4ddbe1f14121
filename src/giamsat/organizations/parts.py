"""What a reorganization moves, part by part (ADR 0031).

The apps above organizations (tasks, reporting, indicators, accounts) each say, in their module
`reorganization.py`, what of a predecessor's work moves to its successors and what stays with it, how it
moves, how it is put back, and whether anyone has acted under the move since. Organizations sit below
them (ADR 0002) and never import them: the modules register here and are found as Django finds admin
modules (`autodiscover_modules`).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules


@dataclass
class Line:
    """One thing in a preview: what moves (with its targets) or what stays."""

    what: str
    object_id: int
    label: str
    from_id: int | None = None
    to_ids: list[int] = field(default_factory=list)
    role: str = ""
    note: str = ""


@dataclass
class Plan:
    """A reorganization as the parts read it: who hands over to whom, and the split rule."""

    kind: str
    predecessor_ids: list[int]
    successor_ids: list[int]
    on: dt.date
    rule: str = ""
    task_map: dict[int, list[int]] = field(default_factory=dict)

    def targets(self, pred_id: int, *, task_id: int | None = None, shared: bool = False) -> list[int]:
        """Who takes over `pred_id`'s thing: the one successor of a merge; in a split the task's own targets
        (by list or by hand), every successor (by area, or `shared` duties), else the first successor."""
        if not self.successor_ids or self.kind in {"rename", "reparent"}:
            return []
        if self.kind != "split":
            return self.successor_ids[:1]
        if task_id is not None and task_id in self.task_map:
            return self.task_map[task_id]
        if shared or (task_id is not None and self.rule == "area"):
            return list(self.successor_ids)
        return self.successor_ids[:1]


@dataclass
class Part:
    key: str
    title: str  # what moves, as the preview heads it
    stays_title: str  # what stays with the predecessor
    order: int
    plan: Callable[[Plan], tuple[list[Line], list[Line]]]
    apply: Callable[[Line], dict]  # moves one line; returns what its revert needs
    revert: Callable[[object], None]  # takes the Transfer row
    acted: Callable[[list, dt.datetime], list[str]] = lambda transfers, since: []  # noqa: E731
    after: Callable[[list[Line]], None] = lambda lines: None  # noqa: E731 (e.g. recompute statuses)


_PARTS: dict[str, Part] = {}
_discovered = False


def register(part: Part) -> None:
    _PARTS[part.key] = part


def parts() -> list[Part]:
    global _discovered
    if not _discovered:
        autodiscover_modules("reorganization")
        _discovered = True
    return sorted(_PARTS.values(), key=lambda p: p.order)


def part(key: str) -> Part:
    return {p.key: p for p in parts()}[key]
