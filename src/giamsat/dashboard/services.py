"""The dashboard's few writes: what is published on the public page, and the weekly warning e-mail."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from giamsat.accounts.access import OFFICE_USERS, require_manager
from giamsat.accounts.models import Role, User
from giamsat.audit.models import AuditEntry
from giamsat.audit.services import audit_event, audit_record
from giamsat.core.actors import is_system, require_actor
from giamsat.documents.models import Document
from giamsat.indicators.models import Indicator
from giamsat.indicators.services import indicator_set_published


@dataclass
class PublicationResult:
    published: list[str]
    unpublished: list[str]


def document_set_published(*, user, document: Document, published: bool) -> Document:
    """Publish or withdraw a document from the public page (monitoring office).

    It writes a Document and belongs with documents.services; it lives here until that app has it.
    """
    if not is_system(require_actor(user)):
        require_manager(user)
    if document.is_published != published:
        document.is_published = published
        document.save(update_fields=["is_published", "updated_at"])
        audit_event("document_published" if published else "document_unpublished", document)
    return document


@transaction.atomic
def publication_set(*, user, document_ids, indicator_ids) -> PublicationResult:
    """Publish exactly these documents and indicators; withdraw every other one."""
    require_manager(user)
    document_ids, indicator_ids = {int(x) for x in document_ids}, {int(x) for x in indicator_ids}
    result = PublicationResult([], [])
    for doc in Document.objects.order_by("id"):
        wanted = doc.pk in document_ids
        if doc.is_published != wanted:
            document_set_published(user=user, document=doc, published=wanted)
            (result.published if wanted else result.unpublished).append(doc.label)
    for ind in Indicator.objects.order_by("id"):
        wanted = ind.pk in indicator_ids
        if ind.is_published != wanted:
            indicator_set_published(user=user, indicator=ind, published=wanted)
            (result.published if wanted else result.unpublished).append(ind.code)
    return result


from giamsat.core.mail import mail_configured  # noqa: E402,F401  (re-exported for callers of this module)


@dataclass
class WarningMail:
    recipients: list[str]  # the e-mail addresses it went to
    subject: str
    body: str
    sent: bool
    reason: str = ""
    channels: dict[str, int] = field(default_factory=dict)  # channel label → messages (sent, queued or held)
    users: int = 0


def warnings_email(*, today: dt.date | None = None, send: bool = True) -> WarningMail:
    """The early-warning list, to the monitoring office's active users on the channels each chose (giamsat.notify,
    ADR 0041: in-app; e-mail, Zalo, Telegram tried at once; held for those who take the daily digest).

    Computed as the office sees it (every organization). Once per day: a second run the same day sends nothing
    again (the delivery key); the result says why nothing went out.
    """
    from giamsat.dashboard.warnings import early_warnings
    from giamsat.notify.dispatch import notify
    from giamsat.notify.models import Channel, Delivery, Kind

    today = today or timezone.localdate()
    office = list(User.objects.filter(OFFICE_USERS).order_by("id"))
    viewer = office[0] if office else User(role=Role.OFFICE, is_active=True)
    warnings = early_warnings(viewer, today=today)
    subject = f"Cảnh báo sớm tuần {today:%d/%m/%Y}: {warnings.total} mục cần chú ý"
    body = render_to_string(
        "dashboard/email/warnings.txt",
        {
            "w": warnings,
            "site": settings.GIAMSAT_SITE_NAME,
            "province": settings.GIAMSAT_PROVINCE,
            "base_url": getattr(settings, "GIAMSAT_BASE_URL", ""),
        },
    )
    mail = WarningMail([u.email for u in office if u.email], subject, body, sent=False)
    if not send:
        return mail
    if not office:
        mail.reason = "Không có người dùng nào của cơ quan theo dõi: không gửi."
        return mail
    rows = notify(office, Kind.ALERT, body, reverse("dashboard:warnings"), subject=subject,
                  key=f"warnings:{today.isoformat()}", now=True)
    if not rows:
        mail.reason = f"Cảnh báo sớm ngày {today:%d/%m/%Y} đã được gửi trước đó: không gửi lại."
        return mail
    labels = dict(Channel.choices)
    for row in rows:
        if row.state != Delivery.State.FAILED:
            mail.channels[labels[row.channel]] = mail.channels.get(labels[row.channel], 0) + 1
    mail.recipients = [r.address for r in rows if r.channel == Channel.EMAIL and r.state == Delivery.State.SENT]
    mail.users = len({r.user_id for r in rows})
    mail.sent = True
    if not mail_configured():
        mail.reason = "Chưa cấu hình gửi thư (EMAIL_BACKEND, EMAIL_HOST): không gửi thư điện tử."
    elif not any(u.email for u in office):
        mail.reason = "Không có người dùng nào của cơ quan theo dõi có địa chỉ thư điện tử."
    audit_record(
        action=AuditEntry.Action.EVENT,
        object_type="dashboard.warnings",
        object_id=today.isoformat(),
        object_repr=subject,
        event="warnings_emailed",
        after={"recipients": mail.users, "items": warnings.total, "channels": mail.channels},
    )
    return mail
