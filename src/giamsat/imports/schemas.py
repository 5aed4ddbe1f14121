"""The shape of an import proposal (`ImportJob.proposal`, built by `proposal.build_proposal`).

A reviewer may send back an edited copy through the API (`POST /api/v1/imports/{id}/commit`); it is
validated against this shape before `import_commit` reads it, so a malformed one (`{"tasks": "x"}`,
`{"tasks": [1]}`, `{"document": []}`) is refused with 422 and the job stays in review. Keys beyond those
named here (source lines, snippets, match scores) are kept as sent.
"""

from pydantic import BaseModel, ConfigDict, Field


class _Part(BaseModel):
    model_config = ConfigDict(extra="allow")


class DocumentProposal(_Part):
    type: str | None = None
    number: str | None = None
    date: str | None = Field(None, description="YYYY-MM-DD")
    issuer: str | None = None
    issuer_id: int | None = None
    place: str | None = None
    title: str | None = None
    is_published: bool = False


class ReferenceProposal(_Part):
    include: bool = True
    number: str | None = None
    relation: str | None = None
    type: str | None = None
    date: str | None = Field(None, description="YYYY-MM-DD")
    issuer: str | None = None
    title: str | None = None
    target_id: int | None = None


class TaskProposal(_Part):
    include: bool = True
    no: str | None = None
    name: str | None = None
    lead: list[str] = []
    coordinators: list[str] = []
    deadline_text: str | None = None
    product: str | None = None
    group: str | None = None
    section: str | None = None
    source: str | None = None
    snippet: str | None = None
    solution_group: int | None = None


class TargetProposal(_Part):
    include: bool = True
    text: str | None = None
    value: float | None = Field(None, allow_inf_nan=False)
    value_max: float | None = Field(None, allow_inf_nan=False)
    unit: str | None = None
    comparator: str | None = None
    year: int | None = None
    matched: str | None = None


class RuleProposal(_Part):
    include: bool = True
    text: str | None = None
    period: str | None = None
    due_day: int | None = None
    due_month: int | None = None
    to: str | None = None


class AgencyChoice(_Part):
    kind: str | None = Field(None, description='"organization", "group", "new" hoặc null')
    id: int | None = None
    name: str | None = None
    level: str | None = None


class Proposal(_Part):
    document: DocumentProposal = DocumentProposal()
    references: list[ReferenceProposal] = []
    tasks: list[TaskProposal] = []
    targets: list[TargetProposal] = []
    reporting: list[RuleProposal] = []
    agencies: dict[str, AgencyChoice] = {}

    def as_dict(self) -> dict:
        """What was sent, validated: keys left out stay out, so `import_commit` applies its own defaults."""
        return self.model_dump(exclude_unset=True)
