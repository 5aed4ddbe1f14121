"""The task API's shapes (tasks/api.py)."""

import datetime as dt

from ninja import Schema
from pydantic import BaseModel


class TaskOrgRef(BaseModel):
    # A plain pydantic model, built from dicts: a list page carries thousands of these, and ninja's Schema
    # (made to read ORM objects) validates each one in Python.
    id: int
    name: str


class TransferredFrom(BaseModel):
    """A unit a reorganization took the task from (the "chuyển từ …" mark of the pages)."""

    id: int
    name: str
    reorganization_id: int
    effective_date: dt.date


class TaskOut(Schema):
    id: int
    document_id: int
    number: str
    name: str
    section: str
    solution_group: int | None
    leads: list[TaskOrgRef]
    coordinators: list[TaskOrgRef]
    deadline_text: str
    deadline_kind: str
    due_date: dt.date | None
    recurring: bool
    recurrence: str
    expected_product: str
    status: str
    status_label: str
    warning: bool
    current_due: dt.date | None
    alert: str  # none | yellow | red | special_red (tasks.alerts)
    transferred_from: list[TransferredFrom]  # [] unless a reorganization moved it (organizations.reorganize)
    lock_version: int


class UpdateIn(Schema):
    state: str
    percent: int | None = None
    narrative: str = ""
    difficulties: str = ""
    proposals: str = ""
    reported_on: dt.date | None = None
    corrects: int | None = None
    links: list[str] = []
    no_product_reason: str = ""


class UpdateOut(Schema):
    id: int
    task_id: int
    organization_id: int
    author: str | None
    reported_on: dt.date
    state: str
    percent: int | None
    narrative: str
    difficulties: str
    proposals: str
    is_lead: bool
    corrects_id: int | None
    no_product_reason: str
    created_at: dt.datetime
    evidence: list[dict]


class DecisionIn(Schema):
    kind: str = ""  # required, refused with a message when missing (an empty body is a 400, not a 422)
    without_evidence: bool = False
    decided_on: dt.date | None = None
    new_due_date: dt.date | None = None
    decision_document: int | None = None
    note: str = ""


class DecisionOut(Schema):
    id: int
    task_id: int
    kind: str
    decided_on: dt.date
    new_due_date: dt.date | None
    decision_document_id: int | None
    note: str
    without_evidence: bool
    decided_by: str | None


class TaskPatch(Schema):
    lock_version: int
    number: str | None = None
    name: str | None = None
    deadline_text: str | None = None
    expected_product: str | None = None
    solution_group: int | None = None
    section: str | None = None
    no_deadline: bool | None = None  # the explicit "Không có thời hạn" (with an empty deadline_text)
