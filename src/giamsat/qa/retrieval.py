"""The passages answers are made of, and finding the ones a question is about, within what the asker may see.

Passages: each imported document's full text cut into its parts (qa.sections), each task (name, lead,
coordinators, deadline), each indicator's target (the sentence of the document that sets it) and each
reporting rule (the sentence that sets it). The corpus and its BM25 index are built once per data version
(counts and last changes of the tables they come from) and kept in the process; each question only
filters them by the ids the asker may see (`visible_to`, ADR 0018) and scores.
"""

import heapq
import threading
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Sum
from django.urls import reverse

from giamsat.accounts.access import sees_all
from giamsat.documents.models import Document
from giamsat.indicators.models import Indicator, IndicatorTarget
from giamsat.indicators.parsing import format_number
from giamsat.qa.bm25 import BM25, query_terms, syllables, terms
from giamsat.qa.sections import split_sections
from giamsat.reporting.models import ReportingRule
from giamsat.tasks.models import Task, TaskAssignment

TOP = 5
BOOST_NAMED = 1.5  # a question that names a document ("Kế hoạch 2653") prefers that document's passages


@dataclass
class Passage:
    kind: str  # "section", "task", "target", "rule"
    id: int  # the document's id (section, target, rule) or the task's
    label: str  # "2653/KH-UBND, mục III.2"
    text: str
    document_id: int | None = None
    task_id: int | None = None
    indicator_id: int | None = None
    rule_id: int | None = None
    anchor: str = ""
    index_text: str = field(default="", repr=False)  # what it is found by, when more than its text
    terms: set = field(default_factory=set, repr=False)

    @property
    def cites(self) -> str:
        """The citation kind of the API: what the passage is taken from."""
        return "task" if self.kind == "task" else "document"


@dataclass
class Found:
    passage: Passage
    score: float
    coverage: float


def document_name(doc) -> str:
    """How a passage names its document: its number, else its type and date ("Công văn ngày 25/06/2025"), else
    its type and issuer ("Kế hoạch của Văn phòng UBND tỉnh")."""
    if doc.number or doc.date or not doc.issuer_name:
        return doc.number or doc.label
    return f"{doc.doc_type} của {doc.issuer_name}"


def _document_passages(docs) -> list[Passage]:
    out = []
    for doc in docs:
        name = document_name(doc)
        out.append(Passage("section", doc.pk, f"{name}, trích yếu", f"{doc.label}: {doc.title}",
                           document_id=doc.pk, anchor="muc-dau"))
        for sec in split_sections(doc.full_text):
            label = f"{name}, {'mục ' + sec.path if sec.path and sec.path[0] in 'IVX0123456789' else sec.path}"
            text = sec.text
            out.append(Passage("section", doc.pk, label if sec.path else f"{name}, phần mở đầu", text,
                               document_id=doc.pk, anchor=sec.anchor))
            out[-1].index_text = f"{sec.title} {text}"
    return out


def _task_passages() -> list[Passage]:
    names: dict[int, dict[str, list[str]]] = {}
    for task_id, role, org in TaskAssignment.objects.order_by("task_id", "role", "id").values_list(
            "task_id", "role", "organization__name"):
        names.setdefault(task_id, {"lead": [], "coordinator": []})[role].append(org)
    out = []
    rows = Task.objects.select_related("document").only(
        "id", "number", "name", "lead_text", "coordinator_text", "deadline_text", "due_date", "expected_product",
        "document__number", "document__doc_type", "document__date", "document__issuer_name")
    for t in rows.order_by("document_id", "position", "id"):
        orgs = names.get(t.pk, {"lead": [], "coordinator": []})
        lead = ", ".join(orgs["lead"]) or t.lead_text
        parts = [f"Nhiệm vụ {t.number}: {t.name}." if t.number else f"Nhiệm vụ: {t.name}."]
        if lead:
            parts.append(f"Cơ quan chủ trì: {lead}.")
        if coordinators := (", ".join(orgs["coordinator"][:8]) or t.coordinator_text):
            parts.append(f"Cơ quan phối hợp: {coordinators}.")
        if t.deadline_text or t.due_date:
            due = f" (hạn {t.due_date:%d/%m/%Y})" if t.due_date else ""
            parts.append(f"Thời hạn: {t.deadline_text or ''}{due}.".replace(": (", ": ("))
        if t.expected_product:
            parts.append(f"Sản phẩm: {t.expected_product}.")
        label = f"{document_name(t.document)}, nhiệm vụ {t.number}" if t.number else document_name(t.document)
        out.append(Passage("task", t.pk, label, " ".join(parts), document_id=t.document_id, task_id=t.pk))
    return out


def _target_passages() -> list[Passage]:
    out = []
    targets = IndicatorTarget.objects.select_related("indicator__document").order_by("indicator__code", "year")
    for tg in targets:
        ind = tg.indicator
        doc = ind.document
        sentence = tg.source_text or ind.source_text
        unit = f" {ind.unit}" if ind.unit else ""
        text = f"Chỉ tiêu {ind.name}: mục tiêu năm {tg.year} là {format_number(tg.value, 4)}{unit}."
        if sentence:
            text += f" Văn bản ghi: “{sentence}”"
        label = f"{document_name(doc)}, chỉ tiêu {ind.code}" if doc else f"Chỉ tiêu {ind.code}"
        out.append(Passage("target", doc.pk if doc else ind.pk, label, text, document_id=doc.pk if doc else None,
                           indicator_id=ind.pk))
    return out


