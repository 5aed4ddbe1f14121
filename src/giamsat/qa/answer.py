"""Answers made only of what was found: each sentence is taken from a passage (or stated from a record of the
database) and cites it. A sentence with a number, or a document number, that its citations do not contain is
dropped, whoever wrote it (ADR 0035)."""

import re
from dataclasses import dataclass, field

from giamsat.qa.bm25 import syllables, terms
from giamsat.qa.retrieval import Found, passage_url

MIN_COVERAGE = 0.5  # the best passage holds at least half of the question's weight, or nothing is answered
MIN_SCORE = 2.0
MAX_SENTENCES = 3
MAX_SENTENCE_CHARS = 420
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
DOC_NUMBER = re.compile(r"\b\d+[A-Za-z0-9.]*\s?[-/]\s?[A-ZĐ][A-ZĐa-z0-9/.\-]*")
SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[-+•A-ZĐÀ-Ỹ0-9“\"(])")


@dataclass
class Citation:
    kind: str  # "document", "task", "figure"
    id: int
    label: str
    quote: str
    url: str = ""

    def as_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "label": self.label, "quote": self.quote, "url": self.url}


@dataclass
class Sentence:
    text: str
    citations: list[Citation]

    def as_dict(self) -> dict:
        return {"text": self.text, "citations": [c.as_dict() for c in self.citations]}


@dataclass
class Answer:
    question: str
    sentences: list[Sentence] = field(default_factory=list)
    passages: list[dict] = field(default_factory=list)
    source: str = ""  # "data", "documents", "model", "" (nothing found)

    @property
    def answered(self) -> bool:
        return bool(self.sentences)

    def as_dict(self) -> dict:
        return {"answer": [s.as_dict() for s in self.sentences], "passages": self.passages}


def _number_key(token: str) -> str:
    token = token.replace(",", ".")
    if "." not in token:
        return str(int(token))
    whole, _, rest = token.partition(".")
    return f"{int(whole)}.{rest}"


def numbers(text: str) -> set[str]:
    """The numbers written in a text, normalized: "06" is 6, "9,5" is 9.5 (and each of its parts)."""
    out = set()
    for token in NUMBER.findall(text or ""):
        out.add(_number_key(token))
        out.update(str(int(part)) for part in re.split(r"[.,]", token) if part)
    return out


def document_numbers(text: str) -> set[str]:
    return {re.sub(r"\s+", "", m).upper().rstrip(".") for m in DOC_NUMBER.findall(text or "")}


def unsupported(text: str, sources: list[str]) -> set[str]:
    """The numbers and document numbers of `text` that none of `sources` contains."""
    joined = " ".join(sources)
    have_numbers, have_docs = numbers(joined), document_numbers(joined)
    missing = {n for n in NUMBER.findall(text or "") if _number_key(n) not in have_numbers}
    missing |= {d for d in document_numbers(text) if d not in have_docs}
    return missing


def supported(sentence: Sentence) -> bool:
    return not unsupported(sentence.text, [f"{c.label} {c.quote}" for c in sentence.citations])


def citation_of(found: Found, quote: str, *, public: bool) -> Citation:
    p = found.passage
    return Citation(p.cites, p.id, p.label, quote, passage_url(p, public=public))


def passage_out(found: Found, *, public: bool) -> dict:
    p = found.passage
    return {"kind": p.cites, "source": p.kind, "id": p.id, "label": p.label, "text": p.text,
            "url": passage_url(p, public=public), "score": round(found.score, 3)}


def _sentences_of(text: str) -> list[str]:
    out = []
    for para in text.splitlines():
        out += [s.strip() for s in SENTENCE_END.split(para) if len(s.strip()) >= 15]
    return out


def _best_sentence(found: Found, query: list[str]) -> str:
    wanted = set(query)
    best, best_score = "", -1.0
    for sentence in _sentences_of(found.passage.text):
        got = set(terms(syllables(sentence))) & wanted
        score = sum(2.0 if "_" in t else 1.0 for t in got)
        if score > best_score:
            best, best_score = sentence, score
    if len(best) > MAX_SENTENCE_CHARS:
        best = best[:MAX_SENTENCE_CHARS].rsplit(" ", 1)[0] + " …"
    return best


def relevant(found: list[Found]) -> list[Found]:
    """The passages good enough to answer from: the best if it clears the thresholds, and those close to it."""
    if not found or found[0].coverage < MIN_COVERAGE or found[0].score < MIN_SCORE:
        return []
    top = found[0].score
    return [f for f in found if f.score >= 0.6 * top and f.coverage >= MIN_COVERAGE][:MAX_SENTENCES]


def extractive(question: str, query: list[str], found: list[Found], *, public: bool) -> list[Sentence]:
    sentences = []
    for f in relevant(found):
        text = f.passage.text if f.passage.kind == "task" else _best_sentence(f, query)
        if text and all(text != s.text for s in sentences):
            sentences.append(Sentence(text, [citation_of(f, text, public=public)]))
    return sentences
