"""Reads about feedback: the lists (the office's, an agency's inbox), one item, the public lookup and the
published answers (never personal data), statistics and the punctuality of answers (for the metrics)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from giamsat.core.errors import NotFoundError
from giamsat.documents.models import with_document
from giamsat.feedback.models import Feedback, FeedbackFile

NOT_FOUND = "Không tìm thấy phản ánh, kiến nghị hoặc bạn không có quyền xem."
CODE_NOT_FOUND = "Không tìm thấy phản ánh với mã tra cứu này. Kiểm tra lại mã (10 ký tự, bắt đầu bằng PA)."


def feedback_list(user):
    return Feedback.objects.visible_to(user).select_related("routed_to")


def feedback_get(user, pk: int) -> Feedback:
    item = (with_document(feedback_list(user).select_related("task", "duplicate_of", "parent", "answered_by",
                                                             "submitter_organization")).filter(pk=pk).first())
    if item is None:
        raise NotFoundError(NOT_FOUND)
    return item


def feedback_files(item: Feedback) -> list[FeedbackFile]:
    return list(item.files.all())


def feedback_file_get(user, pk: int) -> FeedbackFile:
    found = FeedbackFile.objects.filter(pk=pk, feedback__in=Feedback.objects.visible_to(user).values("pk")).first()
    if found is None:
        raise NotFoundError("Không tìm thấy tệp.")
    return found


def is_overdue(item: Feedback, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return item.state == Feedback.State.ROUTED and item.answer_due is not None and item.answer_due < today


def overdue_q(today: dt.date | None = None) -> Q:
    return Q(state=Feedback.State.ROUTED, answer_due__lt=today or timezone.localdate())


# ---------------------------------------------------------------------------------------------- public


@dataclass
class PublicPart:
    """What anyone may read of an item: no name, no contact, no sender organization."""

    tracking_code: str
    kind: str
    kind_label: str
    subject: str
    status: str
    status_label: str
    received_on: dt.date
    routed_on: dt.date | None
    answer_due: dt.date | None
    answered_on: dt.date | None
    agency: str | None
    answer: str | None  # once the office published it
    question: str | None  # the content, with the published answer
    reject_reason: str | None
    merged_into: str | None


def _public_part(item: Feedback) -> PublicPart:
    published = item.is_public and item.state in {Feedback.State.ANSWERED, Feedback.State.CLOSED}
    return PublicPart(
        tracking_code=item.tracking_code, kind=item.kind, kind_label=item.get_kind_display(), subject=item.subject,
        status=item.state, status_label=item.get_state_display(), received_on=timezone.localdate(item.created_at),
        routed_on=timezone.localdate(item.routed_at) if item.routed_at else None, answer_due=item.answer_due,
        answered_on=timezone.localdate(item.answered_at) if item.answered_at else None,
        agency=item.routed_to.name if item.routed_to_id else None, answer=item.answer if published else None,
        question=item.content if published else None,
        reject_reason=item.reject_reason or None,
        merged_into=item.duplicate_of.tracking_code if item.duplicate_of_id else None,
    )


PUBLIC_FIELDS = ("id", "tracking_code", "kind", "subject", "content", "state", "created_at", "routed_at", "answer_due",
                 "answered_at", "routed_to__name", "answer", "is_public", "reject_reason", "duplicate_of",
                 "parent_id", "routed_to_id", "duplicate_of_id")


def public_lookup(code: str) -> tuple[PublicPart, list[PublicPart]]:
    """The item of a tracking code, and its parts when split among agencies; anyone may ask."""
    code = (code or "").strip().upper()
    item = (Feedback.objects.select_related("routed_to", "duplicate_of").filter(tracking_code=code)
            .only(*PUBLIC_FIELDS, "duplicate_of__tracking_code").first()) if 0 < len(code) <= 16 else None
    if item is None:
        raise NotFoundError(CODE_NOT_FOUND)
    parts = item.parts.select_related("routed_to").only(*PUBLIC_FIELDS).order_by("id")
    return _public_part(item), [_public_part(p) for p in parts]


def published_answers(limit: int = 50) -> list[PublicPart]:
    rows = (Feedback.objects.published().select_related("routed_to").only(*PUBLIC_FIELDS)
            .order_by("-published_at", "-id")[:limit])
    return [_public_part(r) for r in rows]


# ------------------------------------------------------------------------------------------- statistics


@dataclass
class Punctuality:
    on_time: int
    late: int
    overdue: int

    @property
    def answered(self) -> int:
        return self.on_time + self.late


def owed(items):
    """The feedback whose answer is owed: a merged duplicate or a rejected item is not."""
    return items.exclude(state__in=[Feedback.State.MERGED, Feedback.State.REJECTED])


def punctuality_counts(as_of: dt.date) -> dict:
    """The one rule of answer punctuality, as aggregates at a date: answered (by `as_of`) on or before its
    deadline, or after it. The metrics module and `answer_punctuality` both count with it."""
    answered = Q(answered_at__isnull=False, answered_at__date__lte=as_of)
    return {
        "on_time": Count("pk", filter=answered & Q(answered_at__date__lte=F("answer_due"))),
        "late": Count("pk", filter=answered & Q(answered_at__date__gt=F("answer_due"))),
    }


def answer_punctuality(org_ids, start: dt.date, end: dt.date, *, today: dt.date | None = None) -> Punctuality:
    """Answers due between `start` and `end` (inclusive) of the agencies `org_ids` (None: every agency):
    answered by the deadline, answered after it, and still unanswered past it. Items not yet due and
    unanswered count in none."""
    today = today or timezone.localdate()
    qs = owed(Feedback.objects.filter(answer_due__gte=start, answer_due__lte=end, routed_to__isnull=False))
    if org_ids is not None:
        qs = qs.filter(routed_to_id__in=org_ids)
    counts = qs.aggregate(**punctuality_counts(today),
                          overdue=Count("pk", filter=Q(answered_at__isnull=True, answer_due__lt=today)))
    return Punctuality(**counts)


def feedback_statistics(user, *, start: dt.date | None = None, end: dt.date | None = None) -> dict:
    """Counts by kind, status and agency, and the punctuality of each agency, over what the user sees."""
    today = timezone.localdate()
    qs = feedback_list(user)
    if start:
        qs = qs.filter(created_at__date__gte=start)
    if end:
        qs = qs.filter(created_at__date__lte=end)
    qs = qs.order_by()
    by_kind = dict(qs.values_list("kind").annotate(n=Count("pk")))
    by_state = dict(qs.values_list("state").annotate(n=Count("pk")))
    answered = Q(answered_at__isnull=False)
    agencies = (qs.filter(routed_to__isnull=False).values("routed_to_id", "routed_to__name")
                .annotate(total=Count("pk"),
                          answered=Count("pk", filter=answered),
                          on_time=punctuality_counts(today)["on_time"],  # the one punctuality rule
                          overdue=Count("pk", filter=overdue_q(today)))
                .order_by("-total", "routed_to__name"))
    return {
        "total": sum(by_state.values()),
        "kinds": [(label, by_kind.get(code, 0)) for code, label in Feedback.Kind.choices],
        "states": [(label, by_state.get(code, 0)) for code, label in Feedback.State.choices],
        "agencies": list(agencies),
    }