def _rule_passages() -> list[Passage]:
    out = []
    for rule in ReportingRule.objects.select_related("document").order_by("document_id", "id"):
        doc = rule.document
        text = (f"Chế độ báo cáo {rule.get_frequency_display().lower()}"
                + (f" gửi {rule.recipient_text}" if rule.recipient_text else "") + f": {rule.source_text}")
        out.append(Passage("rule", doc.pk, f"{document_name(doc)}, chế độ báo cáo", text, document_id=doc.pk,
                           rule_id=rule.pk))
    return out


def document_keys() -> dict[str, set[int]]:
    """How a question names a document: its folded number ("2653 kh ubnd", "63 ctr tu") or the number's
    first figure when it has three digits or more ("2653")."""
    keys: dict[str, set[int]] = {}
    for pk, number in Document.objects.exclude(number="").values_list("pk", "number"):
        folded = " ".join(syllables(number))
        first = folded.split()[0] if folded else ""
        for key in {folded, first if first.isdigit() and len(first) >= 3 else ""} - {""}:
            keys.setdefault(key, set()).add(pk)
    return keys


def build_corpus() -> tuple[list[Passage], BM25]:
    passages = [*_document_passages(Document.objects.exclude(full_text="").order_by("pk")),
                *_document_passages(Document.objects.filter(full_text="").order_by("pk")),
                *_task_passages(), *_target_passages(), *_rule_passages()]
    indexed = [terms(syllables(p.index_text or p.text)) for p in passages]
    for p, found_by in zip(passages, indexed, strict=True):
        p.terms = set(found_by)
    index = BM25(indexed)
    index.named = document_keys()
    return passages, index


def data_version() -> tuple:
    """Changes whenever a passage could: counts and last ids or changes of the tables passages come from (a
    task's edit is an UPDATE that moves its lock_version, not its updated_at: tasks.services.task_update).
    Statuses and series, stored copies refreshed in bulk, move none of them: they are not in passages."""
    stamps = {Document: [Max("updated_at")], Task: [Max("updated_at"), Sum("lock_version")],
              Indicator: [Max("updated_at")], IndicatorTarget: [], ReportingRule: [Max("updated_at")],
              TaskAssignment: []}
    out = []
    for model, extra in stamps.items():
        row = model.objects.order_by().aggregate(Count("pk"), Max("pk"), *extra)
        out.append(tuple(row[k] for k in sorted(row)))
    return tuple(out)


_cache: dict = {}
_lock = threading.Lock()


def corpus() -> tuple[list[Passage], BM25]:
    version = data_version()
    with _lock:
        if _cache.get("version") != version:
            _cache["version"], _cache["value"] = version, build_corpus()
        return _cache["value"]


@dataclass
class Scope:
    """The ids the asker may see; None: every one of the kind."""

    documents: set | None
    tasks: set | None
    indicators: set | None
    public: bool
    _corpus: tuple | None = field(default=None, repr=False)
    _scores: dict = field(default_factory=dict, repr=False)  # question → (query, scores): one scoring each

    @property
    def everything(self) -> bool:
        return self.documents is None and self.tasks is None and self.indicators is None

    def corpus(self) -> tuple[list[Passage], BM25]:
        """The corpus, looked up once per question (its version is one query)."""
        if self._corpus is None:
            self._corpus = corpus()
        return self._corpus

    def allows(self, p: Passage) -> bool:
        if p.kind == "task":
            return self.tasks is None or p.task_id in self.tasks
        if p.kind == "target":
            return self.indicators is None or p.indicator_id in self.indicators
        return self.documents is None or p.document_id in self.documents


def scope_of(user, *, public: bool) -> Scope:
    """What the asker sees, through the models' `visible_to` (the public: what an anonymous visitor sees)."""
    who = AnonymousUser() if public else user
    if not public and sees_all(who):
        return Scope(None, None, None, public=False)

    def ids(model):
        return set(model.objects.visible_to(who).values_list("pk", flat=True))

    return Scope(ids(Document), set() if public else ids(Task), ids(Indicator), public=public)


def passage_url(p: Passage, *, public: bool) -> str:
    if p.kind == "task" and not public:
        return reverse("web:task", args=[p.task_id])
    if p.kind == "target" and p.indicator_id and not p.document_id:
        return reverse("indicators:detail", args=[p.indicator_id])
    if p.document_id is None:
        return ""
    name = "qa:public_text" if public else "qa:text"
    return reverse(name, args=[p.document_id]) + (f"#{p.anchor}" if p.anchor else "")


def retrieve(question: str, scope: Scope, *, top: int = TOP, kinds=None) -> tuple[list[str], list[Found]]:
    """The query's terms and the `top` visible passages (of `kinds`, None: all) by BM25 score, best first.
    The visible passages are scored once per question; asking again for other kinds only selects."""
    passages, index = scope.corpus()
    if question not in scope._scores:
        query = query_terms(question)
        allowed = None if scope.everything else {i for i, p in enumerate(passages) if scope.allows(p)}
        scores = index.scores(query, allowed)
        padded = f" {' '.join(syllables(question))} "
        named = set().union(*(ids for key, ids in index.named.items() if f" {key} " in padded))
        if named:
            for i in scores:
                if passages[i].document_id in named:
                    scores[i] *= BOOST_NAMED
        scope._scores[question] = (query, scores)
    query, scores = scope._scores[question]
    ranked = ((s, i) for i, s in scores.items() if not kinds or passages[i].kind in kinds)
    best = heapq.nlargest(top, ranked, key=lambda si: (si[0], -si[1]))
    return query, [Found(passages[i], s, index.coverage(query, passages[i].terms)) for s, i in best]
