"""The evaluation API's shapes."""

import datetime as dt

from ninja import Schema


class EvaluationItemOut(Schema):
    kind: str  # task | report | period | indicator | adjustment | none
    id: int | None
    effect: float  # points gained (negative: taken); the items of a criterion add up to its points
    lost: float = 0.0  # points of the criterion this item did not earn
    note: str = ""


class EvaluationCriterionOut(Schema):
    code: str
    name: str
    group: str
    kind: str  # score | bonus | penalty | adjustment
    points: float
    max_points: float
    items: list[EvaluationItemOut]


class EvaluationOrganizationOut(Schema):
    id: int
    code: str
    name: str


class EvaluationResultOut(Schema):
    organization: EvaluationOrganizationOut
    score: float
    band: str
    rank: int
    head_name: str
    criteria: list[EvaluationCriterionOut]


class EvaluationOut(Schema):
    id: int
    period: str
    period_label: str
    level: str
    version: int
    state: str
    as_of: dt.date
    published_at: dt.datetime | None
    objection_deadline: dt.date | None
    criteria_set: str


class EvaluationDetailOut(EvaluationOut):
    results: list[EvaluationResultOut]
