"""The dashboard's few writes: what is published on the public page, and the weekly warning e-mail."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
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
    recipients: list[str]
    subject: str
    body: str
    sent: bool
    reason: str = ""


def warnings_email(*, today: dt.date | None = None, send: bool = True) -> WarningMail:
    """The early-warning list, e-mailed to the monitoring office's active users with an address.

    Computed as the office sees it (every organization). Not sent when mail is not configured or nobody
    has an address; the result says why.
    """
    from giamsat.dashboard.warnings import early_warnings

    today = today or timezone.localdate()
    office = list(User.objects.filter(OFFICE_USERS).order_by("id"))
    recipients = [u.email for u in office if u.email]
    viewer = office[0] if office else User(role=Role.OFFICE, is_active=True)
    warnings = early_warnings(viewer, today=today)
    subject = f"[giamsat] Cảnh báo sớm tuần {today:%d/%m/%Y}: {warnings.total} mục cần chú ý"
    body = render_to_string(
        "dashboard/email/warnings.txt",
        {
            "w": warnings,
            "site": settings.GIAMSAT_SITE_NAME,
            "province": settings.GIAMSAT_PROVINCE,
            "base_url": getattr(settings, "GIAMSAT_BASE_URL", ""),
        },
    )
    mail = WarningMail(recipients, subject, body, sent=False)
    if not send:
        return mail
    if not mail_configured():
        mail.reason = "Chưa cấu hình gửi thư (EMAIL_BACKEND, EMAIL_HOST): không gửi."
        return mail
    if not recipients:
        mail.reason = "Không có người dùng nào của cơ quan theo dõi có địa chỉ thư điện tử."
        return mail
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    mail.sent = True
    audit_record(
        action=AuditEntry.Action.EVENT,
        object_type="dashboard.warnings",
        object_id=today.isoformat(),
        object_repr=subject,
        event="warnings_emailed",
        after={"recipients": len(recipients), "items": warnings.total},
    )
    return mail
