"""The one dispatcher (ADR 0041): every reminder, urging, alert and feedback notice goes through `notify`.

`notify(to, kind, text, link)` writes the in-app notification at once and queues one Delivery per outside
channel the user chose (e-mail, Zalo, Telegram), or holds it for the user's daily digest. `deliver_due()`
(run by `giamsat notify-send` and at the end of `giamsat remind`) sends what is due and retries failures
with back-off; each row is taken under `select_for_update(skip_locked=True)` and re-checked, so two runs at
once never send a message twice.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from giamsat.accounts.access import AGENCY_USERS
from giamsat.accounts.models import User
from giamsat.core.text import nfc
from giamsat.notify import conf
from giamsat.notify.models import Channel, ChannelSettings, Delivery, Kind, Mark
from giamsat.notify.senders import senders
from giamsat.organizations.models import Organization

State = Delivery.State
_in_app: Callable[[list, str, str, dt.datetime], None] | None = None


def register_in_app(writer: Callable[[list, str, str, dt.datetime], None]) -> None:
    """The app that keeps the in-app notifications (reporting) gives its writer: (users, message, url, at)."""
    global _in_app
    _in_app = writer


def _users(to) -> list[User]:
    """Users, organizations (their agency users), or an iterable of either, as distinct active users."""
    items = [to] if isinstance(to, User | Organization) or not isinstance(to, Iterable) else list(to)
    org_ids = [i.pk for i in items if isinstance(i, Organization)]
    users = [i for i in items if isinstance(i, User) and i.is_active]
    if org_ids:
        users += list(User.objects.filter(AGENCY_USERS, organization_id__in=org_ids).order_by("username"))
    return list({u.pk: u for u in users}.values())


def absolute(link: str) -> str:
    base = getattr(settings, "GIAMSAT_BASE_URL", "").rstrip("/")
    return f"{base}{link}" if link.startswith("/") else link


def _fit(text: str, link: str, limit: int) -> str:
    tail = f"\n\n{absolute(link)}" if link and absolute(link) not in text else ""
    if len(text) + len(tail) > limit:
        text = text[: max(0, limit - len(tail) - 1)].rstrip() + "…"
    return text + tail


def notify(to, kind: str, text: str, link: str = "", *, subject: str = "", key: str = "",
           emails: Iterable[str] = (), now: bool = False, at: dt.datetime | None = None) -> list[Delivery]:
    """Tell `to` (a user, an organization's agency users, or a list of either) about something.

    `kind`: notify.models.Kind ("reminder", "urging", "alert", "feedback", "notice"); `text`: the whole
    message; `subject`: its title (the in-app line and the e-mail subject; default: the text's first line);
    `link`: a page of the site; `key`: what it is about, for notices sent once per user (a user who already
    has a delivery with this key is skipped); `emails`: mailboxes without an account (an agency's address);
    `now`: try the outside channels at once (batch jobs), else `giamsat notify-send` sends them.
    Returns the deliveries written, in-app ones included (state "sent")."""
    at = at or timezone.now()
    text, subject = nfc(text).strip(), nfc(subject).strip()
    subject = (subject or text.split("\n", 1)[0])[:300]
    users = _users(to)
    if key:
        done = set(Delivery.objects.filter(key=key, user__in=users).values_list("user_id", flat=True))
        users = [u for u in users if u.pk not in done]
    channels = {c: s for c, s in senders().items() if s.configured()}
    choices = {c.user_id: c for c in ChannelSettings.objects.filter(user__in=users)}
    rows: list[Delivery] = []

    def row(user, channel, address, state, **extra):
        rows.append(Delivery(user=user, address=address[:254], channel=channel, kind=kind, subject=subject,
                             text=text, link=link[:500], key=key[:200], state=state, created=at, **extra))

    for user in users:
        row(user, Channel.IN_APP, "", State.SENT, delivered_at=at)
        choice = choices.get(user.pk)
        for channel, sender in channels.items():
            wanted = getattr(choice, channel, channel == Channel.EMAIL) if choice else channel == Channel.EMAIL
            address = sender.address(user, choice) if wanted else ""
            if address:
                held = choice is not None and choice.digest
                row(user, channel, address, State.HELD if held else State.PENDING,
                    next_attempt_at=None if held else at)
    if Channel.EMAIL in channels:
        mine = {u.email for u in users if u.email}
        for address in dict.fromkeys(e for e in emails if e and e not in mine):
            row(None, Channel.EMAIL, address, State.PENDING, next_attempt_at=at)
    with transaction.atomic():
        if _in_app is not None and users:
            _in_app(users, subject, link, at)
        rows = Delivery.objects.bulk_create(rows)
    if now:
        deliver([r.pk for r in rows if r.state == State.PENDING], now=at)
        rows = list(Delivery.objects.filter(pk__in=[r.pk for r in rows]).order_by("id"))
    return rows


def unmarked(keys: Iterable[str]) -> set[str]:
    """Those of `keys` no notice has named yet."""
    keys = set(keys)
    return keys - set(Mark.objects.filter(key__in=keys).values_list("key", flat=True))


def mark(keys: Iterable[str], *, at: dt.datetime | None = None) -> None:
    """Remember that a notice named these (ignoring those already remembered: a second run is harmless)."""
    Mark.objects.bulk_create([Mark(key=k[:200], created=at or timezone.now()) for k in keys],
                             ignore_conflicts=True)


def _next_try(attempts: int, at: dt.datetime, wait_minutes: int) -> dt.datetime | None:
    delays = conf.retry_minutes()
    if attempts > len(delays):
        return None  # given up
    return at + dt.timedelta(minutes=max(delays[attempts - 1], wait_minutes))


def deliver(ids: Iterable[int], *, now: dt.datetime | None = None) -> int:
    """Send each of these deliveries that is still due; returns how many went out."""
    now = now or timezone.now()
    by_channel = senders()
    sent = 0
    for pk in ids:
        with transaction.atomic():
            item = (Delivery.objects.select_for_update(skip_locked=True)
                    .filter(pk=pk, state=State.PENDING, next_attempt_at__lte=now).first())
            if item is None:
                continue  # sent, given up, or being sent by another run
            sender = by_channel.get(item.channel)
            if sender is None or not sender.configured():
                item.state, item.last_error = State.FAILED, "Kênh này chưa được cấu hình hoặc đã bị tắt."
                item.next_attempt_at = None
                item.save(update_fields=["state", "last_error", "next_attempt_at"])
                continue
            outcome = sender.send(item.address, item.subject, _fit(item.text, item.link, sender.limit))
            item.attempts += 1
            item.answer = outcome.answer
            if outcome.ok:
                item.state, item.delivered_at, item.next_attempt_at, item.last_error = State.SENT, now, None, ""
                sent += 1
            else:
                item.last_error = outcome.error or "Không gửi được."
                item.next_attempt_at = _next_try(item.attempts, now, outcome.wait_minutes) if outcome.retry else None
                if item.next_attempt_at is None:
                    item.state = State.FAILED
            item.save(update_fields=["attempts", "answer", "state", "delivered_at", "next_attempt_at",
                                     "last_error"])
    return sent


def deliver_due(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    now = now or timezone.now()
    ids = list(Delivery.objects.filter(state=State.PENDING, next_attempt_at__lte=now)
               .order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit])
    return deliver(ids, now=now)


def digests_build(*, now: dt.datetime | None = None, force: bool = False) -> list[Delivery]:
    """One message per user and channel with everything held for the digest (from the digest hour on, once a
    day; `force`: now, whatever the hour). The held rows are locked and marked as merged into it."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if not force and local.hour < int(conf.get("GIAMSAT_NOTIFY_DIGEST_HOUR")):
        return []
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    pairs = set(Delivery.objects.filter(state=State.HELD).values_list("user_id", "channel", "address"))
    built = []
    for user_id, channel, address in sorted(pairs, key=lambda p: (p[0] or 0, p[1])):
        with transaction.atomic():
            if not force and Delivery.objects.filter(user_id=user_id, channel=channel, kind=Kind.DIGEST,
                                                     created__gte=start).exists():
                continue  # today's went out already; the rest waits for tomorrow's
            items = list(Delivery.objects.select_for_update(skip_locked=True)
                         .filter(user_id=user_id, channel=channel, address=address, state=State.HELD)
                         .order_by("created", "id"))
            if not items:
                continue
            lines = [f"{n}. {i.subject}" + (f" — {absolute(i.link)}" if i.link else "")
                     for n, i in enumerate(items, 1)]
            digest = Delivery.objects.create(
                user_id=user_id, address=address, channel=channel, kind=Kind.DIGEST,
                subject=f"Bản tin giamsat ngày {local:%d/%m/%Y}: {len(items)} mục",
                text=f"Bản tin giamsat ngày {local:%d/%m/%Y} ({len(items)} mục):\n\n" + "\n".join(lines),
                state=State.PENDING, created=now, next_attempt_at=now)
            Delivery.objects.filter(pk__in=[i.pk for i in items]).update(state=State.MERGED, digest=digest)
            built.append(digest)
    return built


def run(*, now: dt.datetime | None = None, force_digest: bool = False) -> tuple[int, int]:
    """What `giamsat notify-send` does: build the digests that are due, then send everything due.
    Returns (digests built, messages sent)."""
    digests = digests_build(now=now, force=force_digest)
    return len(digests), deliver_due(now=now)
