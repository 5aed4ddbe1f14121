"""The question log's writes: a question asked on a page (POST), and its thumbs up or down.

The log is not in the audit chain (ADR 0035): it is itself a log, written by anonymous visitors too, and
holds no data of the domain."""

from django.core import signing

from giamsat.core.errors import ApplicationError, PermissionDeniedError
from giamsat.qa.models import QuestionLog

RATING_SALT = "giamsat.qa.rating"
RATING_MAX_AGE = 24 * 3600


def question_log(*, user, question: str, answer, public: bool) -> QuestionLog:
    cited = "; ".join(dict.fromkeys(c.label for s in answer.sentences for c in s.citations))
    return QuestionLog.objects.create(
        question=question[:500], is_public=public, user=None if public else user, answered=answer.answered,
        source=answer.source, cited=cited[:500],
    )


def rating_token(log: QuestionLog) -> str:
    """What the page's thumbs carry: only who was shown the answer can rate it (no session is needed)."""
    return signing.dumps(log.pk, salt=RATING_SALT)


def question_rate(*, user, log_id: int, token: str, helpful: bool, public: bool) -> QuestionLog:
    try:
        signed = signing.loads(token or "", salt=RATING_SALT, max_age=RATING_MAX_AGE)
    except signing.BadSignature as exc:
        raise ApplicationError("Phiếu đánh giá không hợp lệ hoặc đã quá hạn; hãy hỏi lại.", code="bad_rating") from exc
    log = QuestionLog.objects.filter(pk=log_id, is_public=public).first()
    if log is None or signed != log.pk:
        raise ApplicationError("Phiếu đánh giá không hợp lệ hoặc đã quá hạn; hãy hỏi lại.", code="bad_rating")
    if not public and log.user_id != getattr(user, "pk", None):
        raise PermissionDeniedError("Chỉ người đã hỏi mới đánh giá được câu trả lời.")
    log.helpful = helpful
    log.save(update_fields=["helpful"])
    return log
