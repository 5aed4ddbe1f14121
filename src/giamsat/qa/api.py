"""REST API of questions, mounted at /api/v1: GET /ask (signed in, over what the user may see) and
GET /public/ask (anonymous, over published documents). A GET writes nothing: questions asked through the API
are not logged (the pages log theirs)."""

from ninja import Query, Router, Schema

from giamsat.qa.selectors import MAX_QUESTION, ask

router = Router(tags=["qa"])


class CitationOut(Schema):
    kind: str
    id: int
    label: str
    quote: str
    url: str


class AnswerSentenceOut(Schema):
    text: str
    citations: list[CitationOut]


class PassageOut(Schema):
    kind: str
    source: str
    id: int
    label: str
    text: str
    url: str
    score: float


class AskOut(Schema):
    answer: list[AnswerSentenceOut]
    passages: list[PassageOut]


@router.get("/ask", response=AskOut, url_name="qa_ask")
def ask_api(request, q: str = Query(..., min_length=1, max_length=MAX_QUESTION)):
    """The answer to a question in Vietnamese (with or without diacritics), each sentence with its sources
    (`kind`: document, task or figure), and the closest passages. `answer` is empty when nothing relevant
    is found."""
    return ask(request.user, q, public=False).as_dict()


@router.get("/public/ask", response=AskOut, auth=None, url_name="qa_public_ask")
def public_ask_api(request, q: str = Query(..., min_length=1, max_length=MAX_QUESTION)):
    """The same over published documents and indicators only, without signing in."""
    return ask(None, q, public=True).as_dict()
