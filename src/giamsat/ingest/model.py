"""Plain dataclasses produced by the extractor and their JSON contract.

``Extraction.to_dict()`` gives exactly the keys of "Contract of `giamsat extract`"
in DESIGN.md. Extra, Python-only fields (source snippets, line numbers, groups,
products) stay on the objects for the review page and are not serialised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .deadlines import Deadline


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass
class DocumentMeta:
    type: str | None = None
    number: str | None = None
    date: date | None = None
    issuer: str | None = None
    place: str | None = None
    title: str | None = None
    # provenance: field name -> (line number, source text)
    sources: dict[str, tuple[int | None, str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "number": self.number, "date": _iso(self.date), "issuer": self.issuer,
                "place": self.place, "title": self.title}


@dataclass
class Reference:
    number: str
    relation: str  # "based_on" | "replaces" | "mentions"
    type: str | None = None
    date: date | None = None
    issuer: str | None = None
    snippet: str = ""
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "relation": self.relation, "type": self.type, "date": _iso(self.date),
                "issuer": self.issuer}


@dataclass
class Task:
    no: str
    name: str
    lead: list[str]
    coordinators: list[str]
    deadline: Deadline
    source: str  # "appendix" | "body"
    group: str | None = None  # group header row / solution group the task sits under
    product: str | None = None
    section: str | None = None  # e.g. "V.7" for body tasks
    snippet: str = ""
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"no": self.no, "name": self.name, "lead": list(self.lead),
                "coordinators": list(self.coordinators), "deadline_text": self.deadline.text or None,
                "deadline": _iso(self.deadline.due), "recurring": self.deadline.recurring, "source": self.source}


@dataclass
class Target:
    text: str
    value: float
    value_max: float | None
    unit: str | None
    comparator: str  # ">" | ">=" | "=" | "<" | "<=" | "range"
    year: int | None
    line: int | None = None
    matched: str = ""  # the exact phrase, e.g. "đạt từ 37,6 % trở lên"

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "value": self.value, "value_max": self.value_max, "unit": self.unit,
                "comparator": self.comparator, "year": self.year}


@dataclass
class ReportingRule:
    text: str
    period: str  # "monthly" | "quarterly" | "6-month" | "annual" | "once"
    due_day: int | None = None
    due_month: int | None = None
    to: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "period": self.period, "due_day": self.due_day, "due_month": self.due_month,
                "to": self.to}


@dataclass
class Extraction:
    document: DocumentMeta
    references: list[Reference] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    reporting: list[ReportingRule] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    format: str = "txt"
    filename: str | None = None
    # words OCR read with low confidence (scans): the review marks them; not part of the JSON contract
    low_confidence: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: exactly these five keys."""
        return {
            "document": self.document.to_dict(),
            "references": [r.to_dict() for r in self.references],
            "tasks": [t.to_dict() for t in self.tasks],
            "targets": [t.to_dict() for t in self.targets],
            "reporting": [r.to_dict() for r in self.reporting],
        }
