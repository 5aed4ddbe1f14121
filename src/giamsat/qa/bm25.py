"""Okapi BM25 over accent-folded syllables and syllable pairs.

Vietnamese writes one syllable per space-separated token and most words have two syllables ("chủ trì",
"báo chí"): each passage is indexed by its folded syllables and by its pairs of adjacent syllables, so a
question's "bao chi" is found as the word, not as two syllables anywhere in the passage. Folding is the one
of the search (core.text.fold): "bao chi" and "báo chí" are the same tokens.
"""

import math
from collections import Counter, defaultdict

from giamsat.core.text import fold

K1, B = 1.5, 0.75
# Question words and particles: in every question, in no answer; left out of the query (and its pairs).
QUESTION_WORDS = frozenset(
    "nao gi ai dau sao bao nhieu the khong chua hay la co duoc nhung cac mot ve cho toi xin hoi a oi nhi".split()
)


# Spellings of one syllable (tỷ/tỉ, kỹ/kĩ, lý/lí, Mỹ/Mĩ) and of one acronym (GRDP is a province's GDP).
SAME = {"ty": "ti", "ky": "ki", "ly": "li", "my": "mi", "grdp": "gdp"}
# Phrases of a question that ask for a number: never in a passage ("80%" folds to "80").
ASKING = ("bao nhieu phan tram", "phan tram", "bao nhieu", "phai lam gi", "lam gi", "nhu the nao", "the nao",
          "o dau", "khi nao", "bao gio", "ngay nao", "gom nhung gi", "nhung gi", "la gi")


def syllables(text: str) -> list[str]:
    return [SAME.get(w, w) for w in fold(text).split()]


def terms(words: list[str]) -> list[str]:
    """Syllables and pairs of adjacent syllables ("bao", "chi", "bao_chi")."""
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]


def query_terms(question: str) -> list[str]:
    folded = f" {' '.join(syllables(question))} "
    for phrase in ASKING:
        folded = folded.replace(f" {phrase} ", " ")
    words = [w for w in folded.split() if w not in QUESTION_WORDS]
    return list(dict.fromkeys(terms(words)))


class BM25:
    """An inverted index of passages (lists of terms), built once per corpus version."""

    def __init__(self, documents: list[list[str]]):
        self.n = len(documents)
        self.lengths = [len(d) for d in documents]
        self.avg = (sum(self.lengths) / self.n) if self.n else 1.0
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.named: dict[str, set[int]] = {}  # document keys (qa.retrieval.document_keys)
        for i, doc in enumerate(documents):
            for term, tf in Counter(doc).items():
                self.postings[term].append((i, tf))
        # The length part of each passage's denominator, computed once.
        self.norms = [K1 * (1 - B + B * length / self.avg) for length in self.lengths]

    def idf(self, term: str) -> float:
        df = len(self.postings.get(term, ()))
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def scores(self, query: list[str], allowed=None) -> dict[int, float]:
        """Passage index → score, for the passages (among `allowed`, None: all) with a query term."""
        out: dict[int, float] = defaultdict(float)
        norms = self.norms
        for term in query:
            postings = self.postings.get(term)
            if not postings:
                continue
            weight = self.idf(term) * (K1 + 1)
            if allowed is None:
                for i, tf in postings:
                    out[i] += weight * tf / (tf + norms[i])
            else:
                for i, tf in postings:
                    if i in allowed:
                        out[i] += weight * tf / (tf + norms[i])
        return out

    def coverage(self, query: list[str], doc_terms: set[str]) -> float:
        """The share of the query's weight (idf of its syllables) that a passage contains: 0 to 1."""
        words = [t for t in query if "_" not in t]
        total = sum(self.idf(t) for t in words)
        return sum(self.idf(t) for t in words if t in doc_terms) / total if total else 0.0
