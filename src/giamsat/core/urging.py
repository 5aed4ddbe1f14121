"""Urging and notifications across apps of one layer (ADR 0029).

The reminder job (reporting.reminders, `giamsat remind`) urges reports and tasks; apps beside reporting
(feedback) cannot import it, nor it them. They register here instead, as the search app registers its word
lookup with core.filters: a *planner* `planner(today) -> list[Urging]` that the job runs with its own, and
the *notifier*, which the notify app registers: its dispatcher, which writes the in-app notification and
sends on each user's chosen channels (ADR 0041).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models


class UrgingKind(models.TextChoices):
    """The kinds of urging, shared by the reminder job's log (reporting.Reminder.Kind) and the apps that
    plan urgings beside it (feedback), which cannot import reporting."""

    BEFORE = "before", "Nhắc trước hạn"
    OVERDUE = "overdue", "Đôn đốc quá hạn"
    ESCALATION = "escalation", "Báo cáo lãnh đạo đơn vị"
    MANUAL = "manual", "Đôn đốc trực tiếp"  # one agency or one task, in the office's own words


@dataclass
class Urging:
    """One urging message an app plans, sent and logged by the reminder job like its own.

    `kind`: an UrgingKind (the job's three levels); `organization`: the agency it is
    about; `users`: in-app notification and e-mail; `emails`: addresses without an account; `sent(at)`: the
    planner's own record that it went out (called in the job's transaction)."""

    kind: str
    organization: object
    subject: str
    body: str
    url: str
    about: str
    users: list = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    sent: Callable[[dt.datetime], None] | None = None
    period = None
    tasks: tuple = ()

    def describe(self) -> str:
        mails = sorted({u.email for u in self.users if u.email} | set(self.emails))
        who = ", ".join(u.get_username() for u in self.users) or "không có tài khoản"
        return (f"[{self.about}] {self.organization.display_name}: {self.subject} → thông báo: {who}; "
                f"thư: {', '.join(mails) or 'không có địa chỉ'}")


_planners: list[Callable[[dt.date], list[Urging]]] = []
_notifier: Callable[[list, str, str], None] | None = None


def register_planner(planner: Callable[[dt.date], list[Urging]]) -> None:
    if planner not in _planners:
        _planners.append(planner)


def planned(today: dt.date) -> list[Urging]:
    """What the registered planners would send on `today` (reads only)."""
    return [item for planner in _planners for item in planner(today)]


def register_notifier(notifier: Callable[[list, str, str], None]) -> None:
    global _notifier
    _notifier = notifier


def notify(users, message: str, url: str = "") -> None:
    """A notice to each of `users` through the registered dispatcher (nothing when none is registered)."""
    if _notifier is not None and users:
        _notifier(list(users), message, url)
