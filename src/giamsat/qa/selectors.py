"""Reads of the ask pages: the answer to a question within what the asker may see, and the office's view."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from giamsat.core.errors import NotFoundError
from giamsat.documents.models import Document
from giamsat.qa.answer import Answer, extractive, passage_out, supported
from giamsat.qa.intents import answer_from_data
from giamsat.qa.llm import rephrased
from giamsat.qa.models import QuestionLog
from giamsat.qa.retrieval import Scope, document_name, retrieve, scope_of
from giamsat.qa.sections import split_sections

MAX_QUESTION = 300


def build_answer(question: str, scope: Scope, *, user=None) -> Answer:
    """The answer to `question` within `scope`: from the database when it asks about the system's data
    (qa.intents), else sentences of the best passages; nothing when nothing relevant was found."""
    query, found = retrieve(question, scope)
    answer = Answer(question, passages=[passage_out(f, public=scope.public) for f in found])
    sentences = answer_from_data(question, scope, user=user)
    answer.source = "data" if sentences else "documents"
    if not sentences:
        sentences = extractive(question, query, found, public=scope.public)
    seen: set[str] = set()
    answer.sentences = [s for s in sentences if s.citations and supported(s)
                        and not (s.text in seen or seen.add(s.text))]
    if not answer.sentences:
        answer.source = ""
    return answer


def ask(user, question: str, *, public: bool) -> Answer:
    """The answer to `question`: signed in, over what the user may see; public, over published documents."""
    question = (question or "").strip()[:MAX_QUESTION]
    answer = build_answer(question, scope_of(user, public=public), user=None if public else user)
    return rephrased(answer)


def document_text(user, pk: int, *, public: bool):
    """A document (visible to the user, or published) and its parts with their anchors, for citations' links."""
    from django.contrib.auth.models import AnonymousUser

    doc = Document.objects.visible_to(AnonymousUser() if public else user).filter(pk=pk).first()
    if doc is None:
        raise NotFoundError("Không tìm thấy văn bản hoặc bạn không có quyền xem.")
    return doc, document_name(doc), split_sections(doc.full_text)


def question_stats(*, days: int = 30, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    since = timezone.now() - dt.timedelta(days=days)
    counts = QuestionLog.objects.filter(asked_at__gte=since).aggregate(
        total=Count("pk"), unanswered=Count("pk", filter=Q(answered=False)),
        up=Count("pk", filter=Q(helpful=True)), down=Count("pk", filter=Q(helpful=False)),
        public=Count("pk", filter=Q(is_public=True)))
    total = counts["total"]
    counts["unanswered_share"] = round(100 * counts["unanswered"] / total) if total else 0
    return {"days": days, "counts": counts,
            "recent": list(QuestionLog.objects.only("asked_at", "question", "is_public", "answered", "source",
                                                    "cited", "helpful").order_by("-asked_at", "-id")[:100])}
